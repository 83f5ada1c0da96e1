import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { decodeSkipToken, encodeSkipToken, type FilterFields, parseFilter } from './odata-query.ts';

const fields: FilterFields = {
  status: { path: 'status', type: 'enum', values: ['provisioned', 'failed'] },
  userPrincipalName: { path: 'userPrincipalName', type: 'string' },
  provisioningPolicyId: { path: 'provisioningPolicyId', type: 'guid' },
  enableSingleSignOn: { path: 'enableSingleSignOn', type: 'boolean' },
};

describe('parseFilter', () => {
  it('parses eq clauses joined by and', () => {
    expect(parseFilter("status eq 'failed' and userPrincipalName eq 'o''neil@contoso.test'", fields)).toEqual(
      [
        { path: 'status', value: 'failed' },
        { path: 'userPrincipalName', value: "o'neil@contoso.test" },
      ],
    );
    expect(parseFilter('enableSingleSignOn eq true', fields)).toEqual([
      { path: 'enableSingleSignOn', value: true },
    ]);
  });

  it('keeps " and " inside a quoted value', () => {
    expect(parseFilter("userPrincipalName eq 'a and b'", fields)).toEqual([
      { path: 'userPrincipalName', value: 'a and b' },
    ]);
  });

  it.each([
    "status ne 'failed'",
    "status eq 'deleted'",
    "secret eq 'x'",
    "status eq 'failed' or status eq 'provisioned'",
    "userPrincipalName eq 'unterminated",
    "provisioningPolicyId eq 'not-a-guid'",
    'enableSingleSignOn eq 1',
    "status eq 'failed') or (1 eq 1",
    "c.tenantId eq 'x'",
  ])('refuses %j with a 400 naming $filter', (filter) => {
    try {
      parseFilter(filter, fields);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('BadRequest');
      expect((error as AppError).details?.[0]?.target).toBe('$filter');
    }
  });
});

describe('skip tokens', () => {
  it('round-trips a cursor', () => {
    const cursor = { value: 'CPC-ADELE-1', id: 'abc' };
    expect(decodeSkipToken(encodeSkipToken(cursor))).toEqual(cursor);
  });

  it.each(['garbage', '', 'W10', Buffer.from('{"a":1}').toString('base64url')])('refuses %j', (token) => {
    expect(() => decodeSkipToken(token)).toThrow(AppError);
  });
});
