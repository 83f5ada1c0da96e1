'use client';

import type { CheckStatus } from '@cloudpc/api-client';
import { ErrorState, LoadingState } from '@cloudpc/ui';
import { Badge, Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { Loadable } from '../loadable.ts';
import { DiagnosticsNav } from './diagnostics-nav.tsx';

export const useFrameStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
  },
  heading: { margin: 0, display: 'block' },
  titles: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  surface: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    overflowX: 'auto',
  },
  figures: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  figure: { display: 'flex', flexDirection: 'column', minWidth: '120px' },
  figureValue: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { textDecorationLine: 'underline' },
  },
  muted: { color: tokens.colorNeutralForeground3 },
  description: { display: 'block', margin: 0, color: tokens.colorNeutralForeground3 },
});

export interface FrameProps {
  title: string;
  description: string;
  isRefreshing?: boolean;
  onRefresh?: () => void;
  children: ReactNode;
}

/** Every diagnostics page: heading, what it answers, refresh, and the pages beside it. */
export function DiagnosticsFrame(props: FrameProps) {
  const styles = useFrameStyles();
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <div className={styles.titles}>
          <Text as="h1" size={800} weight="semibold" className={styles.heading}>
            {props.title}
          </Text>
          <Text as="p" className={styles.description}>
            {props.description}
          </Text>
        </div>
        {props.onRefresh ? (
          <Button
            icon={props.isRefreshing ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />}
            onClick={props.onRefresh}
          >
            Refresh
          </Button>
        ) : null}
      </div>
      <DiagnosticsNav />
      {props.children}
    </div>
  );
}

/** Loading and error for one block of data; the block renders once it has arrived. */
export function Loaded<T>({
  data,
  what,
  children,
}: {
  data: Loadable<T>;
  what: string;
  children: (value: T) => ReactNode;
}) {
  if (data.status === 'pending') return <LoadingState label={`Loading ${what}…`} />;
  if (data.status === 'error') {
    return (
      <ErrorState
        title={`${what[0]?.toUpperCase() ?? ''}${what.slice(1)} could not be loaded`}
        message={data.message}
        {...(data.requestId ? { requestId: data.requestId } : {})}
        onRetry={data.retry}
      />
    );
  }
  return <>{children(data.data)}</>;
}

export function Figure({ label, value }: { label: string; value: ReactNode }) {
  const styles = useFrameStyles();
  return (
    <div className={styles.figure}>
      <Text className={styles.muted}>{label}</Text>
      <Text className={styles.figureValue}>{value}</Text>
    </div>
  );
}

const STATUS_COLOR = {
  ok: 'success',
  healthy: 'success',
  degraded: 'warning',
  down: 'danger',
  unhealthy: 'danger',
  unknown: 'informative',
} as const;

export function HealthBadge({ status }: { status: CheckStatus | 'healthy' | 'unhealthy' }) {
  return (
    <Badge appearance="tint" color={STATUS_COLOR[status]}>
      {status}
    </Badge>
  );
}

export const formatMs = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '—'
    : value >= 60_000
      ? `${(value / 60_000).toFixed(1)} min`
      : value >= 1_000
        ? `${(value / 1_000).toFixed(1)} s`
        : `${Math.round(value)} ms`;

export const formatRate = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)} %`;
