import { createRequire } from 'node:module';

/**
 * The query engine behind the local Cosmos server (@zeit/cosmosdb-query) turns
 * each SQL query into JavaScript and evaluates it with `new Function` on every
 * execution. Its generated code collects the documents with
 * `reduce(($, c) => [...$, { c }], [])`, which copies the growing array once per
 * document: quadratic, ~45 ms per query over 5,000 documents. We rewrite that one
 * pattern into an in-place push (linear) and compile each distinct query once.
 * Results are identical; the engine's own tests of semantics still apply.
 */
type Execute = (...args: unknown[]) => unknown;
interface ExecutorModule {
  default: (
    collection: unknown,
    options: {
      code: string;
      parameters?: { name: string; value: unknown }[];
      udf?: unknown;
      maxItemCount?: number;
      continuation?: unknown;
      compositeIndexes?: unknown;
    },
  ) => unknown;
}

const require = createRequire(import.meta.url);

/** `cond ? [...$, {…}] : $` inside a reduce seeded with [] → push in place. */
const QUADRATIC_COLLECT = /\? \[\.\.\.\$, \{([\s\S]*?)\}\] : \$, \[\]\)/g;

export function linearizeQueryCode(code: string): string {
  return code.replace(QUADRATIC_COLLECT, '? ($.push({$1}), $) : $, [])');
}
/**
 * The engine's ORDER BY sorts the filtered rows with a comparator that walks each
 * sort path (allocating a rest array per step) twice per comparison: ~60k walks for
 * 5,000 rows. Real Cosmos serves ORDER BY from its composite index; we at least read
 * each row's sort values once and then compare plain values. Same order, same
 * composite-index check, same `_rid` tie-break and the same undefined filter.
 */
type SortOrder = [keys: string[], descending: boolean];
const TYPE_RANK = new Map(
  ['undefined', 'null', 'boolean', 'number', 'string', 'array', 'object'].map((t, i) => [t, i]),
);

function typeOf(value: unknown): string {
  const t = typeof value;
  if (t !== 'object') return t;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : t;
}

/** The engine's comparator, rewritten with a rank table instead of copying a Set per call. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const aType = typeOf(a);
  const bType = typeOf(b);
  if (aType === bType) {
    if (aType === 'object') return 0;
    return (a as string) < (b as string) ? -1 : 1;
  }
  const aRank = TYPE_RANK.get(aType) ?? Number.POSITIVE_INFINITY;
  const bRank = TYPE_RANK.get(bType) ?? Number.POSITIVE_INFINITY;
  if (aRank === bRank) return 0;
  return aRank < bRank ? -1 : 1;
}

function valueAt(document: unknown, keys: string[]): unknown {
  let value = document;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
    if (value === undefined) return undefined;
  }
  return value;
}

interface CompositeIndexPath {
  path: string;
  order: string;
}

function checkCompositeIndex(
  orders: SortOrder[],
  compositeIndexes: CompositeIndexPath[][] | undefined,
): void {
  if (orders.length < 2 || !compositeIndexes) return;
  const served = compositeIndexes.some(
    (indexes) =>
      indexes.length === orders.length &&
      indexes.every((index, i) => {
        const [keys, desc] = orders[i] as SortOrder;
        return (
          index.path === `/${keys.slice(1).join('/')}` && index.order === (desc ? 'descending' : 'ascending')
        );
      }),
  );
  if (!served) {
    throw new Error(
      'The order by query does not have a corresponding composite index that it can be served from.',
    );
  }
}

interface Keyed<T> {
  row: T;
  values: unknown[];
  rid: unknown;
}

/**
 * The first `limit` rows in ORDER BY order (all of them for Infinity). A TOP query
 * keeps a bounded max-heap instead of sorting every row: ~n comparisons instead of
 * ~n log n. Ties end on `_rid`, which is unique, so the order is total and the
 * result equals sort-then-slice exactly.
 */
export function sortRows<T>(
  collection: T[],
  getRid: (row: T) => unknown,
  compositeIndexes: CompositeIndexPath[][] | undefined,
  limit: number,
  orders: SortOrder[],
): T[] {
  checkCompositeIndex(orders, compositeIndexes);
  const compare = (a: Keyed<T>, b: Keyed<T>): number => {
    for (let i = 0; i < orders.length; i += 1) {
      const r = compareValues(a.values[i], b.values[i]);
      if (r !== 0) return (orders[i] as SortOrder)[1] ? -r : r;
    }
    return compareValues(a.rid, b.rid);
  };
  // A single ORDER BY drops rows without the sort value (Cosmos does the same).
  const dropUndefined = orders.length === 1;
  const heap: Keyed<T>[] = [];
  const bounded = Number.isFinite(limit);
  for (const row of collection) {
    const values = orders.map(([keys]) => valueAt(row, keys));
    if (dropUndefined && values[0] === undefined) continue;
    const entry = { row, values, rid: getRid(row) };
    if (!bounded) {
      heap.push(entry);
    } else if (heap.length < limit) {
      heap.push(entry);
      siftUp(heap, heap.length - 1, compare);
    } else if (limit > 0 && compare(entry, heap[0] as Keyed<T>) < 0) {
      heap[0] = entry;
      siftDown(heap, 0, compare);
    }
  }
  return heap.sort(compare).map((entry) => entry.row);
}

