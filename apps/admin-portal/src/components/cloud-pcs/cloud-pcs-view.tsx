'use client';

import type { CloudPc, CloudPcStatus } from '@cloudpc/api-client';
import {
  CLOUD_PC_STATUS_DISPLAY,
  CloudPcStatusBadge,
  EmptyState,
  ErrorState,
  LoadingState,
} from '@cloudpc/ui';
import {
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Spinner,
  shorthands,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TableSelectionCell,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  ArrowResetRegular,
  DesktopRegular,
  ResizeRegular,
  StethoscopeRegular,
} from '@fluentui/react-icons';
import NextLink from 'next/link';
import { type FormEvent, type ReactElement, type ReactNode, useEffect, useState } from 'react';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { Pager } from '../pager.tsx';
import {
  ACTION_LABELS,
  type BulkAction,
  type CloudPcFilters,
  describeLastAction,
  hasFilters,
  isBusy,
  NO_FILTERS,
  type SortColumn,
  type SortState,
} from './cloud-pc-model.ts';

export interface CloudPcPage {
  items: CloudPc[];
  hasNext: boolean;
}

export interface CloudPcsViewProps {
  page: Loadable<CloudPcPage>;
  /** 0-based. */
  pageIndex: number;
  onNextPage: () => void;
  onPreviousPage: () => void;
  filters: CloudPcFilters;
  onFiltersChange: (filters: CloudPcFilters) => void;
  regions: { id: string; displayName: string }[];
  /** The tenant's provisioning policies, for the policy filter. */
  policies: { id: string; displayName: string }[];
  sort: SortState;
  onSortChange: (sort: SortState) => void;
  selectedIds: ReadonlySet<string>;
  onSelectionChange: (ids: Set<string>) => void;
  /** Administrators: every bulk action. */
  canManage: boolean;
  /** Administrators and support staff: troubleshoot. */
  canTroubleshoot: boolean;
  onBulkAction: (action: BulkAction) => void;
  onRefresh: () => void;
  /** Polling because some row is busy. */
  isLive: boolean;
  /** Shown under the heading: the stale-data banner. */
  banner?: ReactNode;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
  },
  titles: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  subtle: { margin: 0, color: tokens.colorNeutralForeground2 },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
  },
  surface: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    overflowX: 'auto',
  },
  table: { minWidth: '960px' },
  muted: { color: tokens.colorNeutralForeground3 },
  bulkBar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    minWidth: 0,
    ...shorthands.borderStyle('none'),
  },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  statusCell: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

const COLUMNS: { id: string; label: string; sortable?: SortColumn }[] = [
  { id: 'displayName', label: 'Name', sortable: 'displayName' },
  { id: 'userPrincipalName', label: 'User', sortable: 'userPrincipalName' },
  { id: 'status', label: 'Status', sortable: 'status' },
  { id: 'action', label: 'Last action' },
  { id: 'plan', label: 'Size' },
  { id: 'policy', label: 'Policy' },
  { id: 'region', label: 'Region' },
  { id: 'lastModifiedDateTime', label: 'Modified', sortable: 'lastModifiedDateTime' },
];

/** A text filter applied on Enter or with its button, so each keystroke does not query the API. */
function TextFilter({
  label,
  placeholder,
  value,
  onApply,
}: {
  label: string;
  placeholder: string;
  value: string;
  onApply: (value: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} style={{ display: 'contents' }}>
      <Field label={label}>
        <Input
          type="search"
          value={draft}
          placeholder={placeholder}
          onChange={(_event, data) => setDraft(data.value)}
        />
      </Field>
      <Button type="submit">Apply</Button>
    </form>
  );
}

/**
 * All Cloud PCs of the organisation: one server page at a time, filtered and sorted by
 * the API, with row selection for the bulk actions the signed-in role may run.
 */
