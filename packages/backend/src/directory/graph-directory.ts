/**
 * The slice of Microsoft Graph directory sync reads, for one tenant, with an
 * app-only token it is handed (identity/ acquires tokens; this module only carries
 * them). Works against graph.microsoft.com and the local Entra's Graph subset alike.
 */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
}

export interface GroupMemberChange {
  groupId: string;
  userId: string;
  change: 'added' | 'removed';
}

export interface DeltaRound {
  changes: GroupMemberChange[];
  /** Groups that appeared in the round (on a full round: every group with its members). */
  groupsSeen: string[];
  deltaLink: string;
}

export interface GraphDirectory {
  listGroupMembers(groupId: string): Promise<GraphUser[]>;
  /** From `deltaLink`, or a full round when null. Throws DeltaExpired when Graph asks for a resync (410). */
  groupsDelta(deltaLink: string | null): Promise<DeltaRound>;
  getUsers(ids: readonly string[]): Promise<GraphUser[]>;
}

/** Graph answered with an error; `status` and `code` are Graph's, for matching. */
export class GraphRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(`Graph ${status} ${code}: ${message}`);
    this.name = 'GraphRequestError';
    this.status = status;
    this.code = code;
  }
}

export function isDeltaExpired(error: unknown): boolean {
  return error instanceof GraphRequestError && error.status === 410;
}

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

interface DeltaGroup {
  id: string;
  'members@delta'?: { id: string; '@odata.type'?: string; '@removed'?: unknown }[];
  '@removed'?: unknown;
}

/** Graph allows 15 `or` clauses in one `$filter`. */
const FILTER_CHUNK = 15;

export function createGraphDirectory(options: {
  /** e.g. https://graph.microsoft.com/v1.0 or http://localhost:3900/graph/v1.0 */
  baseUrl: string;
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
  pageSize?: number;
}): GraphDirectory {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const pageSize = options.pageSize ?? 999;

  async function get<T>(pathOrUrl: string): Promise<T> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl}`;
    // Follow-up links must stay on Graph: the bearer token never goes anywhere else.
    if (!url.startsWith(`${base}/`)) throw new Error(`refusing to follow a Graph link to ${url}`);
    const response = await doFetch(url, {
      headers: {
        authorization: `Bearer ${await options.getToken()}`,
        accept: 'application/json',
        prefer: `odata.maxpagesize=${pageSize}`,
      },
    });
    const text = await response.text();
    if (!response.ok) {
      let code = 'Unknown';
      let message = text.slice(0, 200);
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        // Not JSON; keep the text.
      }
      throw new GraphRequestError(response.status, code, message);
    }
    return JSON.parse(text) as T;
  }

  async function* pages<T>(first: string): AsyncGenerator<Page<T>> {
    let next: string | undefined = first;
    while (next) {
      const page: Page<T> = await get<Page<T>>(next);
      yield page;
      next = page['@odata.nextLink'];
    }
  }

  return {
    async listGroupMembers(groupId) {
      const users: GraphUser[] = [];
      for await (const page of pages<{ id: string; userPrincipalName?: string; '@odata.type'?: string }>(
        `/groups/${encodeURIComponent(groupId)}/members?$select=id,userPrincipalName&$top=${pageSize}`,
      )) {
        for (const member of page.value ?? []) {
          if (member['@odata.type'] && member['@odata.type'] !== '#microsoft.graph.user') continue;
          if (member.userPrincipalName)
            users.push({ id: member.id, userPrincipalName: member.userPrincipalName });
        }
      }
      return users;
    },

    async groupsDelta(deltaLink) {
      const changes: GroupMemberChange[] = [];
      const groupsSeen = new Set<string>();
      let link: string | undefined;
      for await (const page of pages<DeltaGroup>(deltaLink ?? '/groups/delta?$select=displayName,members')) {
        for (const group of page.value ?? []) {
          groupsSeen.add(group.id);
          for (const member of group['members@delta'] ?? []) {
            if (member['@odata.type'] && member['@odata.type'] !== '#microsoft.graph.user') continue;
            changes.push({
              groupId: group.id,
              userId: member.id,
              change: member['@removed'] ? 'removed' : 'added',
            });
          }
        }
        link = page['@odata.deltaLink'] ?? link;
      }
      if (!link)
        throw new GraphRequestError(502, 'NoDeltaLink', 'The delta round ended without a deltaLink.');
      return { changes, groupsSeen: [...groupsSeen], deltaLink: link };
    },

    async getUsers(ids) {
      const users: GraphUser[] = [];
      for (let start = 0; start < ids.length; start += FILTER_CHUNK) {
        const chunk = ids.slice(start, start + FILTER_CHUNK);
        const filter = chunk.map((id) => `id eq '${id.replaceAll("'", "''")}'`).join(' or ');
        for await (const page of pages<{ id: string; userPrincipalName: string }>(
          `/users?$select=id,userPrincipalName&$filter=${encodeURIComponent(filter)}`,
        )) {
          for (const user of page.value ?? [])
            users.push({ id: user.id, userPrincipalName: user.userPrincipalName });
        }
      }
      return users;
    },
  };
}
