import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where global setup writes the running stack's URLs, for tests and for people debugging a run. */
export const STACK_FILE = fileURLToPath(new URL('../.auth/local-cloud.json', import.meta.url));

/** Global setup leaves the running stack here for global teardown (same runner process). */
export const STACK_HANDLE = Symbol.for('cloudpc.e2e.localCloud');

/** Set by global setup; test workers inherit it. */
export const STACK_ENV = 'CLOUDPC_E2E_STACK';

export type Portal = 'admin' | 'user';
export type Region = 'eastus' | 'westus';

export interface StackUrls {
  frontDoor: Record<Portal, string>;
  regions: Record<Region, Record<Portal, string>>;
  /** The local Entra ID (sign-in pages, tokens). */
  entra: string;
}

export const PORTALS: readonly Portal[] = ['admin', 'user'];
export const REGIONS: readonly Region[] = ['eastus', 'westus'];

/** The URLs of the local cloud that global setup started. */
export function stackUrls(): StackUrls {
  const json = process.env[STACK_ENV] ?? readFileSync(STACK_FILE, 'utf8');
  return JSON.parse(json) as StackUrls;
}
