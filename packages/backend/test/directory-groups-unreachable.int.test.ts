import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { groupId } from './seed-identities.ts';

let h: ApiHarness;

/** A port nothing listens on: bound, read and released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

beforeAll(async () => {
  h = await startApiHarness();
  // Tokens come from this run's local Entra; Graph itself does not answer.
  process.env.ENTRA_AUTHORITY_HOST = h.entraUrl;
  process.env.GRAPH_BASE_URL = `http://127.0.0.1:${await closedPort()}/graph/v1.0`;
  process.env.ENTRA_LOCAL = '1';
});
afterAll(async () => {
  await h?.close();
});

describe('directory groups when Graph does not answer', () => {
  it('answers 503 with Retry-After in the Graph envelope, never a 500', async () => {
    const admin = h.as('admin@contoso.test');
    for (const path of ['/api/v1.0/groups?$search=sal', `/api/v1.0/groups/${groupId('Contoso', 'Sales')}`]) {
      const response = await admin.get(path);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body.error.code).toBe('ServiceUnavailable');
      expect(response.text).not.toMatch(/ECONNREFUSED|fetch failed|at .*\.ts/);
    }
  });
});
