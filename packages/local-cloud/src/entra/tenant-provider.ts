import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import Provider, {
  errors,
  interactionPolicy,
  type KoaContext,
  type OidcClient,
  type ResourceServerInfo,
} from 'oidc-provider';
import type { DirectoryStore } from './directory-store.ts';
import {
  type EntraError,
  entraErrorBody,
  entraErrors,
  fromProviderFailure,
  type ProviderFailure,
} from './entra-errors.ts';
import {
  findResource,
  formatResponseScope,
  OIDC_SCOPES,
  type ResourceDef,
  type TranslatedScope,
} from './entra-scopes.ts';
import { errorPage, logoutPage, PAGE_CSP, signedOutPage } from './pages.ts';
import { isRedirectUriAllowed, originAllowedFor } from './redirect-uris.ts';
import type { SeedApp, SeedTenant, SeedUser } from './seed-directory.ts';
import { uuidV5 } from './seed-directory.ts';
import type { EntraKeys } from './signing-keys.ts';
import type { StateAdapter } from './state-adapter.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN_TTL = 3600;

/** What the compatibility layer learned about a token request before handing it on. */
export interface EntraRequestInfo {
  clientId?: string;
  correlationId: string;
  grantType?: string;
  translated?: TranslatedScope;
}

export interface TenantProviderOptions {
  baseUrl: string;
  tenant: SeedTenant;
  directory: DirectoryStore;
  apps: SeedApp[];
  resources: ResourceDef[];
  keys: EntraKeys;
  adapter: StateAdapter['factory'];
}

/** Entra's object id for an app's service principal in a tenant; stable, derived from the ids. */
export function servicePrincipalId(tenantId: string, clientId: string): string {
  return uuidV5(`cloudpc-local/${tenantId}/serviceprincipal/${clientId}`);
}

