import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DirectoryError, type DirectoryStore } from './directory-store.ts';
import { GRAPH_RESOURCE } from './entra-scopes.ts';
import type { SeedGroup, SeedUser } from './seed-directory.ts';
import type { EntraKeys } from './signing-keys.ts';

const READ_USERS = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const READ_GROUPS = [
  'GroupMember.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const WRITE_MEMBERS = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'];
const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

interface Caller {
  tenantId: string;
  roles: Set<string>;
}

interface DeltaState {
  /** Tenant the token belongs to: a token never crosses tenants. */
  t: string;
  /** Version the sync converges to (the delta link's version). */
  v: number;
  /** Version the sync starts from; -1 = full sync. */
  s: number;
  /** Units already sent. */
  o: number;
  sel: string;
}

function encodeToken(state: object): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeToken(token: string): DeltaState {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    if (typeof parsed.t !== 'string' || !Number.isInteger(parsed.v)) throw new Error('shape');
    return { t: parsed.t, v: parsed.v, s: parsed.s ?? parsed.v, o: parsed.o ?? 0, sel: parsed.sel ?? '' };
  } catch {
    throw new GraphError(400, 'Request_BadRequest', 'The delta or skip token is not valid.');
  }
}

function userJson(u: SeedUser): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.userPrincipalName,
    accountEnabled: true,
  };
}

function groupJson(g: SeedGroup): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
  };
}

function select(obj: Record<string, unknown>, sel: string | null): Record<string, unknown> {
  if (!sel) return obj;
  const fields = new Set(sel.split(',').map((s) => s.trim()));
  fields.add('id');
  return Object.fromEntries(Object.entries(obj).filter(([k]) => fields.has(k) || k.startsWith('@odata')));
}

function pageSize(url: URL, req: IncomingMessage): number {
  const top = url.searchParams.get('$top');
  const prefer = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1];
  const n = Number(top ?? prefer ?? DEFAULT_PAGE);
  if (!Number.isInteger(n) || n < 1)
    throw new GraphError(400, 'Request_BadRequest', `Invalid page size '${top}'.`);
  return Math.min(n, MAX_PAGE);
}

