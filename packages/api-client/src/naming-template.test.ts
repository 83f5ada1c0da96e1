import { describe, expect, it } from 'vitest';
import { checkNamingTemplate, DEFAULT_NAMING_TEMPLATE, expandNamingTemplate } from './naming-template.ts';

describe('checkNamingTemplate', () => {
  it.each([DEFAULT_NAMING_TEMPLATE, 'CPC-%RAND:5%', '%USERNAME:4%-%RAND:10%', 'W365%RAND:11%', 'a-%rand:5%'])(
    'accepts %s',
    (template) => {
      expect(checkNamingTemplate(template).ok).toBe(true);
    },
  );

  it.each([
    ['', /Enter/],
    ['CPC-%USERNAME:5%', /RAND/],
    ['CPC-%RAND:4%', /at least 5/],
    ['CPC-%RAND:5%-%RAND:5%', /exactly once/],
    ['%USERNAME:2%%USERNAME:2%%RAND:5%', /only once/],
    ['CPC_%RAND:5%', /not allowed/],
    ['CPC %RAND:5%', /not allowed/],
    ['%USERNAME:8%-%RAND:7%', /16 characters/],
    ['%FOO:3%%RAND:5%', /Unknown token/],
    ['%RAND:5', /not allowed/],
  ])('refuses %j', (template, message) => {
    const check = checkNamingTemplate(template);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });
});

describe('expandNamingTemplate', () => {
  it('expands the user name and random characters within 15 characters', () => {
    const name = expandNamingTemplate(DEFAULT_NAMING_TEMPLATE, {
      userPrincipalName: 'adele.vance@contoso.test',
      random: () => 0,
    });
    expect(name).toBe('CPC-ADELE-AAAAA');
    expect(name.length).toBeLessThanOrEqual(15);
  });

  it('uses fewer characters when the user name is short', () => {
    expect(
      expandNamingTemplate('%USERNAME:6%-%RAND:5%', { userPrincipalName: 'al@x', random: () => 1 }),
    ).toBe('AL-BBBBB');
  });
});
