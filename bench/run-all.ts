/**
 * `npm run bench`: runs every benchmark in bench/ one after another (each starts its own
 * local cloud on free ports), then collects bench/results/*.json into
 * bench/results/latest.json and docs/benchmarks.md: each headline figure with its target,
 * the machine it ran on, and its ratio to a baseline where one exists.
 *   npm run bench                 all benchmarks, then the summary (about 25 minutes)
 *   npm run bench -- --only api,provisioning
 *   npm run bench -- --collect    only rebuild the summary from the results on disk
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from './lib/bench-results.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const BENCHES = [
  { id: 'api', script: 'bench/api/api-latency.ts', results: ['api-latency'] },
  { id: 'provisioning', script: 'bench/provisioning/provisioning.ts', results: ['provisioning'] },
  { id: 'portal', script: 'bench/portal/portal-weight.ts', results: ['portal-weight'] },
  { id: 'desktop', script: 'bench/desktop/desktop-launch.ts', results: ['desktop-launch'] },
  { id: 'failover', script: 'bench/failover/region-failover.ts', results: ['region-failover'] },
] as const;

export interface Figure {
  bench: string;
  figure: string;
  value: number | string;
  unit: string;
  target?: string;
  meets?: boolean;
  baseline?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: result files of several shapes, read defensively (a missing field prints as –).
type Json = Record<string, any>;

/** The headline figures of each result file; a missing or older-shaped file yields none. */
export function headlines(name: string, r: Json): Figure[] {
  const f = (figure: string, value: number | string, unit: string, extra: Partial<Figure> = {}): Figure => ({
    bench: name,
    figure,
    value,
    unit,
    ...extra,
  });
  switch (name) {
    case 'api-latency':
      return (r.results ?? []).flatMap((route: Json) => [
        f(`${route.route} p99 at ${r.target?.rate} req/s`, route.steady?.latencyMs?.p99, 'ms', {
          target: `< ${r.target?.p99Ms} ms`,
          meets: route.steady?.latencyMs?.p99 < r.target?.p99Ms && route.steady?.non2xx === 0,
        }),
        f(`${route.route} p50 at ${r.target?.rate} req/s`, route.steady?.latencyMs?.p50, 'ms'),
        f(
          `${route.route} ceiling${route.ceiling?.non2xx ? ` (${route.ceiling.non2xx} answers were not 2xx)` : ''}`,
          route.ceiling?.requestsPerSecond,
          'req/s',
        ),
      ]);
    case 'provisioning':
      return [
        f(`${r.users} Cloud PCs provisioned`, r.engine?.secondsUntilAllProvisioned, 's', {
          target: `< ${r.target?.allProvisionedWithinSeconds} s`,
          meets: r.engine?.secondsUntilAllProvisioned < r.target?.allProvisionedWithinSeconds,
          baseline: `raw queue+Cosmos loop ${r.raw?.seconds} s (x${r.overhead?.timeRatio})`,
        }),
        f('Cosmos operations per Cloud PC', r.engine?.cosmosOperationsPerCloudPc, 'ops', {
          baseline: `raw ${r.raw?.cosmosOperationsPerItem} (x${r.overhead?.cosmosOperationsRatio})`,
        }),
      ];
    case 'portal-weight': {
      // Judged with Next's nomodule polyfill counted, as the budget column of the bench does.
      const size = (w: Json) => w.withNoModuleGzipKiB ?? w.gzipKiB;
      const heaviest = [...(r.weights ?? [])].sort((a: Json, b: Json) => size(b) - size(a))[0];
      return [
        ...(heaviest
          ? [
              f(`heaviest first load (${heaviest.portal} ${heaviest.route})`, size(heaviest), 'KiB gzip', {
                target: `< ${r.budgetKiB} KiB`,
                meets: size(heaviest) < r.budgetKiB,
              }),
            ]
          : []),
        f(
          `Cloud PCs grid interactive, ${r.grid?.cloudPcs} rows (median warm)`,
          r.grid?.medianWarmTtiMs,
          'ms',
          {
            target: `< ${r.ttiTargetMs} ms`,
            meets: r.grid?.medianWarmTtiMs < r.ttiTargetMs,
          },
        ),
        f('Cloud PCs grid interactive (cold)', r.grid?.coldTtiMs, 'ms'),
      ];
    }
    case 'desktop-launch':
      return [
        f('Open in browser to first desktop frame p50', r.firstFrameMs?.p50, 'ms', {
          target: `< ${r.targetMs} ms`,
          meets: r.firstFrameMs?.p50 < r.targetMs,
        }),
        f('first desktop frame p95', r.firstFrameMs?.p95, 'ms'),
        f('memory per desktop session', r.averageSessionRssMiB, 'MiB'),
        f(
          'sessions held with first frame under target',
          r.concurrency?.heldWithFirstFrameUnderTarget,
          'sessions',
        ),
      ];
    case 'region-failover':
    case 'region-failover-afd': {
      const failedReads = (r.requestsByKind ?? [])
        .filter((k: Json) => String(k.kind).startsWith('read'))
        .reduce((sum: number, k: Json) => sum + k.failed, 0);
      return [
        f(`[${r.preset}] time until only the survivor serves`, r.timeUntilOnlySurvivorMs, 'ms', {
          ...(r.preset === 'fast' ? { target: '< 2000 ms', meets: r.timeUntilOnlySurvivorMs < 2000 } : {}),
        }),
        f(`[${r.preset}] failed reads during the outage`, failedReads, 'requests', {
          target: '0',
          meets: failedReads === 0,
        }),
        f(`[${r.preset}] acknowledged writes lost`, r.acknowledgedWritesLost, 'writes', {
          target: '0',
          meets: r.acknowledgedWritesLost === 0,
        }),
      ];
    }
    default:
      return [];
  }
}

