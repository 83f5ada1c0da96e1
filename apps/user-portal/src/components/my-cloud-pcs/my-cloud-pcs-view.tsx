'use client';

import {
  CloudPcStatusBadge,
  type CloudPcStatusName,
  EmptyState,
  ErrorState,
  LoadingState,
} from '@cloudpc/ui';
import { Card, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { DesktopRegular } from '@fluentui/react-icons';
import type { Loadable } from '../loadable.ts';

/** What the list shows of a Cloud PC. */
export interface MyCloudPc {
  id: string;
  displayName: string;
  status: CloudPcStatusName;
  imageDisplayName: string;
  servicePlanName: string;
  regionName: string;
}

export interface MyCloudPcsViewProps {
  cloudPcs: Loadable<MyCloudPc[]>;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXL },
  header: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalM },
  heading: { margin: 0 },
  panel: {
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  card: { height: '100%', padding: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalS },
  cardTitle: { margin: 0, overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
});

function CloudPcCard({ cloudPc }: { cloudPc: MyCloudPc }) {
  const styles = useStyles();
  return (
    <Card className={styles.card}>
      <Text as="h2" size={500} weight="semibold" className={styles.cardTitle}>
        {cloudPc.displayName}
      </Text>
      <span>
        <CloudPcStatusBadge status={cloudPc.status} />
      </span>
      <dl className={styles.facts}>
        <dt className={styles.term}>Image</dt>
        <dd className={styles.value}>{cloudPc.imageDisplayName}</dd>
        <dt className={styles.term}>Size</dt>
        <dd className={styles.value}>{cloudPc.servicePlanName}</dd>
        <dt className={styles.term}>Region</dt>
        <dd className={styles.value}>{cloudPc.regionName}</dd>
      </dl>
    </Card>
  );
}

/** The signed-in person's Cloud PCs, with loading, empty and error states. */
export function MyCloudPcsView({ cloudPcs }: MyCloudPcsViewProps) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <Text as="h1" size={800} weight="semibold" className={styles.heading}>
          My Cloud PCs
        </Text>
        {cloudPcs.status === 'success' && cloudPcs.isRefreshing ? (
          <Spinner size="tiny" aria-label="Refreshing" />
        ) : null}
      </div>
      {cloudPcs.status === 'pending' ? (
        <LoadingState label="Loading your Cloud PCs…" className={styles.panel} />
      ) : null}
      {cloudPcs.status === 'error' ? (
        <ErrorState
          className={styles.panel}
          title="Your Cloud PCs could not be loaded"
          message={cloudPcs.message}
          {...(cloudPcs.requestId ? { requestId: cloudPcs.requestId } : {})}
          onRetry={cloudPcs.retry}
        />
      ) : null}
      {cloudPcs.status === 'success' && cloudPcs.data.length === 0 ? (
        <EmptyState
          className={styles.panel}
          icon={<DesktopRegular />}
          title="Your admin hasn't assigned you a Cloud PC yet"
          description="When your organisation gives you a Cloud PC, it appears here. If you expected one, ask your IT admin."
        />
      ) : null}
      {cloudPcs.status === 'success' && cloudPcs.data.length > 0 ? (
        <ul className={styles.list} aria-label="Your Cloud PCs">
          {cloudPcs.data.map((cloudPc) => (
            <li key={cloudPc.id}>
              <CloudPcCard cloudPc={cloudPc} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
