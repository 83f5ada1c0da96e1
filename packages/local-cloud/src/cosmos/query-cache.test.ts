import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundTopSorts, compareValues, keyedSort, linearizeQueryCode, sortRows } from './query-cache.ts';

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

const helpers = require('@zeit/cosmosdb-query/lib/helpers') as {
  sort: (
    rows: unknown[],
    getRid: (row: unknown) => unknown,
    indexes: unknown,
    ...orders: unknown[]
  ) => unknown[];
};
// Captured before anything installs the replacements: the engine's own sort is the oracle.
const engineSort = helpers.sort;

const sortValue = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, 1, 'a', 'b', 'B', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.string({ maxLength: 2 }),
);
const rowsArbitrary = fc
  .array(fc.record({ a: sortValue, b: sortValue }, { requiredKeys: [] }), { maxLength: 40 })
  .map((docs) => docs.map((doc, index) => ({ c: { ...doc, _rid: `r${String(index).padStart(3, '0')}` } })));
const ordersArbitrary = fc.oneof(
  fc.tuple(fc.boolean()).map(([desc]) => [[['c', 'a'], desc]] as [string[], boolean][]),
  fc.tuple(fc.boolean(), fc.boolean()).map(
    ([d1, d2]) =>
      [
        [['c', 'a'], d1],
        [['c', 'b'], d2],
      ] as [string[], boolean][],
  ),
);
const getRid = (row: unknown) => (row as { c: { _rid: string } }).c._rid;

describe('keyedSort and sortRows', () => {
  it('order rows exactly like the engine, and TOP n equals sort-then-slice', () => {
    fc.assert(
      fc.property(rowsArbitrary, ordersArbitrary, fc.nat({ max: 45 }), (rows, orders, limit) => {
        const expected = engineSort(rows, getRid, undefined, ...orders);
        expect(keyedSort(rows, getRid, undefined, ...orders)).toEqual(expected);
        expect(sortRows(rows, getRid, undefined, limit, orders)).toEqual(expected.slice(0, limit));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a multi-field ORDER BY without a matching composite index, like the engine', () => {
    const orders: [string[], boolean][] = [
      [['c', 'a'], false],
      [['c', 'b'], true],
    ];
    const indexes = [
      [
        { path: '/a', order: 'ascending' },
        { path: '/b', order: 'ascending' },
      ],
    ];
    expect(() => engineSort([], getRid, indexes, ...orders)).toThrow(/composite index/);
    expect(() => keyedSort([], getRid, indexes, ...orders)).toThrow(/composite index/);
    const matching = [
      [
        { path: '/a', order: 'ascending' },
        { path: '/b', order: 'descending' },
      ],
    ];
    expect(keyedSort([], getRid, matching, ...orders)).toEqual([]);
  });

  it('compares mixed types in the engine order: undefined < null < boolean < number < string', () => {
    // Array#sort always puts undefined last, so check each neighbouring pair instead.
    const ascending = [undefined, null, true, 2, 'x'];
    for (let i = 1; i < ascending.length; i += 1) {
      expect(compareValues(ascending[i - 1], ascending[i])).toBe(-1);
      expect(compareValues(ascending[i], ascending[i - 1])).toBe(1);
    }
  });
});

describe('boundTopSorts', () => {
  it('passes a literal TOP to the bounded sort and leaves the rest of the code alone', () => {
    const { code } = parse('SELECT TOP 101 * FROM c WHERE c.n = "a)(" ORDER BY c.displayName, c.id');
    const bounded = boundTopSorts(code);
    expect(bounded).toContain('$h.sortTop(101, ');
    expect(bounded).not.toContain('$h.sort(');
    expect(bounded.replace('$h.sortTop(101, ', '$h.sort(')).toBe(code);
  });

  it('passes a parameter TOP through, and leaves queries without TOP as they are', () => {
    expect(boundTopSorts(parse('SELECT TOP @n * FROM c ORDER BY c.b DESC').code)).toContain(
      '$h.sortTop($p.n, ',
    );
    const unbounded = parse('SELECT * FROM c ORDER BY c.b').code;
    expect(boundTopSorts(unbounded)).toBe(unbounded);
  });
});
