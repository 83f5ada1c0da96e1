'use client';

import type { Timeline } from '@cloudpc/api-client';
import { CloudPcStatusBadge, type CloudPcStatusName } from '@cloudpc/ui';
import { Badge, Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import { type FormEvent, useState } from 'react';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { CopyableId } from './copyable-id.tsx';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Loaded, useFrameStyles } from './frame.tsx';
import { timelineHref } from './unavailable-view.tsx';

const OUTCOME_COLOR = {
  success: 'success',
  failure: 'danger',
  inProgress: 'brand',
  info: 'informative',
} as const;
const SOURCE_LABEL = {
  job: 'Job',
  remoteAction: 'Remote action',
  connection: 'Connection',
  audit: 'Audit',
} as const;

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  ids: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  properties: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
});

export const userTimelineHref = (user: string) => `/diagnostics/users/${encodeURIComponent(user)}`;

/** Where a search goes: an id-shaped value is a Cloud PC, anything with @ a person. */
export function timelineTarget(query: string): string | undefined {
  const value = query.trim();
  if (!value) return undefined;
  return value.includes('@') ? userTimelineHref(value) : timelineHref(value);
}

export function TimelineSearch({ onSearch }: { onSearch: (href: string) => void }) {
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const href = timelineTarget(query);
    if (href) onSearch(href);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Find a timeline">
      <Field label="Cloud PC id or user sign-in name" hint="e.g. adele@contoso.test">
        <Input value={query} onChange={(_e, data) => setQuery(data.value)} />
      </Field>
      <Button type="submit" appearance="primary">
        Show timeline
      </Button>
    </form>
  );
}

function Subject({ timeline }: { timeline: Timeline }) {
  const styles = useStyles();
  const frame = useFrameStyles();
  const { subject } = timeline;
  return (
    <dl className={styles.properties}>
      <dt>{subject.type === 'cloudPc' ? 'Cloud PC' : 'User'}</dt>
      <dd>{subject.displayName ?? '—'}</dd>
      <dt>{subject.type === 'cloudPc' ? 'Cloud PC id' : 'User id'}</dt>
      <dd>
        <CopyableId value={subject.id} label={subject.type === 'cloudPc' ? 'Cloud PC id' : 'user id'} />
      </dd>
      {subject.userPrincipalName ? (
        <>
          <dt>User</dt>
          <dd>
            <NextLink className={frame.link} href={userTimelineHref(subject.userPrincipalName)}>
              {subject.userPrincipalName}
            </NextLink>
          </dd>
        </>
      ) : null}
      {subject.status ? (
        <>
          <dt>Status</dt>
          <dd>
            <CloudPcStatusBadge status={subject.status as CloudPcStatusName} />
          </dd>
        </>
      ) : null}
      {subject.type === 'user' ? (
        <>
          <dt>Cloud PCs</dt>
          <dd className={styles.ids}>
            {subject.cloudPcIds.length === 0
              ? '—'
              : subject.cloudPcIds.map((id) => (
                  <NextLink key={id} className={frame.link} href={timelineHref(id)}>
                    {id}
                  </NextLink>
                ))}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function TimelineBody({ timeline }: { timeline: Timeline }) {
  const styles = useStyles();
  const frame = useFrameStyles();
  return (
    <>
      <section className={frame.surface} aria-label="Subject">
        <Subject timeline={timeline} />
      </section>
      <section className={frame.surface}>
        <DiagnosticsTable
          title="Timeline"
          fileName={`timeline-${timeline.subject.id}`}
          rows={timeline.value}
          rowKey={(entry) => entry.id}
          emptyText="Nothing happened in this period."
          columns={[
            { header: 'When', value: (entry) => entry.at, render: (entry) => formatDate(entry.at) },
            { header: 'Source', value: (entry) => SOURCE_LABEL[entry.source] },
            { header: 'What', value: (entry) => entry.title },
            {
              header: 'Outcome',
              value: (entry) => entry.outcome,
              render: (entry) => (
                <Badge appearance="tint" color={OUTCOME_COLOR[entry.outcome]}>
                  {entry.outcome}
                </Badge>
              ),
            },
            { header: 'Details', value: (entry) => entry.detail },
            { header: 'By', value: (entry) => entry.actor },
            {
              header: 'Ids',
              value: (entry) =>
                [entry.jobId, entry.connectionId, entry.correlationId].filter(Boolean).join(' '),
              render: (entry) => (
                <span className={styles.ids}>
                  {entry.jobId ? <CopyableId value={entry.jobId} label="job id" /> : null}
                  {entry.connectionId ? (
                    <CopyableId value={entry.connectionId} label="connection id" />
                  ) : null}
                  {entry.correlationId && !entry.jobId ? (
                    <CopyableId value={entry.correlationId} label="request id" />
                  ) : null}
                </span>
              ),
            },
            { header: 'Job id', value: (entry) => entry.jobId, isCsvOnly: true },
            { header: 'Connection id', value: (entry) => entry.connectionId, isCsvOnly: true },
            { header: 'Correlation id', value: (entry) => entry.correlationId, isCsvOnly: true },
            { header: 'Cloud PC id', value: (entry) => entry.cloudPcId, isCsvOnly: true },
          ]}
        />
        {timeline.isTruncated ? (
          <Text>Only the newest {timeline.value.length} entries are shown.</Text>
        ) : null}
      </section>
    </>
  );
}

export function TimelineView(props: {
  title: string;
  timeline?: Loadable<Timeline>;
  onSearch: (href: string) => void;
  onRefresh?: () => void;
}) {
  const frame = useFrameStyles();
  return (
    <DiagnosticsFrame
      title={props.title}
      description="One timeline of jobs, remote actions, connections and audit events for a Cloud PC or a person, last 7 days."
      {...(props.onRefresh ? { onRefresh: props.onRefresh } : {})}
      isRefreshing={props.timeline?.status === 'success' && props.timeline.isRefreshing}
    >
      <section className={frame.surface}>
        <TimelineSearch onSearch={props.onSearch} />
      </section>
      {props.timeline ? (
        <Loaded data={props.timeline} what="the timeline">
          {(timeline) => <TimelineBody timeline={timeline} />}
        </Loaded>
      ) : null}
    </DiagnosticsFrame>
  );
}
