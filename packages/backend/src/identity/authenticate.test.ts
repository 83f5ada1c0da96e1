import { createHmac } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { type AuthenticateOptions, authenticate, requireRole } from './authenticate.ts';

const HOST = 'http://localhost:3900';
const TENANT = '33aa9011-a38d-5612-af97-a2d98d559844';
const OTHER_TENANT = '34d3c008-72e3-588e-970e-0a5cd70028f2';
const UNKNOWN_TENANT = '11111111-2222-5333-8444-555555555555';
const API = 'defa5593-fa6b-549e-b572-867eea1f0a43';
const KID = 'test-key-1';
const NOW = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

let privateKey: CryptoKey;
let publicPem: string;
let strangerKey: CryptoKey;
let keySource: JWTVerifyGetKey;
let options: AuthenticateOptions;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function delegatedClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: `${HOST}/${TENANT}/v2.0`,
    aud: API,
    tid: TENANT,
    oid: '7fb1005c-4820-5523-8e3d-3345b36a8180',
    sub: '7fb1005c-4820-5523-8e3d-3345b36a8180',
    azp: 'ee10af15-610b-5159-ba49-074dfe8e36bb',
    preferred_username: 'admin@contoso.test',
    name: 'Nestor Wilke (IT admin)',
    scp: 'CloudPC.ReadWrite',
    roles: ['CloudPC.Admin'],
    ver: '2.0',
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ...overrides,
  };
}

function appClaims(overrides: JWTPayload = {}): JWTPayload {
  const spId = '6ead8a2b-0a02-5657-ae8f-9cd0a3863043';
  const { scp: _scp, preferred_username: _upn, name: _name, ...rest } = delegatedClaims();
  return { ...rest, oid: spId, sub: spId, idtyp: 'app', roles: ['CloudPC.ReadWrite.All'], ...overrides };
}

function sign(claims: JWTPayload, key: CryptoKey = privateKey, kid = KID): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
}

function withBearer(token: string) {
  return { headers: { authorization: `Bearer ${token}` } };
}

async function refusal(request: Parameters<typeof authenticate>[0]): Promise<AppError> {
  const error = await authenticate(request, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  keySource = createLocalJWKSet({ keys: [jwk] });
  options = {
    authorityHost: HOST,
    apiClientId: API,
    knownTenants: [TENANT, OTHER_TENANT],
    keySource,
    currentDate: NOW,
  };
});

