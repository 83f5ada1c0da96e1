import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { Portal } from './local-cloud.ts';

/** Seeded people (packages/local-cloud/seed/directory.json) the identity specs sign in as. */
export const PEOPLE = {
  admin: { username: 'admin@contoso.test', name: 'Nestor Wilke (IT admin)' },
  support: { username: 'support@contoso.test', name: 'Pradeep Gupta (Support)' },
  // An end user: no admin role.
  adele: { username: 'adele@contoso.test', name: 'Adele Vance' },
} as const;

export type Person = keyof typeof PEOPLE;

const SEED = fileURLToPath(new URL('../../packages/local-cloud/seed/directory.json', import.meta.url));

/** Every seeded user's development password. */
export function devPassword(): string {
  return (JSON.parse(readFileSync(SEED, 'utf8')) as { devPassword: string }).devPassword;
}

/** Who global setup signs in where, once per run; specs reuse the stored state. */
export const SIGNED_IN_STATES: readonly { portal: Portal; person: Person }[] = [
  { portal: 'admin', person: 'admin' },
  { portal: 'admin', person: 'support' },
  { portal: 'admin', person: 'adele' },
  { portal: 'user', person: 'adele' },
];

/** Where all runs keep their sign-in state; each run gets its own directory below it. */
export const AUTH_ROOT = fileURLToPath(new URL('../.auth/', import.meta.url));

/** Set by global setup to this run's directory; test workers inherit it. */
export const AUTH_DIR_ENV = 'CLOUDPC_E2E_AUTH_DIR';

/**
 * Cookies and localStorage (MSAL's cache, ADR 0004) of a signed-in browser, from this run's
 * global setup. Per run, because two runs in one checkout (several people or agents) would
 * otherwise overwrite each other's tokens for a different local cloud.
 */
export function storageStatePath(portal: Portal, person: Person): string {
  const dir = process.env[AUTH_DIR_ENV];
  if (!dir) throw new Error(`${AUTH_DIR_ENV} is not set: run the specs through \`npx playwright test\``);
  return join(dir, `${portal}-portal.${person}.json`);
}

export interface SignInTiming {
  /** From pressing "Sign in" on the identity provider's page to the name in the portal header. */
  afterPasswordMs: number;
  /** From pressing the portal's "Sign in" to the name in the header, typing included. */
  wholeMs: number;
}

/**
 * Signs in through the portal's landing and the local Entra's real sign-in page (the
 * `organizations` page asks for username and password), and waits for the header to
 * show the person.
 */
export async function signIn(page: Page, portalUrl: string, person: Person): Promise<SignInTiming> {
  const { username, name } = PEOPLE[person];
  await page.goto(portalUrl);
  const started = Date.now();
  const portalOrigin = new URL(portalUrl).origin;
  // A press before the page has hydrated does nothing (the server-rendered button has no
  // handler yet), so press again until the sign-in page shows; never once it has.
  await expect(async () => {
    if (new URL(page.url()).origin === portalOrigin) {
      await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(devPassword());
  const submitted = Date.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(name, { timeout: 30_000 });
  const done = Date.now();
  return { afterPasswordMs: done - submitted, wholeMs: done - started };
}
