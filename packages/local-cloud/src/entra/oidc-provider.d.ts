// oidc-provider ships no types; this declares the small surface local Entra uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
    clientAuthMethod: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    grantTypeAllowed(type: string): boolean;
    redirectUriAllowed(value: string): boolean;
    postLogoutRedirectUriAllowed(value: string): boolean;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience: string;
    accessTokenTTL?: number;
    accessTokenFormat: 'jwt' | 'opaque';
    jwt?: { sign: { alg: string } };
  }

  export interface ResourceServerInstance {
    audience: string;
    scope: string;
    identifier(): string;
  }

  export interface GrantInstance {
    jti: string;
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    getResourceScope(resource: string): string;
    save(ttl?: number): Promise<string>;
  }

  export interface TokenInstance {
    kind: string;
    jti: string;
    accountId?: string;
    clientId?: string;
    grantId?: string;
    scope?: string;
    gty?: string;
    resourceServer?: ResourceServerInstance;
    expiration: number;
    client?: OidcClient;
    save(): Promise<string>;
  }

  export interface IdTokenInstance {
    set(key: string, value: unknown): void;
    scope: string;
    issue(opts: { use: 'idtoken' }): Promise<string>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, string | undefined>;
    session?: { accountId?: string };
    grantId?: string;
  }

  export interface OidcContextState {
    route: string;
    client?: OidcClient;
    params?: Record<string, unknown>;
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    account?: { accountId: string };
    entity(name: string, value: unknown): void;
    requestParamScopes: Set<string>;
    provider: Provider;
  }

  export interface KoaContext {
    oidc: OidcContextState;
    req: IncomingMessage & { entra?: unknown };
    res: ServerResponse;
    status: number;
    body: unknown;
    type: string;
    state: Record<string, unknown>;
    host: string;
    method: string;
    path: string;
    get(header: string): string;
    set(header: string, value: string): void;
  }

  export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export interface TokenModel<T> {
    new (props: Record<string, unknown>): T;
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<T | undefined>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: Middleware): void;
    on(event: string, listener: (ctx: KoaContext, error: Error & Record<string, unknown>) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    registerGrantType(name: string, handler: (ctx: KoaContext) => Promise<void>, params?: string[]): void;
    Client: { prototype: OidcClient; find(id: string): Promise<OidcClient | undefined> };
    Grant: TokenModel<GrantInstance>;
    AccessToken: TokenModel<TokenInstance & { resourceServer?: ResourceServerInstance }>;
    RefreshToken: TokenModel<TokenInstance>;
    AuthorizationCode: TokenModel<TokenInstance>;
    Session: unknown;
    IdToken: new (
      claims: Record<string, unknown>,
      options: { ctx: KoaContext },
    ) => IdTokenInstance;
    ResourceServer: new (
      identifier: string,
      info: ResourceServerInfo,
    ) => ResourceServerInstance;
  }

  export class OIDCProviderError extends Error {
    constructor(status: number, message: string);
    error: string;
    error_description: string;
    error_detail?: string;
    status: number;
    statusCode: number;
  }

  export const errors: {
    InvalidGrant: new (detail?: string) => OIDCProviderError;
    InvalidRequest: new (description?: string) => OIDCProviderError;
    InvalidTarget: new (detail?: string) => OIDCProviderError;
    InvalidScope: new (description?: string, scope?: string) => OIDCProviderError;
  };

  export interface PromptInstance {
    name: string;
  }
  export interface CheckInstance {
    reason: string;
  }
  export interface PolicyList
    extends Array<
      PromptInstance & { checks: CheckInstance[] & { add(c: CheckInstance, i?: number): void } }
    > {
    get(
      name: string,
    ):
      | (PromptInstance & { checks: CheckInstance[] & { add(c: CheckInstance, i?: number): void } })
      | undefined;
    add(prompt: PromptInstance, index?: number): void;
  }

  export const interactionPolicy: {
    base(): PolicyList;
    Prompt: new (
      options: { name: string; requestable: boolean },
      ...checks: CheckInstance[]
    ) => PromptInstance;
    Check: new (
      reason: string,
      description: string,
      check: (ctx: KoaContext) => boolean | Promise<boolean>,
    ) => CheckInstance;
  };

  export default Provider;
}
