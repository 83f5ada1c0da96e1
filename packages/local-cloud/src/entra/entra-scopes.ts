import { type EntraError, entraErrors } from './entra-errors.ts';
import type { SeedDirectory } from './seed-directory.ts';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Delegated Graph scopes a user token can carry (local Entra grants them without consent). */
const GRAPH_DELEGATED_SCOPES = ['User.Read', 'User.ReadBasic.All', 'GroupMember.Read.All'];
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** A protected resource, as oidc-provider's resource indicators see it. */
export interface ResourceDef {
  /** Canonical resource indicator, e.g. `api://cloudpc-api`. */
  identifier: string;
  /** Every prefix Entra accepts for it in a scope string (app ID URI, client id). */
  aliases: string[];
  /** `aud` of its tokens: the API's client id, or Graph's resource URI. */
  audience: string;
  delegatedScopes: string[];
  /** Scopes in responses are written back with this prefix (Graph's are bare). */
  responsePrefix: string;
}

export function resourceDefs(seed: SeedDirectory): ResourceDef[] {
  return [
    {
      identifier: seed.api.identifierUri,
      aliases: [seed.api.identifierUri, seed.api.clientId, `api://${seed.api.clientId}`],
      audience: seed.api.clientId,
      delegatedScopes: seed.api.delegatedScopes,
      responsePrefix: `${seed.api.identifierUri}/`,
    },
    {
      identifier: GRAPH_RESOURCE,
      aliases: [GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID],
      audience: GRAPH_RESOURCE,
      delegatedScopes: GRAPH_DELEGATED_SCOPES,
      responsePrefix: '',
    },
  ];
}

export interface TranslatedScope {
  /** OIDC scopes, without offline_access (refresh tokens do not depend on it here). */
  oidc: string[];
  resource: ResourceDef;
  /** Scope names on the resource, unprefixed (e.g. `CloudPC.ReadWrite`). */
  resourceScopes: string[];
  /** True when the caller asked for `<resource>/.default`. */
  isDefault: boolean;
  wantsRefreshToken: boolean;
}

function splitResourceScope(
  token: string,
  resources: ResourceDef[],
): { resource: ResourceDef; name: string } | { unknownResource: string } | undefined {
  const slash = token.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const prefix = token.slice(0, slash);
  const name = token.slice(slash + 1);
  const resource = resources.find((r) => r.aliases.some((a) => a.replace(/\/$/, '') === prefix));
  return resource ? { resource, name } : { unknownResource: prefix };
}

/**
 * Entra carries the resource inside the scope (`api://cloudpc-api/CloudPC.ReadWrite`);
 * oidc-provider wants RFC 8707 `resource` plus plain scope names. This translates one
 * into the other, failing the way Entra fails. Only OIDC scopes means a Graph token
 * for User.Read, as with Entra.
 */
export function translateScope(
  scopeParam: string | undefined,
  resources: ResourceDef[],
  tenantName: string,
): TranslatedScope | { error: EntraError } {
  const tokens = (scopeParam ?? '').split(/\s+/).filter(Boolean);
  const oidc: string[] = [];
  const names: string[] = [];
  let resource: ResourceDef | undefined;
  let isDefault = false;
  let wantsRefreshToken = false;
  const graph = resources.find((r) => r.identifier === GRAPH_RESOURCE);
  for (const token of tokens) {
    if (OIDC_SCOPES.has(token)) {
      if (token === 'offline_access') wantsRefreshToken = true;
      else oidc.push(token);
      continue;
    }
    const split = splitResourceScope(token, resources);
    if (split && 'unknownResource' in split) {
      return { error: entraErrors.unknownResource(split.unknownResource, tenantName) };
    }
    const target = split ? split.resource : graph;
    const name = split ? split.name : token;
    if (!target) return { error: entraErrors.invalidScope(token) };
    if (resource && resource !== target) return { error: entraErrors.multipleResources(scopeParam ?? '') };
    resource = target;
    if (name === '.default') {
      isDefault = true;
    } else if (!target.delegatedScopes.includes(name)) {
      return { error: entraErrors.invalidScope(token) };
    } else {
      names.push(name);
    }
  }
  if (!resource) {
    if (!graph) return { error: entraErrors.invalidScope(scopeParam ?? '') };
    resource = graph;
    names.push('User.Read');
  }
  const resourceScopes = isDefault
    ? [...new Set([...names, ...resource.delegatedScopes])]
    : [...new Set(names)];
  return { oidc, resource, resourceScopes, isDefault, wantsRefreshToken };
}

/** Writes granted scope names back the way Entra returns them. */
export function formatResponseScope(resource: ResourceDef, granted: string[]): string {
  return granted.map((s) => `${resource.responsePrefix}${s}`).join(' ');
}

export function findResource(resources: ResourceDef[], identifier: string): ResourceDef | undefined {
  return resources.find((r) => r.identifier === identifier || r.aliases.includes(identifier));
}
