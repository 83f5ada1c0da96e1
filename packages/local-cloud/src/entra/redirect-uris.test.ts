import { describe, expect, it } from 'vitest';
import { isRedirectUriAllowed, originAllowedFor } from './redirect-uris.ts';

const registered = ['http://localhost:3000/', 'https://admin.example.com/signin'];

describe('isRedirectUriAllowed', () => {
  it.each([
    ['http://localhost:3000/', true],
    ['http://localhost:45123/', true],
    ['http://localhost/', true],
    ['https://admin.example.com/signin', true],
    ['http://localhost:45123/other', false],
    ['http://localhost:3000/?x=1', false],
    ['http://localhost:3000/#frag', false],
    ['http://127.0.0.1:3000/', false],
    ['https://localhost:3000/', false],
    ['http://evil.example:3000/', false],
    ['http://user@localhost:3000/', false],
    ['https://admin.example.com:8443/signin', false],
    ['https://admin.example.com/signin/', false],
    ['not a url', false],
  ])('%s -> %s', (uri, allowed) => {
    expect(isRedirectUriAllowed(uri, registered)).toBe(allowed);
  });
});

describe('originAllowedFor', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://localhost:51234', true],
    ['https://admin.example.com', true],
    ['http://127.0.0.1:3000', false],
    ['https://evil.example', false],
    ['null', false],
    ['', false],
  ])('%s -> %s', (origin, allowed) => {
    expect(originAllowedFor(origin, registered)).toBe(allowed);
  });
});
