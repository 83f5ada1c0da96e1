'use client';

import type { ProvisioningPolicy } from '@cloudpc/api-client';
import { EmptyState, ErrorState, LoadingState } from '@cloudpc/ui';
import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowClockwiseRegular,
  DocumentBulletListRegular,
  SearchRegular,
} from '@fluentui/react-icons';
import NextLink from 'next/link';
import { type ReactNode, useMemo, useState } from 'react';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';

export interface PoliciesViewProps {
  policies: Loadable<ProvisioningPolicy[]>;
  canManage: boolean;
  onRefresh: () => void;
  /** Shown under the heading: the stale-data banner. */
  banner?: ReactNode;
}

type SortKey = 'displayName' | 'lastModifiedDateTime';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
  },
  heading: { margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
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
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  primaryLink: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    textDecorationLine: 'none',
    fontWeight: tokens.fontWeightSemibold,
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
});

/** Assignment status in words: how many groups get Cloud PCs from the policy. */
export function assignmentLabel(policy: ProvisioningPolicy): string {
  const count = policy.assignments?.length ?? 0;
  return count === 0 ? 'Not assigned' : `Assigned to ${count} ${count === 1 ? 'group' : 'groups'}`;
}

export function PoliciesView({ policies, canManage, onRefresh, banner }: PoliciesViewProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; direction: 'ascending' | 'descending' }>({
    key: 'displayName',
    direction: 'ascending',
  });
  const all = policies.status === 'success' ? policies.data : [];
  const shown = useMemo(() => {
    const term = search.trim().toLowerCase();
    const matching = term
      ? all.filter((policy) => `${policy.displayName} ${policy.description}`.toLowerCase().includes(term))
      : all;
    const factor = sort.direction === 'ascending' ? 1 : -1;
    return [...matching].sort((a, b) => factor * a[sort.key].localeCompare(b[sort.key]));
  }, [all, search, sort]);
  const sortBy = (key: SortKey) =>
    setSort((old) => ({
      key,
      direction: old.key === key && old.direction === 'ascending' ? 'descending' : 'ascending',
    }));
  const create = canManage ? (
    <NextLink href="/policies/new" className={styles.primaryLink}>
      <AddRegular aria-hidden /> Create policy
    </NextLink>
  ) : null;

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <Text as="h1" size={800} weight="semibold" className={styles.heading}>
          Provisioning policies
        </Text>
        <div className={styles.actions}>
          <Button
            icon={
              policies.status === 'success' && policies.isRefreshing ? (
                <Spinner size="tiny" />
              ) : (
                <ArrowClockwiseRegular />
              )
            }
            onClick={onRefresh}
          >
            Refresh
          </Button>
          {create}
        </div>
      </div>
      {banner}
      <Field label="Search policies">
        <Input
          type="search"
          contentBefore={<SearchRegular aria-hidden />}
          value={search}
          onChange={(_e, d) => setSearch(d.value)}
        />
      </Field>
      <div className={styles.surface}>
        {policies.status === 'pending' ? <LoadingState label="Loading provisioning policies…" /> : null}
        {policies.status === 'error' ? (
          <ErrorState
            title="Provisioning policies could not be loaded"
            message={policies.message}
            {...(policies.requestId ? { requestId: policies.requestId } : {})}
            onRetry={policies.retry}
          />
        ) : null}
        {policies.status === 'success' && shown.length === 0 ? (
          <EmptyState
            icon={<DocumentBulletListRegular />}
            title={all.length === 0 ? 'No provisioning policies yet' : 'No policy matches your search'}
            description={
              all.length === 0
                ? 'A policy says which image, region and naming the Cloud PCs of its groups get.'
                : 'Try another name.'
            }
            action={all.length === 0 ? create : undefined}
          />
        ) : null}
        {policies.status === 'success' && shown.length > 0 ? (
          <Table aria-label="Provisioning policies" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell
                  sortable
                  sortDirection={sort.key === 'displayName' ? sort.direction : undefined}
                  onClick={() => sortBy('displayName')}
                >
                  Name
                </TableHeaderCell>
                <TableHeaderCell>Image</TableHeaderCell>
                <TableHeaderCell>Region</TableHeaderCell>
                <TableHeaderCell>Assignment</TableHeaderCell>
                <TableHeaderCell
                  sortable
                  sortDirection={sort.key === 'lastModifiedDateTime' ? sort.direction : undefined}
                  onClick={() => sortBy('lastModifiedDateTime')}
                >
                  Modified
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((policy) => (
                <TableRow key={policy.id}>
                  <TableCell>
                    {canManage ? (
                      <NextLink href={`/policies/${encodeURIComponent(policy.id)}`} className={styles.link}>
                        {policy.displayName}
                      </NextLink>
                    ) : (
                      policy.displayName
                    )}
                  </TableCell>
                  <TableCell>{policy.imageDisplayName}</TableCell>
                  <TableCell>{policy.domainJoinConfigurations[0]?.regionName ?? '—'}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={policy.assignments?.length ? 'success' : 'subtle'}>
                      {assignmentLabel(policy)}
                    </Badge>
                  </TableCell>
                  <TableCell>{formatDate(policy.lastModifiedDateTime)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </div>
    </div>
  );
}
