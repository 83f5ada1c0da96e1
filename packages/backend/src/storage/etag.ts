/**
 * Public ETags are weak validators wrapping the store's ETag, encoded so that the
 * store's format (quoted on Azure, bare on the local server) never shows.
 */
export function toPublicEtag(storeEtag: string): string {
  return `W/"${Buffer.from(storeEtag, 'utf8').toString('base64url')}"`;
}

/**
 * The store ETag an If-Match header names, `*` for "any", or undefined when the
 * header is absent. A header we did not issue decodes to a value that will simply
 * not match, so the write fails with 412 as HTTP asks.
 */
export function fromIfMatch(header: string | null | undefined): string | '*' | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"([A-Za-z0-9_-]+)"$/.exec(value);
  if (!match?.[1]) return `invalid:${value}`;
  return Buffer.from(match[1], 'base64url').toString('utf8');
}
