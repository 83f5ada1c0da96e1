'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../data/api-context.tsx';
import { skipTokenOf } from '../cloud-pcs/cloud-pc-model.ts';
import { loadableFrom } from '../loadable.ts';
import { StaleBanner, useStaleness } from '../stale-banner.tsx';
import { type AuditFilters, AuditView, auditFilterExpression, NO_AUDIT_FILTERS } from './audit-view.tsx';

export function AuditPage() {
  const { queries } = useApi();
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const skipToken = tokens[tokens.length - 1];
  const filter = auditFilterExpression(filters);
  const events = useQuery({
    ...queries.auditEvents({
      $top: 50,
      ...(filter ? { $filter: filter } : {}),
      ...(skipToken ? { $skiptoken: skipToken } : {}),
    }),
    select: (page) => ({
      items: page.value,
      hasNext: Boolean(page['@odata.nextLink']),
      nextToken: skipTokenOf(page['@odata.nextLink']),
    }),
    placeholderData: (previous) => previous,
  });
  const { staleness, now } = useStaleness(events);
  return (
    <AuditView
      events={loadableFrom(events)}
      pageIndex={tokens.length - 1}
      onNextPage={() => {
        const next = events.data?.nextToken;
        if (next) setTokens((old) => [...old, next]);
      }}
      onPreviousPage={() => setTokens((old) => (old.length > 1 ? old.slice(0, -1) : old))}
      filters={filters}
      onFiltersChange={(next) => {
        setFilters(next);
        setTokens([undefined]);
      }}
      onRefresh={() => void events.refetch()}
      banner={<StaleBanner staleness={staleness} now={now} onRetry={() => void events.refetch()} />}
    />
  );
}
