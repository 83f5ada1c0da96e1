'use client';

import { EmptyState, ErrorState, LoadingState } from '@cloudpc/ui';
import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { DesktopRegular } from '@fluentui/react-icons';
import type { Loadable } from '../loadable.ts';
import type { CloudPcActions } from './cloud-pc-actions.ts';
import { CloudPcCard } from './cloud-pc-card.tsx';
import type { MyCloudPc } from './cloud-pc-state.ts';

export type { MyCloudPc } from './cloud-pc-state.ts';

export interface MyCloudPcsViewProps {
  cloudPcs: Loadable<MyCloudPc[]>;
  /** The card actions; without them the cards are read-only. */
  actions?: CloudPcActions;
  /** Self-service restore is allowed for this person (their user setting). */
  restoreAllowed?: boolean;
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
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 300px), 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
});

/** The signed-in person's Cloud PCs, with loading, empty and error states. */
export function MyCloudPcsView({ cloudPcs, actions, restoreAllowed = false }: MyCloudPcsViewProps) {
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
              <CloudPcCard
                cloudPc={cloudPc}
                restoreAllowed={restoreAllowed}
                {...(actions ? { actions } : {})}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
