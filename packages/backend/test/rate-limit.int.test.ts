import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { POLICIES, validPolicy } from './fixtures.ts';

// A tiny budget and a refill slow enough that nothing comes back during the test.
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ rateLimit: { perSecond: 0.05, burst: 3 } });
});
afterAll(async () => {
  await h?.close();
});

describe('per-caller throttling', () => {
  it('answers 429 with Retry-After in the Graph envelope once the burst is spent, and writes nothing', async () => {
    const admin = h.as('admin@contoso.test');
    for (let i = 0; i < 3; i += 1) expect((await admin.get(POLICIES)).status).toBe(200);
    const before = await h.countDocuments('policies');
    const refused = await admin.post(POLICIES, validPolicy({ displayName: 'Throttled policy' }));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TooManyRequests');
    expect(refused.body.error.innerError['request-id']).toBeTruthy();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await h.countDocuments('policies')).toBe(before);
  });

  it('throttles each caller on their own: another admin and another tenant still get through', async () => {
    const support = await h.as('support@contoso.test').get(POLICIES);
    expect(support.status).toBe(200);
    const fabrikam = await h.as('admin@fabrikam.test').get(POLICIES);
    expect(fabrikam.status).toBe(200);
  });
});
