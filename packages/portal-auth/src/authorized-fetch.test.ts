import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from './authorized-fetch.ts';

/** A fake API: answers 401 unless the bearer token is one it accepts, and records what it saw. */
function fakeApi(accepted: Set<string>) {
  const seen: { auth: string | null; body: unknown; method: string | undefined }[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('authorization');
    seen.push({ auth, body: init?.body, method: init?.method });
    const token = auth?.replace(/^Bearer /, '') ?? '';
    return new Response(null, { status: accepted.has(token) ? 200 : 401 });
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

describe('createAuthorizedFetch', () => {
  it('passes through answers other than 401 without refreshing', async () => {
    const api = fakeApi(new Set(['good']));
    let refreshed = 0;
    const authorized = createAuthorizedFetch({
      fetch: api.fetch,
      refreshToken: async () => {
        refreshed += 1;
        return 'fresh';
      },
      onRejected: () => undefined,
    });
    const response = await authorized('/api/x', { headers: { authorization: 'Bearer good' } });
    expect(response.status).toBe(200);
    expect(refreshed).toBe(0);
    expect(api.seen).toHaveLength(1);
  });

  it('retries a refused request once with a fresh token, keeping method, body and headers', async () => {
    const api = fakeApi(new Set(['fresh']));
    let rejected = 0;
    const authorized = createAuthorizedFetch({
      fetch: api.fetch,
      refreshToken: async () => 'fresh',
      onRejected: () => {
        rejected += 1;
      },
    });
    const response = await authorized('/api/x', {
      method: 'POST',
      body: '{"a":1}',
      headers: { authorization: 'Bearer expired', 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(rejected).toBe(0);
    expect(api.seen).toEqual([
      { auth: 'Bearer expired', body: '{"a":1}', method: 'POST' },
      { auth: 'Bearer fresh', body: '{"a":1}', method: 'POST' },
    ]);
  });

  it('gives up after one retry and reports the rejection', async () => {
    const api = fakeApi(new Set());
    let rejected = 0;
    const authorized = createAuthorizedFetch({
      fetch: api.fetch,
      refreshToken: async () => 'fresh-but-refused',
      onRejected: () => {
        rejected += 1;
      },
    });
    const response = await authorized('/api/x', { headers: { authorization: 'Bearer old' } });
    expect(response.status).toBe(401);
    expect(rejected).toBe(1);
    expect(api.seen).toHaveLength(2);
  });

  it('does not retry requests that carried no token', async () => {
    const api = fakeApi(new Set());
    let refreshed = 0;
    const authorized = createAuthorizedFetch({
      fetch: api.fetch,
      refreshToken: async () => {
        refreshed += 1;
        return 'fresh';
      },
      onRejected: () => undefined,
    });
    expect((await authorized('/api/x')).status).toBe(401);
    expect(refreshed).toBe(0);
  });
});
