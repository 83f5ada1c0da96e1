import { type DirectoryGroup, groupSearchText } from '@cloudpc/api-client';
import { platformConfig } from '../config/env.ts';
import { AppError } from '../errors/app-error.ts';
import { createGraphClient, type GraphClient } from '../identity/graph-client.ts';

/**
 * Group lookups for the admin center's assignment pickers. The portal server asks Graph
 * app-only, as the service's own registration (the worker's credentials: the app that
 * already holds GroupMember.Read.All for directory sync), with a token for the caller's
 * tenant, so an admin only ever sees their own tenant's groups. Why app-only and not
 * on-behalf-of: docs/adr/0007-admin-read-models.md.
 */
interface GraphGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
}

const clients = new Map<string, GraphClient>();

/** One Graph client per tenant and process; msal-node caches each tenant's token. */
function graphFor(tenantId: string): GraphClient {
  let client = clients.get(tenantId);
  if (!client) {
    const { identity } = platformConfig();
    client = createGraphClient({
      authorityHost: identity.authorityHost,
      tenantId,
      clientId: identity.workerClientId,
      clientSecret: identity.workerClientSecret,
      graphBaseUrl: identity.graphBaseUrl,
      isLocal: identity.isLocal,
    });
    clients.set(tenantId, client);
  }
  return client;
}

/**
 * Graph's own answers arrive as AppErrors (identity/graph-client.ts maps them); anything
 * else is the directory not answering at all (network, DNS, the identity provider down),
 * which is the service being unavailable for a moment, not a bug: 503 with Retry-After.
 */
async function askGraph<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('ServiceUnavailable', 'The directory could not be reached. Try again shortly.', {
      retryAfter: 5,
      cause: error,
    });
  }
}

function toGroup(group: GraphGroup): DirectoryGroup {
  return {
    '@odata.type': '#microsoft.graph.group',
    id: group.id,
    displayName: group.displayName ?? group.id,
    description: group.description ?? null,
  };
}

const SELECT = '$select=id,displayName,description';

/**
 * Groups whose display name starts with the words of `search` (Graph's `$search` is a
 * tokenised prefix match), at most `top`; without words, the first `top` groups.
 */
export async function searchDirectoryGroups(options: {
  tenantId: string;
  search?: string | undefined;
  top: number;
}): Promise<{ items: DirectoryGroup[] }> {
  const text = groupSearchText(options.search);
  const top = Math.max(1, Math.min(25, Math.floor(options.top)));
  const path = text
    ? `/groups?$search=${encodeURIComponent(`"displayName:${text}"`)}&${SELECT}&$top=${top}`
    : `/groups?${SELECT}&$top=${top}`;
  // Graph only answers $search with eventual consistency, and says so with a 400 otherwise.
  const page = await askGraph(() =>
    graphFor(options.tenantId).request<{ value?: GraphGroup[] }>(path, {
      headers: { consistencylevel: 'eventual' },
    }),
  );
  return { items: (page.value ?? []).slice(0, top).map(toGroup) };
}

/** One group of the caller's tenant; another tenant's group is not found, as in Graph. */
export async function getDirectoryGroup(options: { tenantId: string; id: string }): Promise<DirectoryGroup> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.id)) {
    throw new AppError('NotFound', `Group ${options.id} was not found.`);
  }
  const group = await askGraph(() =>
    graphFor(options.tenantId).request<GraphGroup>(`/groups/${encodeURIComponent(options.id)}?${SELECT}`),
  );
  return toGroup(group);
}
