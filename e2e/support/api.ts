import { readFileSync } from 'node:fs';
import { devPassword } from './identities.ts';
import { stackUrls } from './local-cloud.ts';

/** The seed the stack runs with: app client ids and tenants, for direct API calls. */
export const SEED = JSON.parse(
  readFileSync(new URL('../../packages/local-cloud/seed/directory.json', import.meta.url), 'utf8'),
) as { apps: Record<string, { clientId: string }>; tenants: { tenantId: string; displayName: string }[] };
export const CONTOSO = SEED.tenants.find((tenant) => tenant.displayName === 'Contoso')?.tenantId ?? '';

/** An API token for a seeded Contoso person (ROPC, as the admin portal's client), for set-up calls. */
export async function tokenFor(username: string): Promise<string> {
  const response = await fetch(`${stackUrls().entra}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: SEED.apps.adminPortal?.clientId ?? '',
      username,
      password: devPassword(),
      scope: 'api://cloudpc-api/CloudPC.ReadWrite',
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token for ${username}: ${body.error_description}`);
  return body.access_token;
}

/** A JSON API call that must succeed; throws with the status and body otherwise. */
export async function api<T>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
