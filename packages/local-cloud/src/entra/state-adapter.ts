import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * oidc-provider storage adapter: a plain Map with expiry, one per tenant. The
 * library's own memory adapter is an LRU capped at 1000 entries, which evicts
 * sessions and refresh tokens under load tests with hundreds of users. With a
 * file, the entries are written shortly after each change and on close, so browser
 * sessions and refresh tokens survive a restart of `npm start`.
 */
type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; jti?: string };

interface Entry {
  payload: Payload;
  /** Epoch ms; null = no expiry (JSON has no Infinity). */
  expiresAt: number | null;
}

export interface AdapterInstance {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

export interface StateAdapter {
  /** The factory oidc-provider calls per model. */
  factory: (model: string) => AdapterInstance;
  /** Writes pending changes now (no-op without a file). */
  flush(): void;
}

const SAVE_DELAY_MS = 250;

function isLive(entry: Entry, now: number): boolean {
  return entry.expiresAt === null || entry.expiresAt > now;
}

function load(file: string | undefined): Map<string, Entry> {
  if (!file) return new Map();
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; entries?: [string, Entry][] };
    if (raw.format !== 1 || !Array.isArray(raw.entries)) return new Map();
    const now = Date.now();
    return new Map(raw.entries.filter(([, e]) => isLive(e, now)));
  } catch (error) {
    // A missing or unreadable state file only means everyone signs in again.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      console.warn(`local Entra: ignoring unreadable ${file}: ${(error as Error).message}`);
    }
    return new Map();
  }
}

export function createStateAdapter(file?: string): StateAdapter {
  const entries = load(file);
  const sessionByUid = new Map<string, string>();
  const byGrant = new Map<string, Set<string>>();
  for (const [key, entry] of entries) {
    if (key.startsWith('Session:') && typeof entry.payload.uid === 'string') {
      sessionByUid.set(entry.payload.uid, key.slice('Session:'.length));
    }
    if (entry.payload.grantId) {
      const keys = byGrant.get(entry.payload.grantId) ?? new Set<string>();
      keys.add(key);
      byGrant.set(entry.payload.grantId, keys);
    }
  }
  let writes = 0;
  let timer: NodeJS.Timeout | undefined;

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && !isLive(entry, Date.now())) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function sweep(): void {
    const now = Date.now();
    for (const [key, entry] of entries) if (!isLive(entry, now)) entries.delete(key);
    for (const [grantId, keys] of byGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) byGrant.delete(grantId);
    }
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!file) return;
    sweep();
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: 1, entries: [...entries] }), { mode: 0o600 });
    renameSync(tmp, file);
  }

  function changed(): void {
    if (++writes % 1000 === 0) sweep();
    if (!file || timer) return;
    timer = setTimeout(flush, SAVE_DELAY_MS);
    timer.unref();
  }

  const factory = (model: string): AdapterInstance => {
    const keyFor = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyFor(id);
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : null;
        entries.set(key, { payload, expiresAt });
        if (model === 'Session' && typeof payload.uid === 'string') sessionByUid.set(payload.uid, id);
        if (payload.grantId) {
          const keys = byGrant.get(payload.grantId) ?? new Set<string>();
          keys.add(key);
          byGrant.set(payload.grantId, keys);
        }
        changed();
      },
      async find(id) {
        return live(keyFor(id))?.payload;
      },
      async findByUid(uid) {
        const id = sessionByUid.get(uid);
        return id ? live(keyFor(id))?.payload : undefined;
      },
      async findByUserCode() {
        return undefined;
      },
      async consume(id) {
        const entry = live(keyFor(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
        changed();
      },
      async destroy(id) {
        const key = keyFor(id);
        const entry = entries.get(key);
        entries.delete(key);
        if (entry && model === 'Session' && typeof entry.payload.uid === 'string') {
          sessionByUid.delete(entry.payload.uid);
        }
        changed();
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
        changed();
      },
    };
  };

  return { factory, flush };
}
