import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { POLICIES, validPolicy } from './fixtures.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

function expectEnvelope(body: any, code: string) {
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.innerError['request-id']).toBeTruthy();
  expect(Number.isNaN(Date.parse(body.error.innerError.date))).toBe(false);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
}

describe('HTTP envelope', () => {
  it('answers an unknown path with a Graph 404, not a page', async () => {
    const response = await h.as('admin@contoso.test').get('/api/v1.0/deviceManagement/virtualEndpoint/nope');
    expect(response.status).toBe(404);
    expectEnvelope(response.body, 'NotFound');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await h.as('admin@contoso.test').request('PUT', POLICIES, { body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expectEnvelope(response.body, 'MethodNotAllowed');
  });

  it('refuses a body over 1 MB with 413 and stores nothing', async () => {
    const before = await h.countDocuments('policies');
    const response = await h
      .as('admin@contoso.test')
      .post(POLICIES, validPolicy({ description: 'x'.repeat(1_100_000) }));
    expect(response.status).toBe(413);
    expectEnvelope(response.body, 'PayloadTooLarge');
    expect(await h.countDocuments('policies')).toBe(before);
  });

  it('refuses a non-JSON body with 415', async () => {
    const response = await h.as('admin@contoso.test').request('POST', POLICIES, {
      rawBody: 'displayName=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expectEnvelope(response.body, 'UnsupportedMediaType');
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await h.as('admin@contoso.test').request('POST', POLICIES, {
      rawBody: '{"displayName":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expectEnvelope(response.body, 'BadRequest');
  });

  it('echoes a well-formed x-request-id and replaces a hostile one', async () => {
    const good = await h.as('admin@contoso.test').get(POLICIES, { 'x-request-id': 'abc-123' });
    expect(good.headers.get('x-request-id')).toBe('abc-123');
    const bad = await h.as('admin@contoso.test').get(POLICIES, { 'x-request-id': '<script>'.repeat(30) });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
