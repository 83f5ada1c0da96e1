/** The authority part of an MSAL configuration (msal-node or msal-browser). */
export interface MsalAuthorityConfig {
  authority: string;
  knownAuthorities?: string[];
  /** The provider's OpenID configuration as a JSON string, so MSAL never fetches it. */
  authorityMetadata?: string;
}

export interface MsalAuthorityOptions {
  /** https://login.microsoftonline.com, or http://localhost:3900 for the local Entra. */
  authorityHost: string;
  /** A tenant id, or `organizations` for multi-tenant sign-in. */
  tenant: string;
  /** ENTRA_LOCAL=1: apply the workarounds for an http authority. */
  isLocal: boolean;
  fetch?: typeof fetch;
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

/** Where the metadata MSAL needs inline comes from (the provider's discovery document). */
export function openIdConfigurationUrl(authorityHost: string, tenant: string): string {
  return `${trimSlash(authorityHost)}/${tenant}/v2.0/.well-known/openid-configuration`;
}

/**
 * MSAL refuses an http authority (`authority_uri_insecure`). Locally the authority
 * string stays https and is only a label: `knownAuthorities` stops instance
 * discovery and the inline `authorityMetadata` carries the real http endpoints,
 * so MSAL never fetches the label. Against real Entra none of this applies.
 */
export async function msalAuthorityConfig(options: MsalAuthorityOptions): Promise<MsalAuthorityConfig> {
  const host = trimSlash(options.authorityHost);
  if (!options.isLocal) return { authority: `${host}/${options.tenant}` };
  const { host: hostAndPort } = new URL(host);
  const response = await (options.fetch ?? fetch)(openIdConfigurationUrl(host, options.tenant));
  if (!response.ok) {
    throw new Error(
      `local Entra metadata unavailable (${response.status}) at ${openIdConfigurationUrl(host, options.tenant)}`,
    );
  }
  return {
    authority: `https://${hostAndPort}/${options.tenant}`,
    knownAuthorities: [hostAndPort],
    authorityMetadata: await response.text(),
  };
}