/** `prop eq 'v'`, `startswith(prop,'v')`, clauses joined by ` or `: what directory sync needs. */
function userFilter(filter: string): (u: SeedUser) => boolean {
  const props = new Set(['id', 'userPrincipalName', 'displayName', 'mail']);
  const clauses = filter.split(/\s+or\s+/i).map((clause) => {
    const eq = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    const sw = /^\s*startswith\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(clause);
    const m = eq ?? sw;
    if (!m?.[1] || m[2] === undefined || !props.has(m[1])) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause: ${clause.trim()}`,
      );
    }
    const prop = m[1] === 'mail' ? 'userPrincipalName' : (m[1] as keyof SeedUser);
    const value = m[2].replaceAll("''", "'").toLowerCase();
    return (u: SeedUser) => {
      const actual = String(u[prop]).toLowerCase();
      return eq ? actual === value : actual.startsWith(value);
    };
  });
  return (u) => clauses.some((c) => c(u));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new GraphError(400, 'Request_BadRequest', 'The request body is not valid JSON.');
  }
}

export interface GraphHandlerDeps {
  baseUrl: string;
  directory: DirectoryStore;
  keys: EntraKeys;
}

/**
 * A Graph v1.0 subset over the local directory, for app-only callers. Permissions
 * are the token's `roles` (application permissions), and every read or write is
 * confined to the token's `tid`.
 */
export function createGraphHandler(deps: GraphHandlerDeps) {
  const { baseUrl, directory } = deps;
  const jwks = createLocalJWKSet({ keys: [deps.keys.publicJwk] });
  const issuers = directory.tenantIds().map((tid) => `${baseUrl}/${tid}/v2.0`);
  const graphBase = `${baseUrl}/graph/v1.0`;

  async function authenticate(req: IncomingMessage): Promise<Caller> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        algorithms: ['RS256'],
        issuer: issuers,
        audience: GRAPH_RESOURCE,
        clockTolerance: 60,
      });
      const tid = String(payload.tid);
      if (payload.iss !== `${baseUrl}/${tid}/v2.0`) throw new Error('issuer and tid disagree');
      if (payload.idtyp !== 'app') {
        throw new GraphError(
          403,
          'Authorization_RequestDenied',
          'This local Graph accepts app-only tokens only.',
        );
      }
      const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
      return { tenantId: tid, roles: new Set(roles) };
    } catch (error) {
      if (error instanceof GraphError) throw error;
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
    }
  }

  function require(caller: Caller, anyOf: string[]): void {
    if (!anyOf.some((p) => caller.roles.has(p))) {
      throw new GraphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
  }

  function mustUser(tid: string, idOrUpn: string): SeedUser {
    const byId = directory.getUser(tid, idOrUpn);
    const byUpn = directory.findUserByUpn(idOrUpn);
    const user = byId ?? (byUpn?.tenantId === tid ? byUpn.user : undefined);
    if (!user) {
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return user;
  }

  function mustGroup(tid: string, id: string): SeedGroup {
    const group = directory.getGroup(tid, id);
    if (!group) {
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return group;
  }

  function paged<T>(
    items: T[],
    url: URL,
    req: IncomingMessage,
    context: string,
    toJson: (t: T) => Record<string, unknown>,
  ): Record<string, unknown> {
    const size = pageSize(url, req);
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    if (!Number.isInteger(skip) || skip < 0)
      throw new GraphError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
    const page = items.slice(skip, skip + size).map(toJson);
    const body: Record<string, unknown> = {
      '@odata.context': `${graphBase}/$metadata#${context}`,
      value: page,
    };
    if (skip + size < items.length) {
      const next = new URL(url.href);
      next.searchParams.set('$skiptoken', String(skip + size));
      body['@odata.nextLink'] = `${graphBase}${next.pathname.replace(/^\/graph\/v1\.0/, '')}${next.search}`;
    }
    return body;
  }

  function delta(caller: Caller, url: URL, req: IncomingMessage): Record<string, unknown> {
    const tid = caller.tenantId;
    const current = directory.version(tid);
    const deltaToken = url.searchParams.get('$deltatoken');
    const skipToken = url.searchParams.get('$skiptoken');
    let state: DeltaState;
    if (skipToken) state = decodeToken(skipToken);
    else if (deltaToken) {
      const d = decodeToken(deltaToken);
      state = { t: d.t, v: current, s: d.v, o: 0, sel: d.sel };
    } else state = { t: tid, v: current, s: -1, o: 0, sel: url.searchParams.get('$select') ?? '' };
    if (state.t !== tid)
      throw new GraphError(400, 'Request_BadRequest', 'The delta token belongs to another tenant.');
    if (state.s > current || state.v > current) {
      throw new GraphError(
        410,
        'SyncStateNotFound',
        'The delta token is no longer valid; start a new full sync.',
      );
    }

    const selected = new Set(
      state.sel ? state.sel.split(',').map((s) => s.trim()) : ['displayName', 'members'],
    );
    const target = directory.membershipAt(tid, state.v);
    const before = state.s >= 0 ? directory.membershipAt(tid, state.s) : undefined;

    // Units: one per member entry (or one for a group with none), so pages split big groups.
    const units: { group: SeedGroup; member?: Record<string, unknown> }[] = [];
    for (const group of directory.listGroups(tid)) {
      const now = target.get(group.id) ?? [];
      let entries: Record<string, unknown>[];
      if (!before) {
        entries = now.map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));
      } else {
        const was = new Set(before.get(group.id) ?? []);
        const is = new Set(now);
        const added = now
          .filter((id) => !was.has(id))
          .map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));
        const removed = [...was]
          .filter((id) => !is.has(id))
          .map((id) => ({ '@odata.type': '#microsoft.graph.user', id, '@removed': { reason: 'deleted' } }));
        entries = [...added, ...removed];
        if (entries.length === 0) continue;
      }
      if (!selected.has('members') || entries.length === 0) units.push({ group });
      else for (const member of entries) units.push({ group, member });
    }

    const size = pageSize(url, req);
    const page = units.slice(state.o, state.o + size);
    const value: Record<string, unknown>[] = [];
    for (const unit of page) {
      let last = value[value.length - 1];
      if (!last || last.id !== unit.group.id) {
        last = { id: unit.group.id };
        if (selected.has('displayName')) last.displayName = unit.group.displayName;
        if (selected.has('members')) last['members@delta'] = [];
        value.push(last);
      }
      if (unit.member) (last['members@delta'] as unknown[]).push(unit.member);
    }
    const selectPart = [...selected].join(',');
    const body: Record<string, unknown> = {
      '@odata.context': `${graphBase}/$metadata#groups(${selectPart})`,
      value,
    };
    if (state.o + size < units.length) {
      body['@odata.nextLink'] =
        `${graphBase}/groups/delta?$skiptoken=${encodeToken({ ...state, o: state.o + size, sel: selectPart })}`;
    } else {
      body['@odata.deltaLink'] =
        `${graphBase}/groups/delta?$deltatoken=${encodeToken({ t: tid, v: state.v, sel: selectPart })}`;
    }
    return body;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/^\/graph\/v1\.0/, '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (!url.pathname.startsWith('/graph/v1.0/')) {
      throw new GraphError(400, 'BadRequest', 'Only Graph v1.0 is served locally.');
    }
    const caller = await authenticate(req);
    const tid = caller.tenantId;
    const sel = url.searchParams.get('$select');
    const method = req.method ?? 'GET';

    if (method === 'GET' && parts[0] === 'users' && parts.length === 2 && parts[1]) {
      require(caller, READ_USERS);
      return respond(res, 200, {
        '@odata.context': `${graphBase}/$metadata#users/$entity`,
        ...select(userJson(mustUser(tid, parts[1])), sel),
      });
    }
    if (method === 'GET' && parts[0] === 'users' && parts.length === 1) {
      require(caller, READ_USERS);
      const filter = url.searchParams.get('$filter');
      const users = filter ? directory.listUsers(tid).filter(userFilter(filter)) : directory.listUsers(tid);
      return respond(
        res,
        200,
        paged(users, url, req, 'users', (u) => select(userJson(u), sel)),
      );
    }
    if (method === 'GET' && parts[0] === 'groups' && parts[1] === 'delta' && parts.length === 2) {
      require(caller, READ_GROUPS);
      return respond(res, 200, delta(caller, url, req));
    }
    if (method === 'GET' && parts[0] === 'groups' && parts.length === 1) {
      require(caller, READ_GROUPS);
      let groups = directory.listGroups(tid);
      const search = url.searchParams.get('$search');
      if (search) {
        if (String(req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
          throw new GraphError(
            400,
            'Request_UnsupportedQuery',
            "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
          );
        }
        const m = /^"?(\w+):((?:[^"])*)"?$/.exec(search.trim());
        if (!m?.[1] || m[1] !== 'displayName') {
          throw new GraphError(
            400,
            'Request_UnsupportedQuery',
            'Only $search="displayName:..." is supported.',
          );
        }
        const needle = (m[2] ?? '').toLowerCase();
        groups = groups.filter(
          (g) =>
            g.displayName
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(needle)) || g.displayName.toLowerCase().startsWith(needle),
        );
      }
      return respond(
        res,
        200,
        paged(groups, url, req, 'groups', (g) => select(groupJson(g), sel)),
      );
    }
    if (method === 'GET' && parts[0] === 'groups' && parts.length === 2 && parts[1]) {
      require(caller, READ_GROUPS);
      return respond(res, 200, {
        '@odata.context': `${graphBase}/$metadata#groups/$entity`,
        ...select(groupJson(mustGroup(tid, parts[1])), sel),
      });
    }
    if (
      method === 'GET' &&
      parts[0] === 'groups' &&
      parts[2] === 'members' &&
      parts.length === 3 &&
      parts[1]
    ) {
      require(caller, READ_GROUPS);
      mustGroup(tid, parts[1]);
      const members = directory
        .memberIds(tid, parts[1])
        .map((id) => directory.getUser(tid, id))
        .filter((u): u is SeedUser => u !== undefined);
      return respond(
        res,
        200,
        paged(members, url, req, 'directoryObjects', (u) => select(userJson(u), sel)),
      );
    }
    if (
      method === 'POST' &&
      parts[0] === 'groups' &&
      parts[2] === 'members' &&
      parts[3] === '$ref' &&
      parts[1]
    ) {
      require(caller, WRITE_MEMBERS);
      const body = (await readJson(req)) as Record<string, unknown>;
      const ref = typeof body?.['@odata.id'] === 'string' ? body['@odata.id'] : '';
      const userId = /\/(?:directoryObjects|users)\/([^/?#]+)$/.exec(ref)?.[1];
      if (!userId) {
        throw new GraphError(
          400,
          'Request_BadRequest',
          "Invalid '@odata.id'; expected …/directoryObjects/{id}.",
        );
      }
      directory.addMember(tid, parts[1], decodeURIComponent(userId));
      return respond(res, 204);
    }
    if (
      method === 'DELETE' &&
      parts[0] === 'groups' &&
      parts[2] === 'members' &&
      parts[4] === '$ref' &&
      parts[1] &&
      parts[3]
    ) {
      require(caller, WRITE_MEMBERS);
      directory.removeMember(tid, parts[1], parts[3]);
      return respond(res, 204);
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${parts[0] ?? ''}'.`);
  }

  function respond(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      await handle(req, res, url);
    } catch (error) {
      let e: GraphError;
      if (error instanceof GraphError) e = error;
      else if (error instanceof DirectoryError) {
        e =
          error.code === 'AlreadyMember'
            ? new GraphError(400, 'Request_BadRequest', error.message)
            : new GraphError(404, 'Request_ResourceNotFound', error.message);
      } else {
        console.error(
          `local Graph: ${req.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`,
        );
        e = new GraphError(500, 'InternalServerError', 'The local Graph failed to process the request.');
      }
      const requestId = randomUUID();
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'request-id': requestId,
      };
      if (e.status === 401)
        headers['www-authenticate'] = 'Bearer realm="", authorization_uri="", client_id=""';
      res.writeHead(e.status, headers);
      res.end(
        JSON.stringify({
          error: {
            code: e.code,
            message: e.message,
            innerError: {
              date: new Date().toISOString(),
              'request-id': requestId,
              'client-request-id': String(req.headers['client-request-id'] ?? requestId),
            },
          },
        }),
      );
    }
  };
}
