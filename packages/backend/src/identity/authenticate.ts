import {
  createRemoteJWKSet,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { AppError } from '../errors/app-error.ts';

/** Who is calling, as established from a verified Entra ID v2 access token. */
export interface Principal {
  tenantId: string;
  objectId: string;
  /** preferred_username; undefined for app-only callers. */
  upn: string | undefined;
  name: string | undefined;
  roles: string[];
  scopes: string[];
  isAppOnly: boolean;
  /** Client id of the calling application (azp). */
  appId: string;
}

export interface AuthenticateOptions {
  /** e.g. https://login.microsoftonline.com, or http://localhost:3900 locally (no trailing slash needed). */
  authorityHost: string;
  /** The API's client id: the only accepted audience. */
  apiClientId: string;
  /** Tenants whose tokens are accepted; the issuer must be `${authorityHost}/{tenantId}/v2.0` for one of them. */
  knownTenants: readonly string[];
  /** Default `${authorityHost}/organizations/discovery/v2.0/keys` (Entra serves every tenant's keys there). */
  jwksUri?: string;
  /** The key source; defaults to a cached remote JWKS for jwksUri. Tests pass a local key set. */
  keySource?: JWTVerifyGetKey;
  /** Allowed clock skew, default 60 s. */
  clockToleranceSeconds?: number;
  /** The clock; default now. */
  currentDate?: Date;
}

export const DELEGATED_SCOPE = 'CloudPC.ReadWrite';
export const APP_ROLE = 'CloudPC.ReadWrite.All';

export type HeaderSource = { headers: Headers | Record<string, string | string[] | undefined> };

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

function keySourceFor(options: AuthenticateOptions): JWTVerifyGetKey {
  if (options.keySource) return options.keySource;
  const uri = options.jwksUri ?? `${trimSlash(options.authorityHost)}/organizations/discovery/v2.0/keys`;
  let keySet = remoteKeySets.get(uri);
  if (!keySet) {
    // jose refetches on an unknown kid (after the cooldown), which covers key rollover.
    keySet = createRemoteJWKSet(new URL(uri), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    remoteKeySets.set(uri, keySet);
  }
  return keySet;
}

function headerValue(source: HeaderSource, name: string): string | undefined {
  const { headers } = source;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()] ?? record.Authorization;
  return Array.isArray(value) ? value.join(',') : value;
}

function unauthorized(message: string, cause?: unknown): AppError {
  return new AppError('Unauthorized', message, { cause });
}

function bearerToken(source: HeaderSource): string {
  const header = headerValue(source, 'authorization');
  if (!header) throw unauthorized('No bearer token was presented.');
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/i.exec(header.trim());
  if (!match?.[1]) throw unauthorized('The Authorization header is not a bearer token.');
  return match[1];
}

function reasonFor(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token is expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not yet valid.';
    if (error.claim === 'aud') return 'The token audience is not this API.';
    if (error.claim === 'iss') return 'The token issuer is not trusted.';
    return `The token claim '${error.claim}' is invalid.`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'The token signing algorithm is not allowed.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The token signing key is unknown.';
  return 'The token is malformed or invalid.';
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Tokens already verified, so a caller's later requests skip the RSA check and claim
 * validation (~0.4 ms of CPU each on this machine; bench/api). Only successes are
 * kept, keyed by the exact token and the settings that judged it, and never past the
 * token's own expiry. Bounded: the oldest entries go first.
 */
type VerifiedCache = Map<string, { principal: Principal; expiresAtMs: number }>;
const verifiedByRemoteKeys: VerifiedCache = new Map();
// A key source passed in (tests, or a pinned key set) gets a cache of its own.
const verifiedByKeySource = new WeakMap<JWTVerifyGetKey, VerifiedCache>();
const MAX_VERIFIED = 10_000;

function verifiedCache(options: AuthenticateOptions): VerifiedCache | undefined {
  // An injected clock judges one token at several moments: never answer from memory.
  if (options.currentDate) return undefined;
  if (!options.keySource) return verifiedByRemoteKeys;
  let cache = verifiedByKeySource.get(options.keySource);
  if (!cache) {
    cache = new Map();
    verifiedByKeySource.set(options.keySource, cache);
  }
  return cache;
}

function cacheKey(token: string, options: AuthenticateOptions): string {
  return [
    trimSlash(options.authorityHost),
    options.apiClientId,
    options.jwksUri ?? '',
    options.knownTenants.join(','),
    token,
  ].join('\n');
}

function copyOf(principal: Principal): Principal {
  return { ...principal, roles: [...principal.roles], scopes: [...principal.scopes] };
}

/**
 * Verifies an Entra ID v2 access token for this API and returns the caller.
 * Fails closed: anything unexpected is Unauthorized; a valid token without the
 * API's permission (scope for users, app role for apps) is Forbidden.
 */
export async function authenticate(request: HeaderSource, options: AuthenticateOptions): Promise<Principal> {
  const token = bearerToken(request);
  const cache = verifiedCache(options);
  const key = cacheKey(token, options);
  const cached = cache?.get(key);
  if (cache && cached) {
    if (Date.now() < cached.expiresAtMs) return copyOf(cached.principal);
    cache.delete(key);
  }
  const host = trimSlash(options.authorityHost);
  const issuers = options.knownTenants.map((tid) => `${host}/${tid}/v2.0`);
  if (issuers.length === 0) throw unauthorized('No tenant is configured as trusted.');

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySourceFor(options), {
      algorithms: ['RS256'],
      issuer: issuers,
      audience: options.apiClientId,
      clockTolerance: options.clockToleranceSeconds ?? 60,
      requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      ...(options.currentDate ? { currentDate: options.currentDate } : {}),
    }));
  } catch (error) {
    throw unauthorized(reasonFor(error), error);
  }

  if (payload.ver !== '2.0') throw unauthorized('Only Entra ID v2.0 access tokens are accepted.');
  const tenantId = String(payload.tid);
  // The issuer was one of the known tenants; the token must speak for that same tenant.
  if (payload.iss !== `${host}/${tenantId}/v2.0`) throw unauthorized('The token issuer and tenant disagree.');
  const objectId = String(payload.oid);
  const roles = stringArray(payload.roles);
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
  const isAppOnly = payload.idtyp === 'app' || (payload.scp === undefined && payload.sub === payload.oid);
  const appId =
    typeof payload.azp === 'string' ? payload.azp : typeof payload.appid === 'string' ? payload.appid : '';

  if (isAppOnly && !roles.includes(APP_ROLE)) {
    throw new AppError('Forbidden', `App-only callers need the '${APP_ROLE}' application permission.`);
  }
  if (!isAppOnly && !scopes.includes(DELEGATED_SCOPE)) {
    throw new AppError('Forbidden', `Delegated callers need the '${DELEGATED_SCOPE}' scope.`);
  }

  const principal: Principal = {
    tenantId,
    objectId,
    upn: isAppOnly
      ? undefined
      : typeof payload.preferred_username === 'string'
        ? payload.preferred_username
        : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    roles,
    scopes,
    isAppOnly,
    appId,
  };
  if (cache && typeof payload.exp === 'number') {
    if (cache.size >= MAX_VERIFIED) cache.delete(cache.keys().next().value as string);
    cache.set(key, { principal: copyOf(principal), expiresAtMs: payload.exp * 1000 });
  }
  return principal;
}

/** Forbidden unless the principal holds at least one of the roles. */
export function requireRole(principal: Principal, anyOf: readonly string[]): void {
  if (!anyOf.some((role) => principal.roles.includes(role))) {
    throw new AppError('Forbidden', `This operation needs one of the roles: ${anyOf.join(', ')}.`);
  }
}
