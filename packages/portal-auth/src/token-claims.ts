/**
 * Reads claims from a token for display. Nothing here verifies a signature: the API checks
 * every token it receives, and the portal only uses these values to decide what to show.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The person's app roles on the CloudPC API. They are assigned on the API's registration, so
 * Entra puts them in the API's access token, not in the portal's ID token (which carries the
 * roles of the portal's own registration, none). ADR 0004.
 */
export function rolesFromAccessToken(accessToken: string): string[] {
  const roles = decodeJwtPayload(accessToken)?.roles;
  return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [];
}

/** What the header shows as the tenant: the domain of the sign-in name (ADR 0004). */
export function tenantLabelFor(username: string, tenantId: string): string {
  const at = username.lastIndexOf('@');
  const domain = at >= 0 ? username.slice(at + 1).trim() : '';
  return domain || tenantId;
}
