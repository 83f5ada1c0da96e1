import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { linearizeQueryCode } from './query-cache.ts';

const require = createRequire(createRequire(import.meta.url).resolve('@vercel/cosmosdb-server/package.json'));
const parse = require('@zeit/cosmosdb-query').default as (sql: string) => { code: string };

describe('linearizeQueryCode', () => {
  it('rewrites the quadratic collect into a push, and only that', () => {
    const { code } = parse('SELECT TOP 3 * FROM c WHERE c.tenantId = @t ORDER BY c.displayName, c.id');
    const linear = linearizeQueryCode(code);
    expect(code).toContain('[...$, {');
    expect(linear).not.toContain('[...$, {');
    expect(linear).toContain('$.push({');
    expect(linear.replace(/\s/g, '').length).toBeGreaterThan(code.replace(/\s/g, '').length - 10);
  });

  it('leaves code without the pattern untouched', () => {
    expect(linearizeQueryCode('() => 1')).toBe('() => 1');
  });
});
