import { createHash } from 'node:crypto';
import { expandNamingTemplate } from '@cloudpc/api-client';
import { reserveDeviceName } from '../cloud-pcs/device-name-repository.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';

/**
 * A random source seeded by a string: the same seed gives the same sequence. Names
 * drawn with it are reproducible, so a provisioning request that is re-run after a
 * crash asks for the same name again and finds its own reservation, instead of
 * leaking a second one.
 */
export function seededRandom(seed: string): (n: number) => number {
  let counter = 0;
  let pool: Buffer = Buffer.alloc(0);
  let offset = 0;
  return (n: number) => {
    if (offset + 4 > pool.length) {
      pool = createHash('sha256').update(`${seed}/${counter}`).digest();
      counter += 1;
      offset = 0;
    }
    const value = pool.readUInt32BE(offset);
    offset += 4;
    return value % n;
  };
}

const MAX_NAME_TRIES = 20;

/**
 * Expands the policy's naming template for a user and reserves the result, so the
 * name is unique within the tenant. `%RAND:y%` (y >= 5) leaves millions of names;
 * a collision just draws again.
 */
export async function allocateDeviceName(
  store: CosmosStore,
  options: { tenantId: string; cloudPcId: string; template: string; userPrincipalName: string; seed: string },
): Promise<string> {
  const random = seededRandom(options.seed);
  for (let attempt = 0; attempt < MAX_NAME_TRIES; attempt += 1) {
    const name = expandNamingTemplate(options.template, {
      userPrincipalName: options.userPrincipalName,
      random,
    });
    const outcome = await reserveDeviceName(store, {
      tenantId: options.tenantId,
      name,
      cloudPcId: options.cloudPcId,
    });
    if (outcome === 'reserved') return name;
  }
  throw new Error(`No free device name for template ${options.template} after ${MAX_NAME_TRIES} tries`);
}