// Max-heap on `compare`: the root is the largest row kept so far.
function siftUp<E>(heap: E[], index: number, compare: (a: E, b: E) => number): void {
  let child = index;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (compare(heap[child] as E, heap[parent] as E) <= 0) return;
    [heap[child], heap[parent]] = [heap[parent] as E, heap[child] as E];
    child = parent;
  }
}

function siftDown<E>(heap: E[], index: number, compare: (a: E, b: E) => number): void {
  let parent = index;
  for (;;) {
    const left = parent * 2 + 1;
    const right = left + 1;
    let largest = parent;
    if (left < heap.length && compare(heap[left] as E, heap[largest] as E) > 0) largest = left;
    if (right < heap.length && compare(heap[right] as E, heap[largest] as E) > 0) largest = right;
    if (largest === parent) return;
    [heap[parent], heap[largest]] = [heap[largest] as E, heap[parent] as E];
    parent = largest;
  }
}

/** The engine's `sort(collection, getRid, compositeIndexes, ...orders)`, same results. */
export function keyedSort<T>(
  collection: T[],
  getRid: (row: T) => unknown,
  compositeIndexes: CompositeIndexPath[][] | undefined,
  ...orders: SortOrder[]
): T[] {
  return sortRows(collection, getRid, compositeIndexes, Number.POSITIVE_INFINITY, orders);
}

/** `TOP n ... ORDER BY`: called with the TOP value when it is a whole number, else a full sort. */
export function keyedSortTop<T>(
  limit: unknown,
  collection: T[],
  getRid: (row: T) => unknown,
  compositeIndexes: CompositeIndexPath[][] | undefined,
  ...orders: SortOrder[]
): T[] {
  const bounded = typeof limit === 'number' && Number.isInteger(limit) && limit >= 0;
  return sortRows(collection, getRid, compositeIndexes, bounded ? limit : Number.POSITIVE_INFINITY, orders);
}

/** Index just past the `)` closing the `(` at `open`, skipping string literals. */
function closingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i += 1) {
    const ch = code[i];
    if (ch === '"' || ch === "'") {
      for (i += 1; i < code.length && code[i] !== ch; i += 1) if (code[i] === '\\') i += 1;
    } else if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

const SORT_CALL = '$h.sort(';
const TOP_SLICE = /^\.slice\(0, (\d+|\$p\.[A-Za-z_$][\w$]*)\)/;

/** `$h.sort(…).slice(0, N)` (a TOP query) → `$h.sortTop(N, …).slice(0, N)`. */
export function boundTopSorts(code: string): string {
  let out = '';
  let from = 0;
  for (let at = code.indexOf(SORT_CALL); at >= 0; at = code.indexOf(SORT_CALL, at + 1)) {
    const end = closingParen(code, at + SORT_CALL.length - 1);
    if (end < 0) break;
    const top = TOP_SLICE.exec(code.slice(end));
    if (!top) continue;
    out += `${code.slice(from, at)}$h.sortTop(${top[1]}, `;
    from = at + SORT_CALL.length;
  }
  return out + code.slice(from);
}

const MAX_COMPILED = 500;
let installed = false;

export function installQueryCache(): void {
  if (installed) return;
  installed = true;
  // Resolve the engine the server itself loads (its own dependency).
  const serverRequire = createRequire(require.resolve('@vercel/cosmosdb-server/package.json'));
  const executor = serverRequire('@zeit/cosmosdb-query/lib/executor') as ExecutorModule;
  const aggregateFunctions = serverRequire('@zeit/cosmosdb-query/lib/aggregate-functions');
  const builtinFunctions = serverRequire('@zeit/cosmosdb-query/lib/builtin-functions');
  const helpers = serverRequire('@zeit/cosmosdb-query/lib/helpers') as { sort: unknown; sortTop: unknown };
  const compiled = new Map<string, Execute>();
  helpers.sort = keyedSort;
  helpers.sortTop = keyedSortTop;

  executor.default = (
    collection,
    { code, parameters, udf = {}, maxItemCount, continuation, compositeIndexes },
  ) => {
    let execute = compiled.get(code);
    if (!execute) {
      execute = new Function(`"use strict";return (${boundTopSorts(linearizeQueryCode(code))})`)() as Execute;
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
      compiled.set(code, execute);
    }
    const params: Record<string, unknown> = {};
    for (const { name, value } of parameters ?? []) params[name.slice(1)] = value;
    return execute(
      aggregateFunctions,
      builtinFunctions,
      collection,
      helpers,
      udf,
      params,
      maxItemCount,
      continuation,
      compositeIndexes,
    );
  };
}
