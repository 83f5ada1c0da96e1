'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminAccess } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';
import { useNotify } from '../notify.tsx';
import { StaleBanner, useStaleness } from '../stale-banner.tsx';
import { BulkActionDialog } from './bulk-action-dialog.tsx';
import {
  ACTION_LABELS,
  type BulkAction,
  type CloudPcFilters,
  isBusy,
  LIVE_REFRESH_MS,
  listQuery,
  NO_FILTERS,
  type SortState,
  skipTokenOf,
} from './cloud-pc-model.ts';
import { CloudPcsView } from './cloud-pcs-view.tsx';
import { summarizeOutcomes } from './outcomes.ts';

const PAGE_SIZE = 50;

/** Wires the All Cloud PCs view to the API: server paging, filters, sort, bulk actions, live refresh. */
export function CloudPcsPage({ access }: { access: AdminAccess }) {
  const { queries, mutations } = useApi();
  const notify = useNotify();
  const [filters, setFilters] = useState<CloudPcFilters>(NO_FILTERS);
  const [sort, setSort] = useState<SortState>({ column: 'displayName', direction: 'ascending' });
  // The skip token of each page visited so far; the first page has none.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<BulkAction>();

  const pageIndex = tokens.length - 1;
  const query = listQuery({ filters, sort, pageSize: PAGE_SIZE, skipToken: tokens[pageIndex] });
  const list = useQuery({
    ...queries.cloudPcs(query),
    select: (page) => ({
      items: page.value,
      hasNext: Boolean(page['@odata.nextLink']),
      nextToken: skipTokenOf(page['@odata.nextLink']),
    }),
    // Poll while the service is working on any Cloud PC on this page; stop when idle.
    refetchInterval: (current) => (current.state.data?.value.some(isBusy) ? LIVE_REFRESH_MS : false),
    placeholderData: (previous) => previous,
  });
  const catalogs = useQuery(queries.catalogs());
  const policies = useQuery({
    ...queries.policies({ $top: 200 }),
    select: (page) => page.value.map((policy) => ({ id: policy.id, displayName: policy.displayName })),
  });
  const action = useMutation(mutations.cloudPcAction);
  const { staleness, now } = useStaleness(list);

  const items = list.data?.items ?? [];
  const isLive = items.some(isBusy);
  const resetPaging = () => {
    setTokens([undefined]);
    setSelectedIds(new Set());
  };

  const run = async (bulk: BulkAction, targetServicePlanId?: string) => {
    const targets = items.filter((item) => selectedIds.has(item.id));
    const results = await Promise.allSettled(
      targets.map((target) =>
        bulk === 'resize'
          ? action.mutateAsync({
              id: target.id,
              action: 'resize',
              body: { targetServicePlanId: targetServicePlanId ?? '' },
            })
          : action.mutateAsync({ id: target.id, action: bulk }),
      ),
    );
    const outcome = summarizeOutcomes(
      ACTION_LABELS[bulk],
      targets.map((target) => target.displayName),
      results,
    );
    notify(outcome);
    setPending(undefined);
    setSelectedIds(new Set());
  };

  return (
    <>
      <CloudPcsView
        page={loadableFrom(list)}
        pageIndex={pageIndex}
        onNextPage={() => {
          const next = list.data?.nextToken;
          if (next) {
            setTokens((old) => [...old, next]);
            setSelectedIds(new Set());
          }
        }}
        onPreviousPage={() => {
          setTokens((old) => (old.length > 1 ? old.slice(0, -1) : old));
          setSelectedIds(new Set());
        }}
        filters={filters}
        onFiltersChange={(next) => {
          setFilters(next);
          resetPaging();
        }}
        regions={(catalogs.data?.regions ?? []).map((region) => ({
          id: region.id,
          displayName: region.displayName,
        }))}
        policies={policies.data ?? []}
        sort={sort}
        onSortChange={(next) => {
          setSort(next);
          resetPaging();
        }}
        selectedIds={selectedIds}
        onSelectionChange={setSelectedIds}
        canManage={access.canManage}
        canTroubleshoot={access.canTroubleshoot}
        onBulkAction={setPending}
        onRefresh={() => void list.refetch()}
        isLive={isLive}
        banner={<StaleBanner staleness={staleness} now={now} onRetry={() => void list.refetch()} />}
      />
      {pending ? (
        <BulkActionDialog
          action={pending}
          names={items.filter((item) => selectedIds.has(item.id)).map((item) => item.displayName)}
          plans={(catalogs.data?.servicePlans ?? []).map((plan) => ({
            id: plan.id,
            displayName: `${plan.displayName} (${plan.vCpuCount} vCPU, ${plan.ramInGB} GB RAM, ${plan.storageInGB} GB)`,
          }))}
          isRunning={action.isPending}
          onConfirm={({ targetServicePlanId }) => void run(pending, targetServicePlanId)}
          onCancel={() => setPending(undefined)}
        />
      ) : null}
    </>
  );
}
