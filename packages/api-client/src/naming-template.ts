/**
 * Windows 365 device name templates: letters, digits and hyphens, plus the tokens
 * %USERNAME:x% (first x characters of the user name) and %RAND:y% (y random
 * characters). A template must contain %RAND:y% with y >= 5 so names stay unique,
 * and must expand to at most 15 characters (the NetBIOS limit).
 * Shared by the server (authoritative) and the policy editor (live preview).
 */
export const MAX_DEVICE_NAME_LENGTH = 15;
export const MIN_RAND_LENGTH = 5;
export const DEFAULT_NAMING_TEMPLATE = 'CPC-%USERNAME:5%-%RAND:5%';

type Part = { kind: 'literal'; text: string } | { kind: 'username' | 'rand'; length: number };

export type TemplateCheck = { ok: true; parts: Part[]; maxLength: number } | { ok: false; message: string };

const TOKEN = /%([A-Za-z]+):(\d{1,2})%/y;
const LITERAL = /[A-Za-z0-9-]+/y;

export function checkNamingTemplate(template: string): TemplateCheck {
  if (template.length === 0) return { ok: false, message: 'Enter a device name template.' };
  if (template.length > 64) return { ok: false, message: 'The template is too long.' };
  const parts: Part[] = [];
  let index = 0;
  while (index < template.length) {
    TOKEN.lastIndex = index;
    const token = TOKEN.exec(template);
    if (token) {
      const name = (token[1] ?? '').toUpperCase();
      const length = Number(token[2]);
      if (name !== 'USERNAME' && name !== 'RAND') {
        return { ok: false, message: `Unknown token %${token[1]}:x%; use %USERNAME:x% or %RAND:y%.` };
      }
      if (length < 1) return { ok: false, message: `%${name}:x% needs a length of at least 1.` };
      parts.push({ kind: name === 'USERNAME' ? 'username' : 'rand', length });
      index = TOKEN.lastIndex;
      continue;
    }
    LITERAL.lastIndex = index;
    const literal = LITERAL.exec(template);
    if (!literal) {
      return {
        ok: false,
        message: `Character “${template[index]}” is not allowed: use letters, digits, hyphens and the %USERNAME:x% and %RAND:y% tokens.`,
      };
    }
    parts.push({ kind: 'literal', text: literal[0] });
    index = LITERAL.lastIndex;
  }
  const rands = parts.filter((part) => part.kind === 'rand');
  const usernames = parts.filter((part) => part.kind === 'username');
  if (rands.length !== 1) {
    return {
      ok: false,
      message: `The template must contain %RAND:y% exactly once (y at least ${MIN_RAND_LENGTH}).`,
    };
  }
  if (usernames.length > 1) return { ok: false, message: '%USERNAME:x% may appear only once.' };
  const rand = rands[0];
  if (rand && rand.kind === 'rand' && rand.length < MIN_RAND_LENGTH) {
    return { ok: false, message: `%RAND:y% needs y of at least ${MIN_RAND_LENGTH} so names stay unique.` };
  }
  const maxLength = parts.reduce(
    (sum, part) => sum + (part.kind === 'literal' ? part.text.length : part.length),
    0,
  );
  if (maxLength > MAX_DEVICE_NAME_LENGTH) {
    return {
      ok: false,
      message: `The name can reach ${maxLength} characters; the limit is ${MAX_DEVICE_NAME_LENGTH}.`,
    };
  }
  if (/^\d+$/.test(template)) return { ok: false, message: 'A device name cannot be only digits.' };
  return { ok: true, parts, maxLength };
}

const RAND_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/**
 * Expands a valid template. `random` returns an integer in [0, n) so callers (and
 * tests) choose the randomness source.
 */
export function expandNamingTemplate(
  template: string,
  input: { userPrincipalName: string; random: (n: number) => number },
): string {
  const check = checkNamingTemplate(template);
  if (!check.ok) throw new Error(check.message);
  const user = (input.userPrincipalName.split('@')[0] ?? '').replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return check.parts
    .map((part) => {
      if (part.kind === 'literal') return part.text.toUpperCase();
      if (part.kind === 'username') return user.slice(0, part.length);
      return Array.from(
        { length: part.length },
        () => RAND_ALPHABET[input.random(RAND_ALPHABET.length)],
      ).join('');
    })
    .join('');
}