describe('authenticate refuses hostile tokens', () => {
  const cases: [string, () => Promise<Parameters<typeof authenticate>[0]>][] = [
    ['no Authorization header', async () => ({ headers: {} })],
    ['a non-bearer scheme', async () => ({ headers: { authorization: `Basic ${btoa('a:b')}` } })],
    ['garbage', async () => withBearer('garbage')],
    ['three garbage segments', async () => withBearer('aaaa.bbbb.cccc')],
    [
      'a tampered payload (valid signature of other claims)',
      async () => {
        const [header, , signature] = (await sign(delegatedClaims({ roles: [] }))).split('.');
        return withBearer(`${header}.${b64(delegatedClaims({ roles: ['CloudPC.Admin'] }))}.${signature}`);
      },
    ],
    ['alg none', async () => withBearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(delegatedClaims())}.`)],
    [
      'HS256 signed with the public key as the secret',
      async () => {
        const head = b64({ alg: 'HS256', typ: 'JWT', kid: KID });
        const body = b64(delegatedClaims());
        const mac = createHmac('sha256', publicPem).update(`${head}.${body}`).digest('base64url');
        return withBearer(`${head}.${body}.${mac}`);
      },
    ],
    [
      'a signature by an unknown key with a known kid',
      async () => withBearer(await sign(delegatedClaims(), strangerKey)),
    ],
    ['an unknown kid', async () => withBearer(await sign(delegatedClaims(), privateKey, 'other-kid'))],
    [
      'expired (beyond the clock skew)',
      async () => withBearer(await sign(delegatedClaims({ exp: nowSeconds - 120 }))),
    ],
    ['not yet valid', async () => withBearer(await sign(delegatedClaims({ nbf: nowSeconds + 600 })))],
    [
      'a wrong audience',
      async () => withBearer(await sign(delegatedClaims({ aud: 'https://graph.microsoft.com' }))),
    ],
    [
      'the API app ID URI as audience',
      async () => withBearer(await sign(delegatedClaims({ aud: 'api://cloudpc-api' }))),
    ],
    [
      'a wrong issuer host',
      async () => withBearer(await sign(delegatedClaims({ iss: `https://evil.example/${TENANT}/v2.0` }))),
    ],
    [
      'an unknown tenant',
      async () =>
        withBearer(
          await sign(delegatedClaims({ iss: `${HOST}/${UNKNOWN_TENANT}/v2.0`, tid: UNKNOWN_TENANT })),
        ),
    ],
    [
      'an issuer of one known tenant with the tid of another',
      async () => withBearer(await sign(delegatedClaims({ tid: OTHER_TENANT }))),
    ],
    [
      'a v1 token (sts.windows.net issuer, ver 1.0)',
      async () =>
        withBearer(await sign(delegatedClaims({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' }))),
    ],
    ['a v2 issuer claiming ver 1.0', async () => withBearer(await sign(delegatedClaims({ ver: '1.0' })))],
    ['no ver claim', async () => withBearer(await sign(delegatedClaims({ ver: undefined })))],
    ['no tid claim', async () => withBearer(await sign(delegatedClaims({ tid: undefined })))],
  ];

  it.each(cases)('%s -> Unauthorized', async (_name, build) => {
    const error = await refusal(await build());
    expect(error.code).toBe('Unauthorized');
  });
});

describe('authenticate accepts valid tokens', () => {
  it('returns the delegated caller', async () => {
    const principal = await authenticate(withBearer(await sign(delegatedClaims())), options);
    expect(principal).toEqual({
      tenantId: TENANT,
      objectId: '7fb1005c-4820-5523-8e3d-3345b36a8180',
      upn: 'admin@contoso.test',
      name: 'Nestor Wilke (IT admin)',
      roles: ['CloudPC.Admin'],
      scopes: ['CloudPC.ReadWrite'],
      isAppOnly: false,
      appId: 'ee10af15-610b-5159-ba49-074dfe8e36bb',
    });
  });

  it('returns the app-only caller', async () => {
    const principal = await authenticate(withBearer(await sign(appClaims())), options);
    expect(principal.isAppOnly).toBe(true);
    expect(principal.roles).toEqual(['CloudPC.ReadWrite.All']);
    expect(principal.upn).toBeUndefined();
  });

  it('tolerates a small clock skew', async () => {
    const token = await sign(delegatedClaims({ exp: nowSeconds - 30, nbf: nowSeconds + 30 }));
    await expect(authenticate(withBearer(token), options)).resolves.toMatchObject({ tenantId: TENANT });
  });

  it('reads the header from a Fetch Request', async () => {
    const request = new Request('http://localhost/api', {
      headers: { Authorization: `Bearer ${await sign(delegatedClaims())}` },
    });
    await expect(authenticate(request, options)).resolves.toMatchObject({ objectId: expect.any(String) });
  });

  it('accepts a token of the second known tenant', async () => {
    const token = await sign(delegatedClaims({ iss: `${HOST}/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT }));
    await expect(authenticate(withBearer(token), options)).resolves.toMatchObject({ tenantId: OTHER_TENANT });
  });
});

describe('authorization', () => {
  it('a delegated token without CloudPC.ReadWrite is Forbidden', async () => {
    const error = await refusal(withBearer(await sign(delegatedClaims({ scp: 'User.Read' }))));
    expect(error.code).toBe('Forbidden');
  });

  it('an app-only token without CloudPC.ReadWrite.All is Forbidden', async () => {
    const error = await refusal(withBearer(await sign(appClaims({ roles: ['Something.Else'] }))));
    expect(error.code).toBe('Forbidden');
  });

  it('requireRole passes with any listed role and refuses otherwise', async () => {
    const principal = await authenticate(
      withBearer(await sign(delegatedClaims({ roles: ['CloudPC.Support'] }))),
      options,
    );
    expect(() => requireRole(principal, ['CloudPC.Admin', 'CloudPC.Support'])).not.toThrow();
    let caught: unknown;
    try {
      requireRole(principal, ['CloudPC.Admin']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('Forbidden');
  });
});

describe('authenticate remembers verified tokens', () => {
  // Real time here: the cache is skipped whenever a clock is injected.
  const live = () => {
    const now = Math.floor(Date.now() / 1000);
    return { iat: now - 60, nbf: now - 60 };
  };
  const countingKeys = () => {
    const source = Object.assign(
      async (...args: Parameters<JWTVerifyGetKey>) => {
        source.calls += 1;
        return keySource(...args);
      },
      { calls: 0 },
    );
    return source;
  };

  it('verifies a token once, then answers from memory with an equal, unshared principal', async () => {
    const keys = countingKeys();
    const liveOptions = { authorityHost: HOST, apiClientId: API, knownTenants: [TENANT], keySource: keys };
    const token = await sign(delegatedClaims({ ...live(), exp: Math.floor(Date.now() / 1000) + 600 }));
    const first = await authenticate(withBearer(token), liveOptions);
    first.roles.push('CloudPC.Tampered');
    const second = await authenticate(withBearer(token), liveOptions);
    expect(keys.calls).toBe(1);
    expect(second.roles).toEqual(['CloudPC.Admin']);
    expect(second.upn).toBe('admin@contoso.test');
  });

  it('does not carry a verdict over to other settings', async () => {
    const keys = countingKeys();
    const token = await sign(delegatedClaims({ ...live(), exp: Math.floor(Date.now() / 1000) + 600 }));
    await authenticate(withBearer(token), {
      authorityHost: HOST,
      apiClientId: API,
      knownTenants: [TENANT],
      keySource: keys,
    });
    const elsewhere = await authenticate(withBearer(token), {
      authorityHost: HOST,
      apiClientId: 'another-api',
      knownTenants: [TENANT],
      keySource: keys,
    }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(AppError);
    expect((elsewhere as AppError).code).toBe('Unauthorized');
    const untrustedTenant = await authenticate(withBearer(token), {
      authorityHost: HOST,
      apiClientId: API,
      knownTenants: [OTHER_TENANT],
      keySource: keys,
    }).catch((e: unknown) => e);
    expect((untrustedTenant as AppError).code).toBe('Unauthorized');
  });

  it('forgets a token when it expires', async () => {
    const keys = countingKeys();
    const liveOptions = {
      authorityHost: HOST,
      apiClientId: API,
      knownTenants: [TENANT],
      keySource: keys,
      clockToleranceSeconds: 0,
    };
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await sign(delegatedClaims({ ...live(), exp: expiresAt }));
    await authenticate(withBearer(token), liveOptions);
    vi.useFakeTimers({ now: (expiresAt + 1) * 1000, toFake: ['Date'] });
    try {
      const late = await authenticate(withBearer(token), liveOptions).catch((e: unknown) => e);
      expect((late as AppError).code).toBe('Unauthorized');
      expect((late as AppError).message).toBe('The token is expired.');
      expect(keys.calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
