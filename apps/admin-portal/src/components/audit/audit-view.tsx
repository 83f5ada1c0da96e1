'use client';

import type { AuditEvent } from '@cloudpc/api-client';
import { EmptyState, ErrorState, LoadingState } from '@cloudpc/ui';
import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  Select,
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
  ArrowClockwiseRegular,
  ChevronDownRegular,
  ChevronRightRegular,
  ClipboardTaskListLtrRegular,
} from '@fluentui/react-icons';
import { type FormEvent, Fragment, type ReactNode, useEffect, useState } from 'react';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { Pager } from '../pager.tsx';

export interface AuditFilters {
  activityOperationType: '' | 'create' | 'delete' | 'patch' | 'other';
  activityResult: '' | 'success' | 'clientError' | 'failure' | 'timeout' | 'other';
  actor: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { activityOperationType: '', activityResult: '', actor: '' };

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

export function auditFilterExpression(filters: AuditFilters): string | undefined {
  const clauses: string[] = [];
  if (filters.activityOperationType)
    clauses.push(`activityOperationType eq ${quote(filters.activityOperationType)}`);
  if (filters.activityResult) clauses.push(`activityResult eq ${quote(filters.activityResult)}`);
  if (filters.actor.trim()) clauses.push(`actor/userPrincipalName eq ${quote(filters.actor.trim())}`);
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

export interface AuditViewProps {
  events: Loadable<{ items: AuditEvent[]; hasNext: boolean }>;
  pageIndex: number;
  onNextPage: () => void;
  onPreviousPage: () => void;
  filters: AuditFilters;
  onFiltersChange: (filters: AuditFilters) => void;
  onRefresh: () => void;
  /** Shown under the heading: the stale-data banner. */
  banner?: ReactNode;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  header: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'flex-end' },
  heading: { margin: 0 },
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
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
  diff: { backgroundColor: tokens.colorNeutralBackground2 },
  old: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorPaletteRedForeground1,
    wordBreak: 'break-all',
  },
  new: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorPaletteGreenForeground1,
    wordBreak: 'break-all',
  },
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

function actorOf(event: AuditEvent): string {
  return event.actor.userPrincipalName ?? event.actor.applicationDisplayName ?? event.actor.type;
}

function Changes({ event }: { event: AuditEvent }) {
  const styles = useStyles();
  const changes = event.resources.flatMap((resource) =>
    resource.modifiedProperties.map((property) => ({ resource: resource.displayName, ...property })),
  );
  if (changes.length === 0) return <Text>No property changes were recorded for this event.</Text>;
  return (
    <Table size="extra-small" aria-label={`Changes of ${event.activity}`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Resource</TableHeaderCell>
          <TableHeaderCell>Property</TableHeaderCell>
          <TableHeaderCell>Before</TableHeaderCell>
          <TableHeaderCell>After</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {changes.map((change) => (
          <TableRow key={`${change.resource}-${change.displayName}`}>
            <TableCell>{change.resource}</TableCell>
            <TableCell>{change.displayName}</TableCell>
            <TableCell className={styles.old}>{change.oldValue ?? '—'}</TableCell>
            <TableCell className={styles.new}>{change.newValue ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ActorFilter({ value, onApply }: { value: string; onApply: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} style={{ display: 'contents' }}>
      <Field label="Changed by (sign-in name)">
        <Input type="search" value={draft} onChange={(_e, d) => setDraft(d.value)} />
      </Field>
      <Button type="submit">Apply</Button>
    </form>
  );
}

/** Who changed what, when, with each event's before and after values. */
export function AuditView(props: AuditViewProps) {
  const styles = useStyles();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const { events, filters } = props;
  const items = events.status === 'success' ? events.data.items : [];
  const toggle = (id: string) =>
    setOpen((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <Text as="h1" size={800} weight="semibold" className={styles.heading}>
          Audit log
        </Text>
        <Button
          icon={
            events.status === 'success' && events.isRefreshing ? (
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
        <Field label="Operation">
          <Select
            value={filters.activityOperationType}
            onChange={(_e, d) =>
              props.onFiltersChange({
                ...filters,
                activityOperationType: d.value as AuditFilters['activityOperationType'],
              })
            }
          >
            <option value="">All operations</option>
            <option value="create">Create</option>
            <option value="patch">Change</option>
            <option value="delete">Delete</option>
            <option value="other">Other (actions)</option>
          </Select>
        </Field>
        <Field label="Result">
          <Select
            value={filters.activityResult}
            onChange={(_e, d) =>
              props.onFiltersChange({ ...filters, activityResult: d.value as AuditFilters['activityResult'] })
            }
          >
            <option value="">All results</option>
            <option value="success">Success</option>
            <option value="clientError">Refused</option>
            <option value="failure">Failure</option>
          </Select>
        </Field>
        <ActorFilter
          value={filters.actor}
          onApply={(actor) => props.onFiltersChange({ ...filters, actor })}
        />
      </section>
      <div className={styles.surface}>
        {events.status === 'pending' ? <LoadingState label="Loading the audit log…" /> : null}
        {events.status === 'error' ? (
          <ErrorState
            title="The audit log could not be loaded"
            message={events.message}
            {...(events.requestId ? { requestId: events.requestId } : {})}
            onRetry={events.retry}
          />
        ) : null}
        {events.status === 'success' && items.length === 0 ? (
          <EmptyState
            icon={<ClipboardTaskListLtrRegular />}
            title="No audit events"
            description="Changes to policies, settings and Cloud PCs appear here."
          />
        ) : null}
        {items.length > 0 ? (
          <Table aria-label="Audit events" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>When</TableHeaderCell>
                <TableHeaderCell>Activity</TableHeaderCell>
                <TableHeaderCell>Target</TableHeaderCell>
                <TableHeaderCell>Changed by</TableHeaderCell>
                <TableHeaderCell>Result</TableHeaderCell>
                <TableHeaderCell>Changes</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((event) => (
                <Fragment key={event.id}>
                  <TableRow>
                    <TableCell>{formatDate(event.activityDateTime)}</TableCell>
                    <TableCell>{event.activity}</TableCell>
                    <TableCell>
                      {event.resources.map((resource) => resource.displayName).join(', ') || '—'}
                    </TableCell>
                    <TableCell>{actorOf(event)}</TableCell>
                    <TableCell>
                      <Badge
                        appearance="tint"
                        color={event.activityResult === 'success' ? 'success' : 'danger'}
                      >
                        {event.activityResult}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        appearance="subtle"
                        aria-expanded={open.has(event.id)}
                        icon={open.has(event.id) ? <ChevronDownRegular /> : <ChevronRightRegular />}
                        onClick={() => toggle(event.id)}
                      >
                        {open.has(event.id) ? 'Hide' : 'Show'}
                        <span className={styles.srOnly}> changes of {event.activity}</span>
                      </Button>
                    </TableCell>
                  </TableRow>
                  {open.has(event.id) ? (
                    <TableRow className={styles.diff}>
                      <TableCell colSpan={6}>
                        <Changes event={event} />
                      </TableCell>
                    </TableRow>
                  ) : null}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        ) : null}
        {events.status === 'success' ? (
          <Pager
            pageIndex={props.pageIndex}
            hasNext={events.data.hasNext}
            onPrevious={props.onPreviousPage}
            onNext={props.onNextPage}
          />
        ) : null}
      </div>
    </div>
  );
}
