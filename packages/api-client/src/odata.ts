import { z } from 'zod';

/** A Graph collection page: `value` plus an opaque `@odata.nextLink` while more remain. */
export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    value: z.array(item),
    '@odata.nextLink': z.string().optional(),
  });
}
export type Page<T> = { value: T[]; '@odata.nextLink'?: string };

const MAX_TOP = 999;

/**
 * The OData query options our list routes accept. Unknown `$options` are refused
 * rather than ignored, so a script never silently gets a different result than it
 * asked for.
 */
export const ZListQuery = z
  .object({
    $top: z.coerce
      .number({ error: '$top must be a whole number' })
      .int('$top must be a whole number')
      .min(1, '$top must be at least 1')
      .max(MAX_TOP, `$top must be at most ${MAX_TOP}`)
      .optional(),
    $filter: z.string().max(2000, '$filter is too long').optional(),
    $skiptoken: z.string().max(2000, '$skiptoken is too long').optional(),
    $expand: z.string().max(200).optional(),
    $orderby: z.string().max(200).optional(),
    $search: z.string().max(200).optional(),
    $select: z.string().max(500).optional(),
    $count: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ListQuery = z.infer<typeof ZListQuery>;
