import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** RFC 4122 URL namespace, the one the seed's generated ids are derived in. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** RFC 4122 version 5 (SHA-1, name based) UUID. */
export function uuidV5(name: string, namespace: string = URL_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface SeedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  appRoles: string[];
}

export interface SeedGroup {
  id: string;
  displayName: string;
  /** User ids (the seed file names members by UPN; they are resolved on load). */
  memberIds: string[];
}

export interface SeedTenant {
  tenantId: string;
  displayName: string;
  domain: string;
  users: SeedUser[];
  groups: SeedGroup[];
}

export type AppKind = 'api' | 'spa' | 'confidential';

export interface SeedApp {
  /** The key in the seed's `apps` object, e.g. `adminPortal`. */
  name: string;
  clientId: string;
  kind: AppKind;
  clientSecret?: string;
  redirectUris: string[];
  /** App roles this app holds on the CloudPC API when it calls app-only. */
  apiApplicationRoles: string[];
  /** Graph application permissions (roles on Graph tokens). */
  graphApplicationPermissions: string[];
}

export interface SeedApi {
  clientId: string;
  identifierUri: string;
  delegatedScopes: string[];
  appRoles: string[];
}

export interface SeedDirectory {
  devPassword: string;
  api: SeedApi;
  apps: SeedApp[];
  tenants: SeedTenant[];
}

interface RawSeed {
  devPassword: string;
  apps: Record<
    string,
    {
      clientId: string;
      type?: string;
      identifierUri?: string;
      delegatedScopes?: string[];
      appRoles?: Record<string, string>;
      redirectUris?: string[];
      clientSecret?: string;
      apiApplicationRoles?: string[];
      graphApplicationPermissions?: string[];
    }
  >;
  tenants: {
    tenantId: string;
    displayName: string;
    domain: string;
    users: SeedUser[];
    generated?: {
      count: number;
      userPrincipalNamePattern: string;
      displayNamePattern: string;
      memberOf?: string[];
    };
    groups: { id: string; displayName: string; members: string[] }[];
  }[];
}

/**
 * The seed has no secret for the API app, but on-behalf-of needs the API to be a
 * confidential client. This local-only secret exists only in the local Entra.
 */
export const LOCAL_API_CLIENT_SECRET = 'api-dev-secret';

export const DEFAULT_SEED_PATH = fileURLToPath(new URL('../../seed/directory.json', import.meta.url));

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

export function parseSeed(raw: RawSeed): SeedDirectory {
  const apiRaw = raw.apps.api;
  if (!apiRaw?.identifierUri) throw new Error('seed: apps.api with identifierUri is required');
  const api: SeedApi = {
    clientId: apiRaw.clientId,
    identifierUri: apiRaw.identifierUri,
    delegatedScopes: apiRaw.delegatedScopes ?? [],
    appRoles: Object.keys(apiRaw.appRoles ?? {}),
  };
  const apps: SeedApp[] = Object.entries(raw.apps).map(([name, app]) => {
    const kind: AppKind = name === 'api' ? 'api' : app.type === 'spa' ? 'spa' : 'confidential';
    const clientSecret = kind === 'api' ? LOCAL_API_CLIENT_SECRET : app.clientSecret;
    return {
      name,
      clientId: app.clientId,
      kind,
      ...(clientSecret ? { clientSecret } : {}),
      redirectUris: app.redirectUris ?? [],
      apiApplicationRoles: app.apiApplicationRoles ?? [],
      graphApplicationPermissions: app.graphApplicationPermissions ?? [],
    };
  });

  const tenants: SeedTenant[] = raw.tenants.map((t) => {
    const users = [...t.users];
    const generatedGroupNames = t.generated?.memberOf ?? [];
    const generatedIds: string[] = [];
    if (t.generated) {
      const tenantLabel = t.domain.split('.')[0] ?? t.displayName.toLowerCase();
      for (let i = 1; i <= t.generated.count; i++) {
        const nnn = pad3(i);
        const id = uuidV5(`cloudpc-seed/${tenantLabel}/user${nnn}`);
        generatedIds.push(id);
        users.push({
          id,
          userPrincipalName: t.generated.userPrincipalNamePattern.replace('{NNN}', nnn),
          displayName: t.generated.displayNamePattern.replace('{NNN}', nnn),
          appRoles: [],
        });
      }
    }
    const byUpn = new Map(users.map((u) => [u.userPrincipalName.toLowerCase(), u.id]));
    const groups: SeedGroup[] = t.groups.map((g) => {
      const memberIds = g.members.map((upn) => {
        const id = byUpn.get(upn.toLowerCase());
        if (!id) throw new Error(`seed: group ${g.displayName} names unknown member ${upn}`);
        return id;
      });
      if (generatedGroupNames.includes(g.displayName)) memberIds.push(...generatedIds);
      return { id: g.id, displayName: g.displayName, memberIds };
    });
    return { tenantId: t.tenantId, displayName: t.displayName, domain: t.domain, users, groups };
  });

  return { devPassword: raw.devPassword, api, apps, tenants };
}

export function loadSeed(path: string = DEFAULT_SEED_PATH): SeedDirectory {
  return parseSeed(JSON.parse(readFileSync(path, 'utf8')) as RawSeed);
}
