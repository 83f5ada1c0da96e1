import { msalAuthorityConfig } from '@cloudpc/backend/identity/msal-authority';
import type { EntraSettingsResult, PortalAuthConfig, PortalAuthSetup } from './auth-types.ts';

/** The delegated scope both portals ask for (docs/entra-setup.md, "CloudPC API"). */
export const API_SCOPE = 'api://cloudpc-api/CloudPC.ReadWrite';

// The local discovery document only changes when the local Entra's address does (a restart
// of the server picks that up); caching it spares every page render a request.
const METADATA_TTL_MS = 10 * 60_000;

export interface AuthSetupOptions {
  /** The portal's own reader of its sign-in settings (its env.ts). */
  entraSettings: () => EntraSettingsResult;
  sessionHintCookie: string;
}

/**
 * MSAL's configuration for the browser, computed on the server at request time. Against real
 * Entra it is just the authority; locally it carries the label authority, knownAuthorities
 * and the inline metadata that ADR 0002 describes. The loader never throws: a page must
 * still render, and says why sign-in is unavailable.
 */
export function createAuthSetupLoader(options: AuthSetupOptions): () => Promise<PortalAuthSetup> {
  let cached: { config: PortalAuthConfig; until: number } | undefined;
  let pending: Promise<PortalAuthConfig> | undefined;

  async function build(): Promise<PortalAuthConfig> {
    const env = options.entraSettings();
    if (!env.ok) throw new Error(env.problem);
    const { authorityHost, clientId, isLocal } = env.value;
    // Multi-tenant sign-in: the person's home tenant comes from who signs in.
    const authority = await msalAuthorityConfig({ authorityHost, tenant: 'organizations', isLocal });
    return { clientId, apiScope: API_SCOPE, sessionHintCookie: options.sessionHintCookie, ...authority };
  }

  return async function loadAuthSetup(): Promise<PortalAuthSetup> {
    const env = options.entraSettings();
    if (!env.ok) {
      console.error(`sign-in is not configured: ${env.problem}`);
      return { ok: false, reason: 'Sign-in is not configured on this server. Tell your administrator.' };
    }
    if (cached && cached.until > Date.now()) return { ok: true, config: cached.config };
    try {
      pending ??= build();
      const config = await pending;
      cached = { config, until: Date.now() + METADATA_TTL_MS };
      return { ok: true, config };
    } catch (error) {
      console.error('sign-in configuration unavailable', error);
      return { ok: false, reason: 'Sign-in is unavailable right now. Try again in a moment.' };
    } finally {
      pending = undefined;
    }
  };
}
