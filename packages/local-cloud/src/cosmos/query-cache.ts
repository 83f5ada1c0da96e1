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
  const helpers = serverRequire('@zeit/cosmosdb-query/lib/helpers');
  const compiled = new Map<string, Execute>();

  executor.default = (
    collection,
    { code, parameters, udf = {}, maxItemCount, continuation, compositeIndexes },
  ) => {
    let execute = compiled.get(code);
    if (!execute) {
      execute = new Function(`"use strict";return (${linearizeQueryCode(code)})`)() as Execute;
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