function run(script: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function collect(): Promise<void> {
  const names = [...BENCHES.flatMap((bench) => bench.results), 'region-failover-afd'];
  const results: Record<string, Json> = {};
  for (const name of names) {
    try {
      results[name] = JSON.parse(await readFile(join(RESULTS_DIR, `${name}.json`), 'utf8'));
    } catch {
      // not measured yet
    }
  }
  const figures = Object.entries(results).flatMap(([name, result]) => headlines(name, result));
  await writeFile(
    join(RESULTS_DIR, 'latest.json'),
    `${JSON.stringify({ collectedAt: new Date().toISOString(), figures, results }, null, 2)}\n`,
  );
  const rows = figures.map(
    (x) =>
      `| ${x.bench} | ${x.figure} | ${x.value ?? '–'} ${x.unit} | ${x.target ?? '–'} | ${x.meets === undefined ? '–' : x.meets ? 'yes' : '**no**'} | ${x.baseline ?? '–'} |`,
  );
  const machines = Object.entries(results).map(
    ([name, r]) =>
      `- ${name}: ${r.measuredAt} on ${r.machine?.cores} × ${r.machine?.cpuModel}, ${r.machine?.memoryGiB} GiB, Node ${r.machine?.node}`,
  );
  const markdown = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (or `npm run bench -- --collect` from the results on disk).',
    'Every figure comes from a script in `bench/`; details in `bench/results/<name>.md`.',
    '',
    '| benchmark | figure | value | target | meets | baseline |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Where and when',
    '',
    ...machines,
    '',
  ].join('\n');
  await writeFile(join(repoRoot, 'docs', 'benchmarks.md'), markdown);
  console.log(`wrote bench/results/latest.json and docs/benchmarks.md (${figures.length} figures)`);
}

async function main() {
  const args = process.argv.slice(2);
  if (!args.includes('--collect')) {
    const onlyIndex = args.indexOf('--only');
    const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : undefined;
    const chosen = BENCHES.filter((bench) => !only || only.includes(bench.id));
    for (const [index, bench] of chosen.entries()) {
      console.log(`\n[${index + 1}/${chosen.length}] ${bench.id}: ${bench.script}`);
      const code = await run(bench.script);
      if (code !== 0) console.error(`${bench.id} exited with ${code}; its previous results (if any) stay`);
    }
  }
  await collect();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
