import { randomBytes, randomUUID } from 'node:crypto';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import type Provider from 'oidc-provider';
import type { DirectoryStore } from './directory-store.ts';
import { type EntraError, entraErrorBody, entraErrors } from './entra-errors.ts';
import { type ResourceDef, translateScope } from './entra-scopes.ts';
import { createGraphHandler } from './graph-api.ts';
import { errorPage, PAGE_CSP, signInPage } from './pages.ts';
import { isRedirectUriAllowed, originAllowedFor } from './redirect-uris.ts';
import type { SeedApp } from './seed-directory.ts';
import type { EntraKeys } from './signing-keys.ts';
import { type EntraRequestInfo, issuerFor, JWT_BEARER } from './tenant-provider.ts';

const MULTI_TENANT = new Set(['organizations', 'common']);
const HOME_COOKIE = 'entra_home';
const TICKET_COOKIE = 'entra_ticket';
const BODY_LIMIT = 64 * 1024;

export interface EntraServerDeps {
  baseUrl: string;
  directory: DirectoryStore;
  apps: SeedApp[];
  resources: ResourceDef[];
  keys: EntraKeys;
  providers: Map<string, Provider>;
}

type Req = IncomingMessage & { originalUrl?: string; entra?: EntraRequestInfo };

function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new Error('request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A fresh request carrying a rewritten body: oidc-provider reads the body stream
 * itself, and the compatibility layer has already read (and translated) it.
 */
function withBody(req: IncomingMessage, body: string, url: string, dropAuthorization: boolean): Req {
  const clone = new IncomingMessage(req.socket) as Req;
  clone.method = req.method;
  clone.url = url;
  clone.httpVersionMajor = req.httpVersionMajor;
  clone.httpVersionMinor = req.httpVersionMinor;
  clone.httpVersion = req.httpVersion;
  const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
  headers['content-type'] = 'application/x-www-form-urlencoded';
  if (dropAuthorization) delete headers.authorization;
  clone.headers = headers;
  // Without `complete`, Node treats the clone as aborted when it ends and destroys the socket.
  clone.complete = true;
  clone.push(Buffer.from(body));
  clone.push(null);
  return clone;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(302, {
    location,
    'cache-control': 'no-store',
    ...(cookies.length ? { 'set-cookie': cookies } : {}),
  });
  res.end();
}

export function createEntraHandler(
  deps: EntraServerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { baseUrl, directory, apps, resources, keys, providers } = deps;
  const appsById = new Map(apps.map((a) => [a.clientId, a]));
  const callbacks = new Map([...providers].map(([tid, p]) => [tid, p.callback()]));
  const tickets = new Map<string, { tenantId: string; userId: string; expiresAt: number }>();
  const graph = createGraphHandler({ baseUrl, directory, keys });

  function tenantName(segment: string): string {
    return directory.tenant(segment)?.displayName ?? segment;
  }

  function corsHeaders(req: IncomingMessage, clientId?: string): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin) return {};
    const app = clientId ? appsById.get(clientId) : undefined;
    if (app && !originAllowedFor(origin, app.redirectUris)) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  function sendEntraError(
    req: IncomingMessage,
    res: ServerResponse,
    e: EntraError,
    correlationId: string,
    clientId?: string,
  ) {
    send(res, e.status, entraErrorBody(e, correlationId), corsHeaders(req, clientId));
  }

  function sendErrorPage(res: ServerResponse, e: EntraError): void {
    send(res, e.status, errorPage({ ...e, correlationId: randomUUID() }), {
      'content-security-policy': PAGE_CSP,
    });
  }

  function forward(tid: string, req: Req, res: ServerResponse, rest: string): void {
    const callback = callbacks.get(tid);
    if (!callback) throw new Error(`no provider for ${tid}`);
    // oidc-provider derives its mount path from originalUrl minus url.
    req.originalUrl = `/${tid}${rest}`;
    req.url = rest;
    void callback(req, res);
  }

  function discovery(segment: string): Record<string, unknown> {
    const issuerTenant = MULTI_TENANT.has(segment) ? '{tenantid}' : segment;
    const host = new URL(baseUrl).host;
    return {
      token_endpoint: `${baseUrl}/${segment}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${baseUrl}/${segment}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerFor(baseUrl, issuerTenant),
      request_uri_parameter_supported: false,
      authorization_endpoint: `${baseUrl}/${segment}/oauth2/v2.0/authorize`,
      http_logout_supported: true,
      frontchannel_logout_supported: false,
      end_session_endpoint: `${baseUrl}/${segment}/oauth2/v2.0/logout`,
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'password',
        JWT_BEARER,
      ],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'oid',
        'tid',
        'ver',
        'name',
        'preferred_username',
        'email',
        'roles',
        'groups',
        'scp',
      ],
      tenant_region_scope: 'NA',
      cloud_instance_name: host,
      cloud_graph_host_name: host,
      msgraph_host: `${host}/graph`,
    };
  }

  function homeTenantCookie(tid: string): string {
    return `${HOME_COOKIE}=${tid}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax`;
  }

  function validateAuthorizeClient(params: URLSearchParams, segment: string): EntraError | SeedApp {
    const clientId = params.get('client_id') ?? '';
    const app = appsById.get(clientId);
    if (app?.kind !== 'spa') return entraErrors.unknownClient(clientId, tenantName(segment));
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!isRedirectUriAllowed(redirectUri, app.redirectUris))
      return entraErrors.redirectMismatch(redirectUri, clientId);
    return app;
  }

  /** Sends an authorization error back to the app, as Entra does once the redirect URI is trusted. */
  function redirectError(res: ServerResponse, params: URLSearchParams, e: EntraError): void {
    const out = new URLSearchParams({
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.message}`,
      error_codes: String(e.code),
    });
    const state = params.get('state');
    if (state) out.set('state', state);
    const target = new URL(params.get('redirect_uri') ?? '');
    if ((params.get('response_mode') ?? 'query') === 'fragment') target.hash = out.toString();
    else for (const [k, v] of out) target.searchParams.set(k, v);
    redirect(res, target.href);
  }

  function tenantFromHints(params: URLSearchParams): string | undefined {
    const hint = params.get('login_hint');
    if (hint) {
      const found = directory.findUserByUpn(hint);
      if (found) return found.tenantId;
    }
    const domain = (params.get('domain_hint') ?? hint?.split('@')[1] ?? '').toLowerCase();
    if (!domain) return undefined;
    return directory
      .tenantIds()
      .find((tid) => directory.tenant(tid)?.domain.toLowerCase() === domain || tid === domain);
  }

  function organizationsAuthorize(req: Req, res: ServerResponse, url: URL, segment: string) {
    const params = url.searchParams;
    const app = validateAuthorizeClient(params, segment);
    if ('status' in app) return sendErrorPage(res, app);
    const prompt = params.get('prompt') ?? '';
    const wantsChooser = prompt === 'login' || prompt === 'select_account';
    const home = parseCookies(req).get(HOME_COOKIE);
    const tid = tenantFromHints(params) ?? (!wantsChooser && home && providers.has(home) ? home : undefined);
    if (tid) return redirect(res, `/${tid}/oauth2/v2.0/authorize${url.search}`);
    if (prompt === 'none') return redirectError(res, params, entraErrors.interactionRequired());
    send(res, 200, signInPage({ action: `/${segment}/login`, hidden: { q: url.search.slice(1) } }), {
      'content-security-policy': PAGE_CSP,
    });
  }

  async function organizationsSignIn(req: Req, res: ServerResponse, segment: string): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const q = form.get('q') ?? '';
    const params = new URLSearchParams(q);
    const app = validateAuthorizeClient(params, segment);
    if ('status' in app) return sendErrorPage(res, app);
    const username = (form.get('username') ?? '').trim();
    const found = directory.findUserByUpn(username);
    const failure = !found
      ? entraErrors.userNotFound('any')
      : form.get('password') !== directory.seed.devPassword
        ? entraErrors.wrongPassword()
        : undefined;
    if (failure || !found) {
      const message =
        failure?.code === 50126
          ? 'Your account or password is incorrect.'
          : 'We couldn’t find an account with that username.';
      send(
        res,
        200,
        signInPage({
          action: `/${segment}/login`,
          username,
          error: { code: failure?.code ?? 50034, message },
          hidden: { q },
        }),
        { 'content-security-policy': PAGE_CSP },
      );
      return;
    }
    const ticket = randomBytes(24).toString('base64url');
    tickets.set(ticket, {
      tenantId: found.tenantId,
      userId: found.user.id,
      expiresAt: Date.now() + 5 * 60_000,
    });
    params.set('login_hint', found.user.userPrincipalName);
    redirect(res, `/${found.tenantId}/oauth2/v2.0/authorize?${params}`, [
      `${TICKET_COOKIE}=${ticket}; Path=/${found.tenantId}/login; Max-Age=300; HttpOnly; SameSite=Lax`,
      homeTenantCookie(found.tenantId),
    ]);
  }

  function tenantAuthorize(req: Req, res: ServerResponse, url: URL, tid: string) {
    const params = url.searchParams;
    const translated = translateScope(params.get('scope') ?? undefined, resources, tenantName(tid));
    if ('error' in translated) {
      const app = validateAuthorizeClient(params, tid);
      if ('status' in app) return sendErrorPage(res, app);
      return redirectError(res, params, translated.error);
    }
    params.set('scope', [...translated.oidc, ...translated.resourceScopes].join(' '));
    params.set('resource', translated.resource.identifier);
    forward(tid, req, res, `/oauth2/v2.0/authorize?${params}`);
  }

  async function interaction(req: Req, res: ServerResponse, tid: string, uid: string): Promise<void> {
    const provider = providers.get(tid) as Provider;
    const tenant = directory.tenant(tid);
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendErrorPage(res, {
        status: 400,
        error: 'invalid_request',
        code: 90015,
        message:
          'The sign-in session expired or was not found. Go back to the application and sign in again.',
      });
    }
    if (details.uid !== uid) return sendErrorPage(res, entraErrors.badRequest('Sign-in session mismatch.'));
    const action = `/${tid}/login/${uid}`;
    const finish = async (userId: string, cookies: string[] = []) => {
      res.setHeader('set-cookie', [homeTenantCookie(tid), ...cookies]);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: userId }, select_account: {}, consent: {} },
        { mergeWithLastSubmission: false },
      );
    };

    if (details.prompt.name === 'consent') {
      // Seeded apps are admin-consented; loadExistingGrant already holds every scope.
      await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      return;
    }

    if (req.method === 'GET') {
      const cookies = parseCookies(req);
      const ticketId = cookies.get(TICKET_COOKIE);
      const ticket = ticketId ? tickets.get(ticketId) : undefined;
      if (ticketId) tickets.delete(ticketId);
      const clearTicket = `${TICKET_COOKIE}=; Path=/${tid}/login; Max-Age=0; HttpOnly; SameSite=Lax`;
      if (ticket && ticket.tenantId === tid && ticket.expiresAt > Date.now()) {
        return finish(ticket.userId, [clearTicket]);
      }
      send(
        res,
        200,
        signInPage({ action, tenantName: tenant?.displayName, username: details.params.login_hint }),
        {
          'content-security-policy': PAGE_CSP,
          'x-frame-options': 'DENY',
        },
      );
      return;
    }

    const form = new URLSearchParams(await readBody(req));
    const username = (form.get('username') ?? '').trim();
    const found = directory.findUserByUpn(username);
    let error: { code: number; message: string } | undefined;
    if (!found) error = { code: 50034, message: 'We couldn’t find an account with that username.' };
    else if (found.tenantId !== tid) {
      error = { code: 50020, message: `This account is not in the ${tenant?.displayName ?? tid} directory.` };
    } else if (form.get('password') !== directory.seed.devPassword) {
      error = { code: 50126, message: 'Your account or password is incorrect.' };
    }
    if (error || !found) {
      send(res, 200, signInPage({ action, tenantName: tenant?.displayName, username, error }), {
        'content-security-policy': PAGE_CSP,
        'x-frame-options': 'DENY',
      });
      return;
    }
    await finish(found.user.id);
  }

  async function resolveTokenTenant(form: URLSearchParams): Promise<string | undefined> {
    const grantType = form.get('grant_type');
    if (grantType === 'password') return directory.findUserByUpn(form.get('username') ?? '')?.tenantId;
    if (grantType === JWT_BEARER) {
      try {
        const tid = decodeJwt(form.get('assertion') ?? '').tid;
        return typeof tid === 'string' && providers.has(tid) ? tid : undefined;
      } catch {
        return undefined;
      }
    }
    const value = grantType === 'authorization_code' ? form.get('code') : form.get('refresh_token');
    if (!value || (grantType !== 'authorization_code' && grantType !== 'refresh_token')) return undefined;
    for (const [tid, p] of providers) {
      const model = grantType === 'authorization_code' ? p.AuthorizationCode : p.RefreshToken;
      if (await model.find(value, { ignoreExpiration: true }).catch(() => undefined)) return tid;
    }
    return undefined;
  }

  async function token(req: Req, res: ServerResponse, segment: string): Promise<void> {
    const correlationId = String(req.headers['client-request-id'] ?? randomUUID());
    const form = new URLSearchParams(await readBody(req));
    const authorization = req.headers.authorization ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(authorization);
    if (basic?.[1]) {
      // Entra accepts the secret in either place; oidc-provider wants one registered method.
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      form.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
      form.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
    }
    const clientId = form.get('client_id') ?? undefined;
    const grantType = form.get('grant_type') ?? '';
    const fail = (e: EntraError) => sendEntraError(req, res, e, correlationId, clientId);

    let tid: string | undefined = segment;
    if (MULTI_TENANT.has(segment)) tid = await resolveTokenTenant(form);
    if (!tid) {
      return fail(
        grantType === 'client_credentials' || grantType === 'password' || grantType === JWT_BEARER
          ? entraErrors.noTenant()
          : entraErrors.invalidGrant(
              'The provided authorization code or refresh token is invalid or was issued to another tenant.',
              9002313,
            ),
      );
    }
    if (!providers.has(tid)) return fail(entraErrors.tenantNotFound(tid));
    if (!clientId || !appsById.has(clientId))
      return fail(entraErrors.unknownClient(clientId ?? '', tenantName(tid)));

    let translated: EntraRequestInfo['translated'];
    if (grantType === 'client_credentials') {
      const scope = form.get('scope') ?? '';
      const t = translateScope(scope, resources, tenantName(tid));
      if ('error' in t) return fail(t.error);
      if (!t.isDefault || scope.trim().split(/\s+/).length !== 1)
        return fail(entraErrors.defaultScopeRequired(scope));
      translated = t;
      form.delete('scope');
      form.set('resource', t.resource.identifier);
    } else if (form.has('scope') || grantType === 'password' || grantType === JWT_BEARER) {
      const t = translateScope(form.get('scope') ?? undefined, resources, tenantName(tid));
      if ('error' in t) return fail(t.error);
      translated = t;
      form.set('scope', [...t.oidc, ...t.resourceScopes].join(' '));
      form.set('resource', t.resource.identifier);
    }
    const clone = withBody(req, form.toString(), req.url ?? '', Boolean(basic));
    clone.entra = { clientId, correlationId, grantType, translated };
    forward(tid, clone, res, '/oauth2/v2.0/token');
  }

  function logout(req: Req, res: ServerResponse, url: URL) {
    const hint = url.searchParams.get('id_token_hint');
    let tid: string | undefined;
    if (hint) {
      try {
        const claimed = decodeJwt(hint).tid;
        if (typeof claimed === 'string' && providers.has(claimed)) tid = claimed;
      } catch {
        tid = undefined;
      }
    }
    tid ??= parseCookies(req).get(HOME_COOKIE);
    if (!tid || !providers.has(tid)) {
      return send(
        res,
        200,
        errorPage({ ...entraErrors.badRequest('You are signed out.'), correlationId: randomUUID() }),
      );
    }
    redirect(res, `/${tid}/oauth2/v2.0/logout${url.search}`);
  }

  function preflight(req: Req, res: ServerResponse): void {
    const origin = req.headers.origin;
    const headers: Record<string, string> = {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-max-age': '86400',
      vary: 'Origin',
    };
    if (origin) headers['access-control-allow-origin'] = origin;
    const requested = req.headers['access-control-request-headers'];
    if (requested) headers['access-control-allow-headers'] = String(requested);
    res.writeHead(204, headers);
    res.end();
  }

  async function route(req: Req, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    if (path.startsWith('/graph/')) return graph(req, res, url);
    if (req.method === 'OPTIONS') return preflight(req, res);

    const segments = path.split('/').filter(Boolean);
    const [segment = '', ...rest] = segments;
    const sub = `/${rest.join('/')}`;
    const isMulti = MULTI_TENANT.has(segment);
    const isTenant = providers.has(segment);

    if (path === '/') {
      return send(res, 200, {
        service: 'local Entra ID',
        tenants: directory.tenantIds().map((tid) => ({
          tenantId: tid,
          displayName: tenantName(tid),
          openidConfiguration: `${baseUrl}/${tid}/v2.0/.well-known/openid-configuration`,
        })),
        organizations: `${baseUrl}/organizations/v2.0/.well-known/openid-configuration`,
      });
    }
    if (!isMulti && !isTenant) {
      if (segment && /^[0-9a-f-]{36}$/i.test(segment)) {
        return send(res, 400, entraErrorBody(entraErrors.tenantNotFound(segment)));
      }
      return send(res, 404, { error: 'not_found', error_description: `No route for ${path}` });
    }

    if (req.method === 'GET' && sub === '/v2.0/.well-known/openid-configuration') {
      return send(res, 200, discovery(segment), { 'access-control-allow-origin': '*' });
    }
    if (req.method === 'GET' && sub === '/discovery/v2.0/keys') {
      return send(res, 200, { keys: [keys.publicJwk] }, { 'access-control-allow-origin': '*' });
    }
    if (sub === '/oauth2/v2.0/token' && req.method === 'POST') return token(req, res, segment);
    if (isMulti) {
      if (sub === '/oauth2/v2.0/authorize' && req.method === 'GET')
        return organizationsAuthorize(req, res, url, segment);
      if (sub === '/login' && req.method === 'POST') return organizationsSignIn(req, res, segment);
      if (sub === '/oauth2/v2.0/logout') return logout(req, res, url);
      return send(res, 404, { error: 'not_found' });
    }
    if (sub === '/oauth2/v2.0/authorize' && req.method === 'GET')
      return tenantAuthorize(req, res, url, segment);
    if (rest[0] === 'login' && rest.length === 2 && rest[1]) return interaction(req, res, segment, rest[1]);
    if (sub.startsWith('/oauth2/v2.0/authorize/') || sub.startsWith('/oauth2/v2.0/logout')) {
      return forward(segment, req, res, `${sub}${url.search}`);
    }
    return send(res, 404, { error: 'not_found', error_description: `No route for ${path}` });
  }

  return (req, res) => {
    route(req as Req, res).catch((error: unknown) => {
      console.error(`local Entra: ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, 500, entraErrorBody(entraErrors.serverError()));
      else res.end();
    });
  };
}
