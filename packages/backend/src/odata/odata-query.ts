import { AppError } from '../errors/app-error.ts';
import type { Condition } from '../storage/documents.ts';

/**
 * The subset of OData our list routes support: `$filter` with `eq` joined by `and`
 * over a per-route whitelist of fields, `$top`, and an opaque `$skiptoken`.
 * Anything else is a 400 that names the problem; nothing is silently ignored.
 */
export type FilterFieldType = 'string' | 'guid' | 'boolean' | 'enum';

export interface FilterField {
  /** Path in the stored document. */
  path: string;
  type: FilterFieldType;
  values?: readonly string[];
}

export type FilterFields = Record<string, FilterField>;

const CLAUSE = /^\s*([A-Za-z][A-Za-z0-9/]*)\s+eq\s+('(?:[^']|'')*'|true|false|[0-9a-fA-F-]{36})\s*$/;

function splitAnd(filter: string): string[] {
  // Split on " and " outside quoted strings.
  const parts: string[] = [];
  let current = '';
  let inString = false;
  for (let index = 0; index < filter.length; index += 1) {
    const char = filter[index];
    if (char === "'") inString = !inString;
    if (!inString && /^\sand\s/i.test(filter.slice(index, index + 5))) {
      parts.push(current);
      current = '';
      index += 4;
      continue;
    }
    current += char;
  }
  if (inString) throw filterError('A quoted value is not closed.');
  parts.push(current);
  return parts;
}

function filterError(message: string): AppError {
  return new AppError('BadRequest', `Invalid $filter: ${message}`, {
    details: [{ target: '$filter', message }],
  });
}

export function parseFilter(filter: string | undefined, fields: FilterFields): Condition[] {
  if (filter === undefined || filter.trim() === '') return [];
  const supported = Object.keys(fields).join(', ');
  return splitAnd(filter).map((clause) => {
    const match = CLAUSE.exec(clause);
    if (!match) {
      throw filterError(`Use "field eq 'value'" clauses joined by "and" (fields: ${supported}).`);
    }
    const [, name = '', raw = ''] = match;
    const field = fields[name];
    if (!field) throw filterError(`Filtering on "${name}" is not supported (fields: ${supported}).`);
    if (field.type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw filterError(`${name} takes true or false.`);
      return { path: field.path, value: raw === 'true' };
    }
    const text = raw.startsWith("'") ? raw.slice(1, -1).replaceAll("''", "'") : raw;
    if (field.type === 'enum' && !field.values?.includes(text)) {
      throw filterError(`${name} must be one of ${field.values?.join(', ')}.`);
    }
    if (
      field.type === 'guid' &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
    ) {
      throw filterError(`${name} must be a GUID.`);
    }
    if (text.length > 256) throw filterError(`The value for ${name} is too long.`);
    return { path: field.path, value: text };
  });
}

export interface Cursor {
  value: string | number;
  id: string;
}

/** Opaque to callers; tampering can only move the cursor inside the caller's own tenant. */
export function encodeSkipToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id]), 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string | undefined): Cursor | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('BadRequest', 'The $skiptoken is not valid. Start again from the first page.', {
    details: [{ target: '$skiptoken', message: 'Not a token this service issued.' }],
  });
}
