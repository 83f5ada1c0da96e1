import { userInfo } from 'node:os';
import { runCommand, sleep } from './local-desktop-process.ts';

export interface SessionUser {
  name: string;
  uid: number;
  gid: number;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function lookup(name: string): Promise<SessionUser | undefined> {
  try {
    const line = (await runCommand('getent', ['passwd', name])).toString('utf8').trim();
    const fields = line.split(':');
    return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

/** useradd fails with 10 while another useradd/userdel holds /etc/passwd: two workers may race. */
async function withPasswdRetry(task: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await task();
      return;
    } catch (error) {
      const code = (error as { exitCode?: number }).exitCode;
      if (code !== 10 || attempt >= 20) throw error;
      await sleep(50 + attempt * 50);
    }
  }
}

/**
 * The Cloud PC's own unprivileged Unix user (created when running as root). Without
 * root every session runs as the current user: it works, but sessions are not
 * isolated from each other, and health says so.
 */
export async function ensureSessionUser(name: string, home: string, machineId: string): Promise<SessionUser> {
  if (!isRoot()) {
    const me = userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  const existing = await lookup(name);
  if (existing) return existing;
  await withPasswdRetry(() =>
    runCommand(
      'useradd',
      ['-M', '-d', home, '-s', '/bin/bash', '-U', '-c', `Cloud PC ${machineId.slice(0, 40)}`, name],
      {
        // 9: the name exists (a racing create made it first).
        allowExit: [9],
      },
    ),
  );
  const created = await lookup(name);
  if (!created) throw new Error(`useradd did not create ${name}`);
  return created;
}

export async function removeSessionUser(name: string): Promise<void> {
  if (!isRoot() || !(await lookup(name))) return;
  // 6: the user is already gone.
  await withPasswdRetry(() => runCommand('userdel', [name], { allowExit: [6] }));
}
