import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seeded directory (copied into local-cloud), read for test identities. */
const seedPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../local-cloud/seed/directory.json');

interface SeedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  appRoles: string[];
}
interface SeedTenant {
  tenantId: string;
  displayName: string;
  users: SeedUser[];
  groups: { id: string; displayName: string; members: string[] }[];
}
interface Seed {
  devPassword: string;
  apps: Record<string, { clientId: string; clientSecret?: string }>;
  tenants: SeedTenant[];
}

export const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as Seed;

function tenant(name: string): SeedTenant {
  const found = seed.tenants.find((candidate) => candidate.displayName === name);
  if (!found) throw new Error(`no tenant ${name} in seed`);
  return found;
}

export const contoso = tenant('Contoso');
export const fabrikam = tenant('Fabrikam');

export function user(upn: string): SeedUser & { tenantId: string } {
  for (const candidate of seed.tenants) {
    const found = candidate.users.find((entry) => entry.userPrincipalName === upn);
    if (found) return { ...found, tenantId: candidate.tenantId };
  }
  throw new Error(`no user ${upn} in seed`);
}

export function groupId(tenantName: string, displayName: string): string {
  const found = tenant(tenantName).groups.find((group) => group.displayName === displayName);
  if (!found) throw new Error(`no group ${displayName}`);
  return found.id;
}

export function app(name: string): { clientId: string; clientSecret?: string } {
  const found = seed.apps[name];
  if (!found) throw new Error(`no app ${name}`);
  return found;
}
