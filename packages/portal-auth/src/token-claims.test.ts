import { describe, expect, it } from 'vitest';
import { decodeJwtPayload, rolesFromAccessToken, tenantLabelFor } from './token-claims.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (payload: unknown) => `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}.signature`;

describe('rolesFromAccessToken', () => {
  it('reads the roles claim', () => {
    expect(rolesFromAccessToken(token({ roles: ['CloudPC.Admin', 'CloudPC.Support'] }))).toEqual([
      'CloudPC.Admin',
      'CloudPC.Support',
    ]);
  });

  it('is empty without roles, with a non-array claim, or for a token it cannot read', () => {
    expect(rolesFromAccessToken(token({ scp: 'CloudPC.ReadWrite' }))).toEqual([]);
    expect(rolesFromAccessToken(token({ roles: 'CloudPC.Admin' }))).toEqual([]);
    expect(rolesFromAccessToken('not-a-token')).toEqual([]);
    expect(rolesFromAccessToken('a.%%%.c')).toEqual([]);
    expect(rolesFromAccessToken(`x.${encode(['CloudPC.Admin'])}.y`)).toEqual([]);
  });

  it('keeps only string roles', () => {
    expect(rolesFromAccessToken(token({ roles: ['CloudPC.Admin', 7, null] }))).toEqual(['CloudPC.Admin']);
  });
});

describe('decodeJwtPayload', () => {
  it('decodes base64url payloads with non-ASCII text and no padding', () => {
    expect(decodeJwtPayload(token({ name: 'Zoë Ångström', n: 1 }))).toEqual({ name: 'Zoë Ångström', n: 1 });
  });
});

describe('tenantLabelFor', () => {
  it('is the domain of the sign-in name', () => {
    expect(tenantLabelFor('admin@contoso.test', 'tid')).toBe('contoso.test');
    expect(tenantLabelFor('first.last@fabrikam.onmicrosoft.com', 'tid')).toBe('fabrikam.onmicrosoft.com');
  });

  it('falls back to the tenant id when the name has no domain', () => {
    expect(tenantLabelFor('admin', '33aa9011')).toBe('33aa9011');
    expect(tenantLabelFor('admin@', '33aa9011')).toBe('33aa9011');
  });
});
