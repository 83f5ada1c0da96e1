import { describe, expect, it } from 'vitest';
import { formatResponseScope, resourceDefs, translateScope } from './entra-scopes.ts';
import { loadSeed, uuidV5 } from './seed-directory.ts';

const seed = loadSeed();
const resources = resourceDefs(seed);

describe('translateScope', () => {
  it('splits the resource out of API scopes and drops offline_access', () => {
    const t = translateScope(
      'api://cloudpc-api/CloudPC.ReadWrite openid profile offline_access',
      resources,
      'Contoso',
    );
    expect(t).toMatchObject({
      oidc: ['openid', 'profile'],
      resourceScopes: ['CloudPC.ReadWrite'],
      isDefault: false,
      wantsRefreshToken: true,
    });
    expect('resource' in t && t.resource.audience).toBe(seed.api.clientId);
  });

  it('accepts the client id as resource and expands /.default', () => {
    const t = translateScope(`${seed.api.clientId}/.default`, resources, 'Contoso');
    expect(t).toMatchObject({ resourceScopes: ['CloudPC.ReadWrite'], isDefault: true });
  });

  it('treats bare scopes and OIDC-only requests as Graph', () => {
    expect(translateScope('openid profile', resources, 'Contoso')).toMatchObject({
      resource: { identifier: 'https://graph.microsoft.com' },
      resourceScopes: ['User.Read'],
    });
    expect(translateScope('User.Read', resources, 'Contoso')).toMatchObject({
      resourceScopes: ['User.Read'],
    });
  });

  it.each([
    ['api://unknown/Thing', 500011],
    ['api://cloudpc-api/Nope', 70011],
    ['api://cloudpc-api/CloudPC.ReadWrite https://graph.microsoft.com/User.Read', 28000],
  ])('refuses %s with AADSTS%d', (scope, code) => {
    const t = translateScope(scope, resources, 'Contoso');
    expect('error' in t && t.error.code).toBe(code);
  });

  it('writes scopes back with the resource prefix (Graph stays bare)', () => {
    const [api, graph] = resources;
    expect(formatResponseScope(api as never, ['CloudPC.ReadWrite'])).toBe(
      'api://cloudpc-api/CloudPC.ReadWrite',
    );
    expect(formatResponseScope(graph as never, ['User.Read'])).toBe('User.Read');
  });
});

describe('seed', () => {
  it('derives bulk user ids as uuid v5 in the URL namespace', () => {
    // Reference value from Python's uuid.uuid5(uuid.NAMESPACE_URL, ...).
    expect(uuidV5('cloudpc-seed/contoso/user001')).toBe('d81f402c-927d-564b-acfe-9e40fad88965');
    const contoso = seed.tenants.find((t) => t.domain === 'contoso.test');
    const user001 = contoso?.users.find((u) => u.userPrincipalName === 'user001@contoso.test');
    expect(user001?.id).toBe('d81f402c-927d-564b-acfe-9e40fad88965');
    expect(contoso?.users).toHaveLength(506);
    expect(contoso?.groups.find((g) => g.displayName === 'Frontline')?.memberIds).toHaveLength(500);
  });
});
