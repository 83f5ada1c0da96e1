import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';

export interface EntraKeys {
  /** Private RSA JWK with `kid`, `alg: RS256`, `use: sig`. */
  signingJwk: JWK & { kid: string };
  /** Public half, as served on the JWKS endpoint. */
  publicJwk: JWK & { kid: string };
  /** Keys that sign the provider's cookies, so browser sessions survive a restart. */
  cookieKeys: string[];
}

interface PersistedKeys {
  format: 1;
  signingJwk: JWK & { kid: string };
  cookieKeys: string[];
}

async function generate(): Promise<PersistedKeys> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  // Entra's kids are opaque strings; a thumbprint is stable and unique.
  const kid = await calculateJwkThumbprint(jwk);
  return {
    format: 1,
    signingJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

function toPublic(jwk: JWK & { kid: string }): JWK & { kid: string } {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use } as JWK & { kid: string };
}

/** Generates the signing key once and keeps it in `file` (memory only without one). */
export async function loadOrCreateKeys(file?: string): Promise<EntraKeys> {
  let persisted: PersistedKeys | undefined;
  if (file) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedKeys;
      if (parsed.format === 1 && parsed.signingJwk?.d) persisted = parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`local Entra: cannot read ${file}: ${(error as Error).message}`);
      }
    }
  }
  if (!persisted) {
    persisted = await generate();
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(persisted), { mode: 0o600 });
      renameSync(tmp, file);
    }
  }
  return {
    signingJwk: persisted.signingJwk,
    publicJwk: toPublic(persisted.signingJwk),
    cookieKeys: persisted.cookieKeys,
  };
}
