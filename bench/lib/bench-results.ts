import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** The machine a figure was measured on: figures mean little without it. */
export function machine() {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Writes `<name>.json` (machine-readable) and `<name>.md` (for people) under bench/results. */
export async function writeResults(name: string, json: object, markdown: string): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamped = { name, measuredAt: new Date().toISOString(), machine: machine(), ...json };
  await writeFile(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(stamped, null, 2)}\n`);
  await writeFile(join(RESULTS_DIR, `${name}.md`), `${markdown.trim()}\n`);
  console.log(`wrote bench/results/${name}.json and .md`);
}