export function issuerFor(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

function clientMetadata(app: SeedApp): Record<string, unknown> {
  if (app.kind === 'spa') {
    return {
      client_id: app.clientId,
      client_name: app.name,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', 'password'],
      response_types: ['code'],
      redirect_uris: app.redirectUris,
      post_logout_redirect_uris: app.redirectUris,
    };
  }
  return {
    client_id: app.clientId,
    client_name: app.name,
    client_secret: app.clientSecret,
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials', JWT_BEARER, 'refresh_token', 'password'],
    response_types: [],
    redirect_uris: [],
  };
}

function userClaims(tenantId: string, user: SeedUser): Record<string, unknown> {
  return {
    sub: user.id,
    oid: user.id,
    tid: tenantId,
    ver: '2.0',
    name: user.displayName,
    preferred_username: user.userPrincipalName,
    email: user.userPrincipalName,
  };
}

/** A failure our own code knows the exact Entra shape of. */
export function entraFailure(e: EntraError): Error {
  const err = new errors.InvalidGrant(e.message) as Error & { entra?: EntraError };
  err.entra = e;
  return err;
}

/**
 * One oidc-provider per tenant: Entra issuers are per tenant
 * (`{host}/{tid}/v2.0`) and oidc-provider has exactly one issuer per instance.
 */
export function createTenantProvider(o: TenantProviderOptions): Provider {
  const { tenant, directory, resources, keys, baseUrl } = o;
  const tid = tenant.tenantId;
  const issuer = issuerFor(baseUrl, tid);
  const appsById = new Map(o.apps.map((a) => [a.clientId, a]));
  const localJwks = createLocalJWKSet({ keys: [keys.publicJwk] });
  const short = tid.slice(0, 8);

  function resourceServerInfo(r: ResourceDef): ResourceServerInfo {
    return {
      scope: r.delegatedScopes.join(' '),
      audience: r.audience,
      accessTokenFormat: 'jwt',
      accessTokenTTL: ACCESS_TOKEN_TTL,
      jwt: { sign: { alg: 'RS256' } },
    };
  }

  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'login_hint_mismatch',
      'login_hint names another user than the session',
      (ctx) => {
        const hint = ctx.oidc.params?.login_hint;
        const accountId = ctx.oidc.session?.accountId;
        if (typeof hint !== 'string' || !hint || !accountId) return false;
        const user = directory.getUser(tid, accountId);
        return user?.userPrincipalName.toLowerCase() !== hint.trim().toLowerCase();
      },
    ),
  );

  const provider = new Provider(issuer, {
    adapter: o.adapter,
    clients: o.apps.map(clientMetadata),
    jwks: { keys: [keys.signingJwk] },
    cookies: {
      keys: keys.cookieKeys,
      names: { session: `entra_s_${short}`, interaction: `entra_i_${short}`, resume: `entra_r_${short}` },
      // Plain http on localhost: a Secure cookie would never come back.
      long: { httpOnly: true, sameSite: 'lax', secure: false },
      short: { httpOnly: true, sameSite: 'lax', secure: false },
    },
    scopes: [...OIDC_SCOPES],
    claims: {
      openid: ['sub', 'oid', 'tid', 'ver', 'name', 'preferred_username'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clockTolerance: 60,
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      dPoP: { enabled: false },
      revocation: { enabled: false },
      introspection: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: KoaContext, _client: OidcClient, oneOf?: string[]) => oneOf?.[0],
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: KoaContext, indicator: string) => {
          const r = findResource(resources, indicator);
          if (!r) throw new errors.InvalidTarget(indicator);
          return resourceServerInfo(r);
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          const nonce = randomUUID();
          // No form-action: Chromium applies it to the redirect after the POST, which goes to the app.
          ctx.set('content-security-policy', `${PAGE_CSP}; script-src 'nonce-${nonce}'`);
          ctx.type = 'html';
          ctx.body = logoutPage(form, nonce);
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          ctx.set('content-security-policy', PAGE_CSP);
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
    },
    routes: {
      authorization: '/oauth2/v2.0/authorize',
      token: '/oauth2/v2.0/token',
      end_session: '/oauth2/v2.0/logout',
      jwks: '/discovery/v2.0/keys',
      userinfo: '/oidc/userinfo',
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: ACCESS_TOKEN_TTL,
      IdToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 600,
      Interaction: 3600,
      // Entra gives SPAs 24 h refresh tokens.
      RefreshToken: 24 * 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    interactions: {
      policy,
      url: async (_ctx: KoaContext, interaction: { uid: string }) => `/${tid}/login/${interaction.uid}`,
    },
    findAccount: async (_ctx: KoaContext, sub: string) => {
      const user = directory.getUser(tid, sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: async () => userClaims(tid, user) };
    },
    // Every seeded app is admin-consented in its tenant: grant what is asked, never prompt.
    loadExistingGrant: async (ctx: KoaContext) => {
      const { oidc } = ctx;
      const client = oidc.client;
      const accountId = oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
      const grant =
        (grantId ? await provider.Grant.find(grantId) : undefined) ??
        new provider.Grant({ accountId, clientId: client.clientId });
      const requested = [...oidc.requestParamScopes];
      grant.addOIDCScope(requested.filter((s) => OIDC_SCOPES.has(s)).join(' '));
      grant.addOIDCClaims(['sub', 'oid', 'tid', 'ver', 'name', 'preferred_username', 'email']);
      const resource = oidc.params?.resource;
      const r = typeof resource === 'string' ? findResource(resources, resource) : undefined;
      if (r && typeof resource === 'string') {
        const names = requested.filter((s) => r.delegatedScopes.includes(s));
        if (names.length) grant.addResourceScope(resource, names.join(' '));
      }
      await grant.save();
      return grant;
    },
    // Entra issues refresh tokens to any client allowed to use them; offline_access
    // is not needed (oidc-provider would otherwise drop it unless consent is prompted).
    issueRefreshToken: async (_ctx: KoaContext, client: OidcClient) =>
      client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    clientBasedCORS: (_ctx: KoaContext, origin: string, client: OidcClient) =>
      client.clientAuthMethod === 'none' && originAllowedFor(origin, client.redirectUris),
    renderError: async (ctx: KoaContext, out: ProviderFailure, error: Error & Record<string, unknown>) => {
      const clientId =
        typeof ctx.oidc?.params?.client_id === 'string' ? ctx.oidc.params.client_id : undefined;
      const redirectUri =
        typeof ctx.oidc?.params?.redirect_uri === 'string' ? ctx.oidc.params.redirect_uri : '';
      const failure: ProviderFailure = {
        error: out.error,
        error_description: out.error_description,
        error_detail: typeof error.error_detail === 'string' ? error.error_detail : undefined,
      };
      let e = fromProviderFailure(failure, { clientId, tenant: tenant.displayName });
      if (out.error === 'invalid_redirect_uri' || /redirect_uri/.test(failure.error_description ?? '')) {
        e = entraErrors.redirectMismatch(redirectUri, clientId ?? '');
      }
      ctx.set('content-security-policy', PAGE_CSP);
      ctx.type = 'html';
      ctx.body = errorPage({ ...e, correlationId: randomUUID() });
    },
    formats: {
      customizers: {
        jwt: async (
          _ctx: KoaContext,
          token: { kind: string; scope?: string; resourceServer?: { identifier(): string } },
          jwt: { header?: Record<string, unknown>; payload: Record<string, unknown> },
        ) => {
          jwt.header = { typ: 'JWT' };
          jwt.payload = shapeAccessToken(token, jwt.payload);
        },
      },
    },
  });
  provider.proxy = false;

  function shapeAccessToken(
    token: { kind: string; scope?: string; resourceServer?: { identifier(): string } },
    p: Record<string, unknown>,
  ): Record<string, unknown> {
    const clientId = String(p.client_id);
    const app = appsById.get(clientId);
    const resource = token.resourceServer
      ? findResource(resources, token.resourceServer.identifier())
      : undefined;
    const isApi = resource?.identifier === resources[0]?.identifier;
    const base = {
      aud: p.aud,
      iss: p.iss,
      iat: p.iat,
      nbf: p.iat,
      exp: p.exp,
      tid,
      azp: clientId,
      azpacr: app?.clientSecret ? '1' : '0',
      uti: p.jti,
      ver: '2.0',
    };
    if (token.kind === 'ClientCredentials') {
      const spId = servicePrincipalId(tid, clientId);
      const roles = isApi ? (app?.apiApplicationRoles ?? []) : (app?.graphApplicationPermissions ?? []);
      return { ...base, oid: spId, sub: spId, idtyp: 'app', ...(roles.length ? { roles } : {}) };
    }
    const user = directory.getUser(tid, String(p.sub));
    const roles = isApi ? (user?.appRoles ?? []) : [];
    return {
      ...base,
      oid: user?.id ?? p.sub,
      sub: user?.id ?? p.sub,
      name: user?.displayName,
      preferred_username: user?.userPrincipalName,
      scp: token.scope ?? '',
      ...(roles.length ? { roles } : {}),
      groups: user ? directory.groupIdsOf(tid, user.id) : [],
    };
  }

  async function issueUserTokens(
    ctx: KoaContext,
    user: SeedUser,
    gty: string,
    translated: TranslatedScope,
    withIdToken: boolean,
  ): Promise<Record<string, unknown>> {
    const client = ctx.oidc.client as OidcClient;
    const { resource, resourceScopes, oidc } = translated;
    const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
    grant.addOIDCScope(['openid', ...oidc].join(' '));
    grant.addOIDCClaims(['sub', 'oid', 'tid', 'ver', 'name', 'preferred_username', 'email']);
    grant.addResourceScope(resource.identifier, resourceScopes.join(' '));
    const grantId = await grant.save();
    ctx.oidc.entity('Account', { accountId: user.id });
    const at = new provider.AccessToken({ accountId: user.id, client, grantId, gty });
    at.resourceServer = new provider.ResourceServer(resource.identifier, resourceServerInfo(resource));
    at.scope = resourceScopes.join(' ');
    const accessToken = await at.save();
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: resourceScopes.join(' '),
      expires_in: at.expiration,
      access_token: accessToken,
    };
    if (client.grantTypeAllowed('refresh_token')) {
      const rt = new provider.RefreshToken({
        accountId: user.id,
        client,
        grantId,
        gty,
        resource: resource.identifier,
        rotations: 0,
        scope: ['openid', ...oidc, ...resourceScopes].join(' '),
        authTime: Math.floor(Date.now() / 1000),
      });
      body.refresh_token = await rt.save();
    }
    if (withIdToken) {
      const idToken = new provider.IdToken(
        { ...userClaims(tid, user), auth_time: Math.floor(Date.now() / 1000) },
        { ctx },
      );
      idToken.scope = ['openid', ...oidc.filter((s) => s !== 'openid')].join(' ');
      body.id_token = await idToken.issue({ use: 'idtoken' });
    }
    return body;
  }

  function requestInfo(ctx: KoaContext): EntraRequestInfo | undefined {
    return ctx.req.entra as EntraRequestInfo | undefined;
  }

  function mustTranslated(ctx: KoaContext): TranslatedScope {
    const translated = requestInfo(ctx)?.translated;
    if (!translated) throw entraFailure(entraErrors.invalidScope(''));
    return translated;
  }

  // ROPC: seeded users only, for tests (Entra allows it for public clients).
  provider.registerGrantType(
    'password',
    async (ctx) => {
      const username = String(ctx.oidc.params?.username ?? '');
      const password = String(ctx.oidc.params?.password ?? '');
      const found = directory.findUserByUpn(username);
      if (!found) throw entraFailure(entraErrors.userNotFound(tenant.displayName));
      if (found.tenantId !== tid)
        throw entraFailure(entraErrors.userNotInTenant(username, tenant.displayName));
      if (password !== directory.seed.devPassword) throw entraFailure(entraErrors.wrongPassword());
      const translated = mustTranslated(ctx);
      ctx.body = await issueUserTokens(ctx, found.user, 'password', translated, true);
    },
    ['username', 'password', 'scope', 'resource'],
  );

  // On-behalf-of: a middle tier trades the user's token (whose audience it is) for another.
  provider.registerGrantType(
    JWT_BEARER,
    async (ctx) => {
      const client = ctx.oidc.client as OidcClient;
      const assertion = String(ctx.oidc.params?.assertion ?? '');
      if (ctx.oidc.params?.requested_token_use !== 'on_behalf_of') {
        throw entraFailure(
          entraErrors.badRequest("The request body must contain 'requested_token_use=on_behalf_of'."),
        );
      }
      let claims: Record<string, unknown>;
      try {
        const audiences = [
          client.clientId,
          ...resources.filter((r) => r.audience === client.clientId).flatMap((r) => r.aliases),
        ];
        ({ payload: claims } = await jwtVerify(assertion, localJwks, {
          algorithms: ['RS256'],
          issuer,
          audience: audiences,
          clockTolerance: 60,
        }));
      } catch (error) {
        throw entraFailure(entraErrors.invalidAssertion((error as Error).message));
      }
      if (claims.idtyp === 'app' || typeof claims.scp !== 'string')
        throw entraFailure(entraErrors.appOnlyAssertion());
      const user = directory.getUser(tid, String(claims.oid));
      if (!user) throw entraFailure(entraErrors.userNotFound(tenant.displayName));
      const body = await issueUserTokens(ctx, user, JWT_BEARER, mustTranslated(ctx), false);
      if (!requestInfo(ctx)?.translated?.wantsRefreshToken) delete body.refresh_token;
      ctx.body = body;
    },
    ['assertion', 'requested_token_use', 'scope', 'resource'],
  );

  provider.on('grant.error', (ctx, error) => {
    ctx.state.entraFailure = error;
  });
  provider.on('server_error', (ctx, error) => {
    ctx.state.entraFailure = error;
    console.error(`local Entra: ${ctx.method} ${ctx.path}: ${error.stack ?? error.message}`);
  });

  // Token responses and errors, reshaped the way Entra writes them.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== 'token') return;
    const info = requestInfo(ctx);
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.status >= 400) {
      const failure =
        (ctx.state.entraFailure as ProviderFailure | undefined) ?? (body as unknown as ProviderFailure);
      const e = fromProviderFailure(
        { ...failure, error: failure?.error ?? 'server_error' },
        { clientId: info?.clientId, tenant: tenant.displayName },
      );
      ctx.status = e.status;
      ctx.type = 'application/json';
      ctx.body = entraErrorBody(e, info?.correlationId);
      return;
    }
    if (!body || typeof body.access_token !== 'string') return;
    body.ext_expires_in = body.expires_in;
    const translated = info?.translated;
    if (info?.grantType === 'client_credentials') {
      delete body.scope;
    } else if (translated) {
      const granted = String(body.scope ?? '')
        .split(' ')
        .filter((s) => s && !OIDC_SCOPES.has(s));
      const oidc = [...translated.oidc, ...(body.refresh_token ? ['offline_access'] : [])];
      body.scope = [formatResponseScope(translated.resource, granted), ...oidc].filter(Boolean).join(' ');
    }
    const accountId = ctx.oidc.account?.accountId;
    if (accountId) {
      body.client_info = Buffer.from(JSON.stringify({ uid: accountId, utid: tid })).toString('base64url');
    }
  });

  // Entra ignores the port of http://localhost redirect URIs; so does local Entra.
  const ClientProto = provider.Client.prototype;
  ClientProto.redirectUriAllowed = function redirectUriAllowed(this: OidcClient, value: string) {
    return isRedirectUriAllowed(value, this.redirectUris);
  };
  ClientProto.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(
    this: OidcClient,
    value: string,
  ) {
    return isRedirectUriAllowed(value, this.postLogoutRedirectUris);
  };

  return provider;
}
