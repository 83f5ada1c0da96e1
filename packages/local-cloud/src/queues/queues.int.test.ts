import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../process/ports.ts';
import { startLocalQueues } from './index.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local queues (Azurite)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-queues-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps messages on disk across a restart and leaves no process behind', async () => {
    const lines: string[] = [];
    const port = await freePort();
    const first = await startLocalQueues({ port, dataDir, region: 'eastus', output: (l) => lines.push(l) });
    const queue = new QueueClient(first.connectionString, 'provisioning');
    await queue.createIfNotExists();
    await queue.sendMessage('job-1');
    await first.close();
    expect(isAlive(first.pid)).toBe(false);
    expect(await readdir(dataDir)).toContain('azurite-eastus');
    expect(lines.some((l) => l.startsWith('[queues-eastus] '))).toBe(true);

    const second = await startLocalQueues({ port, dataDir, region: 'eastus', output: () => undefined });
    try {
      const again = new QueueClient(second.connectionString, 'provisioning');
      const { receivedMessageItems } = await again.receiveMessages();
      expect(receivedMessageItems.map((m) => m.messageText)).toEqual(['job-1']);
    } finally {
      await second.close();
    }
  });

  it('starts in memory without a data dir, on the port it was given', async () => {
    const port = await freePort();
    const queues = await startLocalQueues({ port, region: 'westus', output: () => undefined });
    try {
      expect(queues.connectionString).toContain(`QueueEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`);
      const queue = new QueueClient(queues.connectionString, 'memory-only');
      await queue.create();
      expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
    } finally {
      await queues.close();
    }
  });

  it('fails clearly when the port is already taken', async () => {
    const port = await freePort();
    const holder = await startLocalQueues({ port, region: 'eastus', output: () => undefined });
    try {
      await expect(startLocalQueues({ port, region: 'westus', output: () => undefined })).rejects.toThrow(
        /Azurite \(westus\) did not start/,
      );
    } finally {
      await holder.close();
    }
  });
});
