import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A launch ticket: `<payload>.<signature>`, both base64url, the signature an
 * HMAC-SHA256 of the payload text with the configured secret. The payload binds the
 * ticket to one person (tenant + object id), one Cloud PC and its region, and carries
 * its own expiry; the id (`jti`) names the stored document that makes it single-use.
 */
export interface LaunchTicketClaims {
  v: 1;
  jti: string;
  tid: string;
  oid: string;
  cloudPcId: string;
  region: string;
  /** Issued and expires, in milliseconds since the epoch. */
  iat: number;
  exp: number;
}

export type TicketCheck =
  | { ok: true; claims: LaunchTicketClaims }
  | { ok: false; reason: 'malformed' | 'badSignature' | 'expired' };

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signLaunchTicket(claims: LaunchTicketClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

function isClaims(value: unknown): value is LaunchTicketClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 1 &&
    ['jti', 'tid', 'oid', 'cloudPcId', 'region'].every((key) => typeof v[key] === 'string') &&
    typeof v.iat === 'number' &&
    typeof v.exp === 'number'
  );
}

/** Checks the signature before reading a single claim, then the expiry against `now`. */
export function verifyLaunchTicket(ticket: string, secret: string, now: Date): TicketCheck {
  const parts = ticket.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  const expected = Buffer.from(sign(payload, secret), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'badSignature' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
