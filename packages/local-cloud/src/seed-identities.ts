import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The part of seed/directory.json the stack needs: who can sign in, and the app ids. */
export interface SeedSummary {
  devPassword: string;
  tenants: {
    tenantId: string;
    displayName: string;
    users: { userPrincipalName: string; displayName: string; appRoles: string[] }[];
    generated?: { count: number; userPrincipalNamePattern: string };
  }[];
  clientIds: { api: string; adminPortal: string; userPortal: string; worker: string };
  workerClientSecret: string;
}

interface SeedFile {
  devPassword: string;
  apps: Record<string, { clientId: string; clientSecret?: string }>;
  tenants: SeedSummary['tenants'];
}

export const SEED_PATH = fileURLToPath(new URL('../seed/directory.json', import.meta.url));

export function readSeedSummary(path: string = SEED_PATH): SeedSummary {
  const seed = JSON.parse(readFileSync(path, 'utf8')) as SeedFile;
  const app = (name: string) => {
    const found = seed.apps[name];
    if (!found) throw new Error(`seed ${path} has no app "${name}"`);
    return found;
  };
  return {
    devPassword: seed.devPassword,
    tenants: seed.tenants.map((t) => ({
      tenantId: t.tenantId,
      displayName: t.displayName,
      users: t.users.map(({ userPrincipalName, displayName, appRoles }) => ({
        userPrincipalName,
        displayName,
        appRoles,
      })),
      ...(t.generated ? { generated: t.generated } : {}),
    })),
    clientIds: {
      api: app('api').clientId,
      adminPortal: app('adminPortal').clientId,
      userPortal: app('userPortal').clientId,
      worker: app('worker').clientId,
    },
    workerClientSecret: app('worker').clientSecret ?? '',
  };
}

/** Sign-in table printed by `npm start`. */
export function formatIdentities(seed: SeedSummary): string {
  const lines = [`Sign in as (every seeded user's password: ${seed.devPassword})`];
  for (const tenant of seed.tenants) {
    lines.push(`  ${tenant.displayName}  tenant ${tenant.tenantId}`);
    const width = Math.max(...tenant.users.map((u) => u.userPrincipalName.length));
    for (const user of tenant.users) {
      const role = user.appRoles.length ? user.appRoles.join(', ') : 'user (user portal)';
      lines.push(`    ${user.userPrincipalName.padEnd(width)}  ${role}`);
    }
    if (tenant.generated) {
      const { count, userPrincipalNamePattern } = tenant.generated;
      const first = userPrincipalNamePattern.replace('{NNN}', '001');
      const last = userPrincipalNamePattern.replace('{NNN}', String(count).padStart(3, '0'));
      lines.push(`    ${first} .. ${last}  user (${count} generated)`);
    }
  }
  return lines.join('\n');
}
