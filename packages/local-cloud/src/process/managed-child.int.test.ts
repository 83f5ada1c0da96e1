import { describe, expect, it } from 'vitest';
import { spawnManaged } from './managed-child.ts';
import { isGroupAlive, livingGroupMembers } from './proc.ts';

// A child that starts a grandchild and, if asked, ignores SIGTERM: the worst case
// for leaving orphans behind.
const script = (ignoreTerm: boolean) => `
  const { spawn } = require('node:child_process');
  ${ignoreTerm ? "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));" : ''}
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log('grandchild ' + grandchild.pid);
  console.error('to stderr');
  setInterval(() => {}, 1000);
`;

async function startChild(ignoreTerm: boolean) {
  const lines: string[] = [];
  const child = spawnManaged({
    name: 'probe',
    command: process.execPath,
    args: ['-e', script(ignoreTerm)],
    cwd: process.cwd(),
    env: process.env,
    output: (line) => lines.push(line),
  });
  while (!lines.some((l) => l.includes('grandchild'))) await new Promise((r) => setTimeout(r, 20));
  const grandchild = Number(/grandchild (\d+)/.exec(lines.join('\n'))?.[1]);
  return { child, lines, grandchild };
}

describe('managed child processes', () => {
  it('prefixes both output streams and stops the whole group with SIGTERM', async () => {
    const { child, lines, grandchild } = await startChild(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(lines).toEqual(expect.arrayContaining([`[probe] grandchild ${grandchild}`, '[probe] to stderr']));
    await child.stop(2000);
    expect(isGroupAlive(child.pid)).toBe(false);
    expect(livingGroupMembers(child.pid)).not.toContain(grandchild);
    expect((await child.exited).signal).toBe('SIGTERM');
  });

  it('kills a group that ignores SIGTERM once the grace period is over', async () => {
    const { child, lines, grandchild } = await startChild(true);
    const started = Date.now();
    await child.stop(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(isGroupAlive(child.pid)).toBe(false);
    expect(livingGroupMembers(child.pid)).not.toContain(grandchild);
    expect(lines.some((l) => l.includes('did not stop within 500 ms; killing'))).toBe(true);
  });

  it('reports a command that cannot start', () => {
    expect(() =>
      spawnManaged({
        name: 'missing',
        command: '/nonexistent/binary',
        args: [],
        cwd: process.cwd(),
        env: {},
      }),
    ).toThrow(/Cannot start missing/);
  });
});
