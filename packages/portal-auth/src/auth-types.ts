/**
 * What the server hands the browser to configure MSAL: read from the environment at request
 * time, so one build serves every region, port and tenant. Nothing in it is secret.
 */
export interface PortalAuthConfig {
  /** This portal's SPA app registration. */
  clientId: string;
  /** Real Entra: https://login.microsoftonline.com/organizations. Locally an https label (ADR 0002). */
  authority: string;
  /** Local only: the local Entra host, so MSAL skips instance discovery. */
  knownAuthorities?: string[];
  /** Local only: the discovery document, inline, carrying the real (http) endpoints. */
  authorityMetadata?: string;
  /** The delegated scope of the CloudPC API that every API call needs. */
  apiScope: string;
  /** This portal's session hint cookie (session-hint.ts). */
  sessionHintCookie: string;
}

/** Sign-in settings as each portal reads them from its environment (its env.ts). */
export type EntraSettingsResult =
  | { ok: true; value: { authorityHost: string; clientId: string; isLocal: boolean } }
  | { ok: false; problem: string };

/** Either the MSAL configuration, or why sign-in cannot work on this server right now. */
export type PortalAuthSetup = { ok: true; config: PortalAuthConfig } | { ok: false; reason: string };

/** The signed-in person as the portal shows them. Display only: the API decides what they may do. */
export interface SignedInUser {
  name: string;
  /** The sign-in name (UPN), e.g. admin@contoso.test. */
  username: string;
  tenantId: string;
  /** Shown next to the name: the domain of the sign-in name (ADR 0004). */
  tenantLabel: string;
  /** App roles on the CloudPC API, from the access token the API will check. */
  roles: string[];
}

export type AuthStatus =
  /** MSAL is loading, or handling a sign-in response. */
  | 'starting'
  | 'signedOut'
  | 'signedIn'
  /** Signed in, but no token could be obtained (network, identity provider down). */
  | 'failed'
  /** This server has no usable sign-in configuration. */
  | 'unavailable';
