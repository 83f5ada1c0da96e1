import { describe, expect, it } from 'vitest';
import { formatIdentities, readSeedSummary } from './seed-identities.ts';

describe('seed identities', () => {
  const seed = readSeedSummary();

  it('reads tenants, users and the app ids the stack hands to children', () => {
    expect(seed.tenants.map((t) => t.displayName)).toEqual(['Contoso', 'Fabrikam']);
    expect(seed.clientIds.api).toMatch(/^[0-9a-f-]{36}$/);
    expect(seed.clientIds.adminPortal).not.toBe(seed.clientIds.userPortal);
    expect(seed.workerClientSecret).not.toBe('');
  });

  it('prints tenant, UPN, role and the dev password', () => {
    const text = formatIdentities(seed);
    expect(text).toContain(seed.devPassword);
    expect(text).toContain('33aa9011-a38d-5612-af97-a2d98d559844');
    expect(text).toMatch(/admin@contoso\.test\s+CloudPC\.Admin/);
    expect(text).toMatch(/support@contoso\.test\s+CloudPC\.Support/);
    expect(text).toMatch(/adele@contoso\.test\s+user/);
    expect(text).toContain('user001@contoso.test .. user500@contoso.test');
  });
});
