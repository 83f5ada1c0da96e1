'use client';

import { LoadingState } from '@cloudpc/ui';
import {
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DesktopRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';

export type SessionState =
  | { kind: 'connecting'; step: string }
  | {
      kind: 'connected';
      cloudPcDisplayName: string;
      regionName: string;
      timeToConnectMs: number;
      /** Why no desktop picture follows (the gateway's word, e.g. simulated compute). */
      note?: string;
    }
  | { kind: 'disconnected'; cloudPcDisplayName: string }
  | { kind: 'refused'; title: string; message: string; requestId?: string };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  heading: { margin: 0, overflowWrap: 'anywhere' },
  desktop: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    rowGap: tokens.spacingVerticalM,
    minHeight: '50vh',
    padding: tokens.spacingHorizontalXL,
    textAlign: 'center',
    borderRadius: tokens.borderRadiusXLarge,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground2,
  },
  icon: { fontSize: '48px' },
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalM },
});

/** The launch tab: progress, the desktop area once connected, or why it cannot connect. */
export function SessionView({
  state,
  action,
  onDisconnect,
}: {
  state: SessionState;
  action?: ReactNode;
  onDisconnect?: () => void;
}) {
  const styles = useStyles();
  if (state.kind === 'connecting') return <LoadingState label={state.step} />;
  if (state.kind === 'refused') {
    return (
      <div className={styles.root}>
        <Text as="h1" size={700} weight="semibold" className={styles.heading}>
          {state.title}
        </Text>
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {state.message}
            {state.requestId ? ` Request ID: ${state.requestId}` : ''}
          </MessageBarBody>
        </MessageBar>
        <div className={styles.bar}>
          {action}
          <Link href="/">Back to My Cloud PCs</Link>
        </div>
      </div>
    );
  }
  if (state.kind === 'disconnected') {
    return (
      <div className={styles.root}>
        <Text as="h1" size={700} weight="semibold" className={styles.heading}>
          Disconnected from {state.cloudPcDisplayName}
        </Text>
        <Text>Your Cloud PC keeps running. Open it again from My Cloud PCs.</Text>
        <Link href="/">Back to My Cloud PCs</Link>
      </div>
    );
  }
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Text as="h1" size={700} weight="semibold" className={styles.heading}>
          {state.cloudPcDisplayName}
        </Text>
        <Text role="status">
          Connected in {(state.timeToConnectMs / 1000).toFixed(1)} s · {state.regionName}
        </Text>
        {onDisconnect ? <Button onClick={onDisconnect}>Disconnect</Button> : null}
      </div>
      <section className={styles.desktop} aria-label="Remote desktop">
        <DesktopRegular className={styles.icon} aria-hidden />
        <Text weight="semibold">Connected, but there is no desktop picture to show.</Text>
        <Text>
          Your launch was checked and recorded.{' '}
          {state.note ??
            'This portal has no connection gateway configured, so the desktop is not streamed here.'}
        </Text>
      </section>
    </div>
  );
}