export function CloudPcsView(props: CloudPcsViewProps) {
  const styles = useStyles();
  const { page, selectedIds, sort } = props;
  const items = page.status === 'success' ? page.data.items : [];
  const allSelected = items.length > 0 && items.every((item) => selectedIds.has(item.id));
  const someSelected = items.some((item) => selectedIds.has(item.id));
  const canSelect = props.canManage || props.canTroubleshoot;
  const selectedCount = selectedIds.size;
  const isFiltered = hasFilters(props.filters);

  const toggle = (id: string) => {
    const next = new Set(selectedIds);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelectionChange(next);
  };
  const toggleAll = () =>
    props.onSelectionChange(allSelected ? new Set() : new Set(items.map((item) => item.id)));
  const sortBy = (column: SortColumn) =>
    props.onSortChange({
      column,
      direction: sort.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending',
    });
  const bulkButton = (action: BulkAction, icon: ReactElement) => (
    <Button
      appearance="subtle"
      icon={icon}
      disabledFocusable={selectedCount === 0}
      onClick={() => props.onBulkAction(action)}
    >
      {ACTION_LABELS[action]}
    </Button>
  );

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <div className={styles.titles}>
          <Text as="h1" size={800} weight="semibold" className={styles.heading}>
            All Cloud PCs
          </Text>
          <Text as="p" className={styles.subtle}>
            {props.isLive
              ? 'Work is in progress: this list refreshes every few seconds.'
              : 'Every Cloud PC of your organisation, across regions.'}
          </Text>
        </div>
        <Button
          icon={
            page.status === 'success' && page.isRefreshing ? (
              <Spinner size="tiny" />
            ) : (
              <ArrowClockwiseRegular />
            )
          }
          onClick={props.onRefresh}
        >
          Refresh
        </Button>
      </div>

      {props.banner}

      <section className={styles.filters} aria-label="Filters">
        <Field label="Status">
          <Select
            value={props.filters.status}
            onChange={(_event, data) =>
              props.onFiltersChange({ ...props.filters, status: data.value as CloudPcStatus | '' })
            }
          >
            <option value="">All statuses</option>
            {(Object.keys(CLOUD_PC_STATUS_DISPLAY) as CloudPcStatus[]).map((status) => (
              <option key={status} value={status}>
                {CLOUD_PC_STATUS_DISPLAY[status].label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Region">
          <Select
            value={props.filters.regionName}
            onChange={(_event, data) => props.onFiltersChange({ ...props.filters, regionName: data.value })}
          >
            <option value="">All regions</option>
            {props.regions.map((region) => (
              <option key={region.id} value={region.id}>
                {region.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Policy">
          <Select
            value={props.filters.provisioningPolicyId}
            onChange={(_event, data) =>
              props.onFiltersChange({ ...props.filters, provisioningPolicyId: data.value })
            }
          >
            <option value="">All policies</option>
            {props.policies.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <TextFilter
          label="Search"
          placeholder="Name, user or device name"
          value={props.filters.search}
          onApply={(search) => props.onFiltersChange({ ...props.filters, search })}
        />
        <TextFilter
          label="User (exact sign-in name)"
          placeholder="adele@contoso.test"
          value={props.filters.userPrincipalName}
          onApply={(userPrincipalName) => props.onFiltersChange({ ...props.filters, userPrincipalName })}
        />
        {isFiltered ? (
          <Button appearance="subtle" onClick={() => props.onFiltersChange(NO_FILTERS)}>
            Clear filters
          </Button>
        ) : null}
      </section>

      <div className={styles.surface}>
        {canSelect ? (
          <fieldset className={styles.bulkBar} aria-label="Actions on the selected Cloud PCs">
            <Text className={styles.muted} aria-live="polite">
              {selectedCount === 0 ? 'Select Cloud PCs to act on them.' : `${selectedCount} selected`}
            </Text>
            {props.canManage ? bulkButton('reboot', <ArrowClockwiseRegular />) : null}
            {props.canManage ? bulkButton('reprovision', <ArrowResetRegular />) : null}
            {props.canManage ? bulkButton('resize', <ResizeRegular />) : null}
            {props.canTroubleshoot ? bulkButton('troubleshoot', <StethoscopeRegular />) : null}
          </fieldset>
        ) : null}

        {page.status === 'pending' ? <LoadingState label="Loading Cloud PCs…" /> : null}
        {page.status === 'error' ? (
          <ErrorState
            title="Cloud PCs could not be loaded"
            message={page.message}
            {...(page.requestId ? { requestId: page.requestId } : {})}
            onRetry={page.retry}
          />
        ) : null}
        {page.status === 'success' && items.length === 0 ? (
          <EmptyState
            icon={<DesktopRegular />}
            title={isFiltered ? 'No Cloud PCs match these filters' : 'No Cloud PCs yet'}
            description={
              isFiltered
                ? 'Change or clear the filters.'
                : 'Assign a provisioning policy to a group: each member gets a Cloud PC.'
            }
          />
        ) : null}
        {page.status === 'success' && items.length > 0 ? (
          <>
            <Table aria-label="Cloud PCs" className={styles.table} size="small">
              <TableHeader>
                <TableRow>
                  {canSelect ? (
                    <TableSelectionCell
                      checked={allSelected ? true : someSelected ? 'mixed' : false}
                      onClick={toggleAll}
                      checkboxIndicator={{ 'aria-label': 'Select all Cloud PCs on this page' }}
                    />
                  ) : null}
                  {COLUMNS.map((column) =>
                    column.sortable ? (
                      <TableHeaderCell
                        key={column.id}
                        sortable
                        sortDirection={sort.column === column.sortable ? sort.direction : undefined}
                        onClick={() => column.sortable && sortBy(column.sortable)}
                      >
                        {column.label}
                      </TableHeaderCell>
                    ) : (
                      <TableHeaderCell key={column.id}>{column.label}</TableHeaderCell>
                    ),
                  )}
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((cloudPc) => (
                  <TableRow key={cloudPc.id} aria-selected={selectedIds.has(cloudPc.id)}>
                    {canSelect ? (
                      <TableSelectionCell
                        checked={selectedIds.has(cloudPc.id)}
                        onClick={() => toggle(cloudPc.id)}
                        checkboxIndicator={{ 'aria-label': `Select ${cloudPc.displayName}` }}
                      />
                    ) : null}
                    <TableCell>
                      <NextLink href={`/cloud-pcs/${encodeURIComponent(cloudPc.id)}`} className={styles.link}>
                        {cloudPc.displayName}
                      </NextLink>
                    </TableCell>
                    <TableCell>{cloudPc.userPrincipalName}</TableCell>
                    <TableCell>
                      <span className={styles.statusCell}>
                        <CloudPcStatusBadge status={cloudPc.status} />
                        {isBusy(cloudPc) ? <Spinner size="extra-tiny" aria-label="Working" /> : null}
                      </span>
                    </TableCell>
                    <TableCell>{describeLastAction(cloudPc)}</TableCell>
                    <TableCell>{cloudPc.servicePlanName}</TableCell>
                    <TableCell>{cloudPc.provisioningPolicyName}</TableCell>
                    <TableCell>{cloudPc.regionName}</TableCell>
                    <TableCell>{formatDate(cloudPc.lastModifiedDateTime)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        ) : null}
        {page.status === 'success' ? (
          <Pager
            pageIndex={props.pageIndex}
            hasNext={page.data.hasNext}
            onPrevious={props.onPreviousPage}
            onNext={props.onNextPage}
          />
        ) : null}
      </div>
    </div>
  );
}
