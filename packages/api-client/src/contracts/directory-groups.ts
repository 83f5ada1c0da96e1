import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';
import { ZPage } from '../odata.ts';

/**
 * Directory groups for assignment pickers, read from Microsoft Graph by the backend on
 * the caller's tenant (docs/adr/0007-admin-read-models.md). Paths and shapes are Graph's
 * (`/groups`, `$search="displayName:…"`), so a script written against Graph reads the same.
 */
export const ZDirectoryGroup = z.object({
  '@odata.type': z.literal('#microsoft.graph.group'),
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
});
export type DirectoryGroup = z.infer<typeof ZDirectoryGroup>;

export const MAX_GROUP_RESULTS = 25;

/**
 * `$search` takes Graph's `"displayName:Sal"` or the bare words; quotes and backslashes
 * inside are refused rather than escaped, so nothing reaches Graph that could change the
 * query's meaning.
 */
export const ZGroupSearchQuery = z
  .object({
    $search: z
      .string()
      .max(120, '$search is too long')
      .regex(/^("displayName:[^"\\]*"|[^"\\]*)$/, 'Use "displayName:text" or plain text without quotes.')
      .optional(),
    $top: z.coerce
      .number({ error: '$top must be a whole number' })
      .int('$top must be a whole number')
      .min(1, '$top must be at least 1')
      .max(MAX_GROUP_RESULTS, `$top must be at most ${MAX_GROUP_RESULTS}`)
      .optional(),
  })
  .strict();
export type GroupSearchQuery = z.infer<typeof ZGroupSearchQuery>;

export const searchDirectoryGroups = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/groups',
  query: ZGroupSearchQuery,
  response: ZPage(ZDirectoryGroup),
});

export const getDirectoryGroup = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/groups/{id}',
  response: ZDirectoryGroup,
});

/** The words of a `$search` value, without Graph's `"displayName:…"` wrapper. */
export function groupSearchText(search: string | undefined): string {
  if (!search) return '';
  const wrapped = /^"displayName:([^"\\]*)"$/.exec(search);
  return (wrapped ? (wrapped[1] ?? '') : search).trim();
}
