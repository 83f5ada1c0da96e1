#!/usr/bin/env node
// `npm start`: build what is stale (turbo's cache skips the rest), then run the
// local cloud in the foreground. Signals are passed on to the stack, which stops
// every component and writes its state before exiting.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' };
const bin = (name) => join(root, 'node_modules', '.bin', name);

console.log('[start] building what changed (npx turbo run build)…');
const build = spawnSync(bin('turbo'), ['run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error(
    `[start] build failed (${build.error?.message ?? `exit code ${build.status}`}); not starting.`,
  );
  process.exit(build.status || 1);
}

// Real desktops when this host can run them (installing the Debian packages when
// root, as for Chromium); otherwise simulated compute, said out loud.
if (!env.CLOUDPC_COMPUTE_PROVIDER) {
  const desktop = spawnSync('bash', [join(root, 'scripts/ensure-system-deps.sh'), 'desktop'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (desktop.status === 0) {
    env.CLOUDPC_COMPUTE_PROVIDER = 'local-desktop';
    console.log('[start] compute: local-desktop (each Cloud PC is a real desktop: Xvnc + openbox + xterm)');
  } else {
    env.CLOUDPC_COMPUTE_PROVIDER = 'simulated';
    console.log(
      '\n[start] NOTICE: the desktop packages (tigervnc-standalone-server, openbox, xterm) are missing,' +
        '\n[start] so Cloud PCs are SIMULATED: launches are checked and recorded but show no desktop.' +
        '\n[start] Install them (see above) and run npm start again for real desktops.\n',
    );
  }
} else {
  console.log(`[start] compute: ${env.CLOUDPC_COMPUTE_PROVIDER} (from CLOUDPC_COMPUTE_PROVIDER)`);
}

// `node --import tsx` rather than the tsx CLI: one process instead of two.
const stack = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/local-cloud/src/cli.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});

// The stack shares our process group, so a terminal Ctrl-C reaches it directly;
// forwarding covers signals sent to this process alone (npm, kill). The stack
// treats two signals within a second as one.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stack.exitCode === null && stack.signalCode === null) stack.kill(signal);
  });
}

stack.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
