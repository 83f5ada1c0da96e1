'use client';

import { CloudPcStatusBadge } from '@cloudpc/ui';
import {
  Button,
  Card,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  ProgressBar,
  Text,
  tokens,
} from '@fluentui/react-components';
import { MoreHorizontalRegular, OpenRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { type CloudPcActions, errorText } from './cloud-pc-actions.ts';
import { CloudPcDialog, type DialogKind } from './cloud-pc-dialogs.tsx';
import {
  actionInProgress,
  canAct,
  canOpen,
  formatDateTime,
  type MyCloudPc,
  provisioningProgress,
  troubleshootOutcome,
} from './cloud-pc-state.ts';

const useStyles = makeStyles({
  card: { height: '100%', padding: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalM },
  title: { margin: 0, overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalS, marginTop: 'auto', flexWrap: 'wrap' },
});

/** The one thing a person needs to know about the Cloud PC right now, if anything. */
function StateNotice({ cloudPc }: { cloudPc: MyCloudPc }) {
  const progress = provisioningProgress(cloudPc);
  const running = actionInProgress(cloudPc);
  if (cloudPc.status === 'provisioning') {
    return (
      <div role="status">
        <ProgressBar
          value={progress ? progress.step / progress.count : undefined}
          aria-label="Setting up your Cloud PC"
        />
        <Text size={200}>
          {progress
            ? `Setting up: step ${progress.step} of ${progress.count}, ${progress.name}`
            : 'Setting up…'}
        </Text>
      </div>
    );
  }
  if (running) {
    return (
      <div role="status">
        <ProgressBar aria-label={running} />
        <Text size={200}>{running}… this page updates by itself.</Text>
      </div>
    );
  }
  if (cloudPc.status === 'restoring') {
    return <Text role="status">Restoring… you can connect again when it has finished.</Text>;
  }
  if (cloudPc.status === 'inGracePeriod') {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>This Cloud PC is going away</MessageBarTitle>
          {cloudPc.gracePeriodEndDateTime
            ? `It will be removed on ${formatDateTime(cloudPc.gracePeriodEndDateTime)}. `
            : 'It will be removed soon. '}
          Save your files somewhere else before then.
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (cloudPc.status === 'failed') {
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>Something went wrong</MessageBarTitle>
          Tell your IT admin: Cloud PC "{cloudPc.managedDeviceName}"
          {cloudPc.statusDetail
            ? `, error ${cloudPc.statusDetail.code}: ${cloudPc.statusDetail.message}`
            : ''}
          .
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (cloudPc.powerState === 'poweredOff')
    return <Text>This Cloud PC is turned off. Restart it to use it.</Text>;
  return null;
}

function TroubleshootNotice({ cloudPc }: { cloudPc: MyCloudPc }) {
  const outcome = troubleshootOutcome(cloudPc);
  if (!outcome || outcome.kind === 'running') return null;
  const intent = outcome.kind === 'noIssues' ? 'success' : outcome.kind === 'issues' ? 'warning' : 'error';
  const title = {
    noIssues: 'Troubleshoot: no issues found',
    issues: 'Troubleshoot: issues found. If they continue, contact your admin',
    failed: 'Troubleshoot could not finish. Try later',
  }[outcome.kind];
  return (
    <MessageBar intent={intent}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {outcome.message}
      </MessageBarBody>
    </MessageBar>
  );
}

export function CloudPcCard({
  cloudPc,
  actions,
  restoreAllowed = false,
}: {
  cloudPc: MyCloudPc;
  actions?: CloudPcActions;
  /** The person's user setting allows self-service restore. */
  restoreAllowed?: boolean;
}) {
  const styles = useStyles();
  const [dialog, setDialog] = useState<DialogKind>();
  const [error, setError] = useState<string>();
  const [opening, setOpening] = useState(false);
  const headingId = `cloud-pc-${cloudPc.id}`;
  const idle = canAct(cloudPc);

  async function attempt(work: () => Promise<void>) {
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  return (
    <Card className={styles.card} aria-labelledby={headingId}>
      <Text as="h2" id={headingId} size={500} weight="semibold" className={styles.title}>
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
      <StateNotice cloudPc={cloudPc} />
      <TroubleshootNotice cloudPc={cloudPc} />
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      {actions ? (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            icon={<OpenRegular />}
            disabled={!canOpen(cloudPc) || opening}
            onClick={() => {
              setOpening(true);
              void attempt(() => actions.open(cloudPc.id)).finally(() => setOpening(false));
            }}
          >
            Open in browser
          </Button>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button
                icon={<MoreHorizontalRegular />}
                aria-label={`More actions for ${cloudPc.displayName}`}
              />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem disabled={!idle} onClick={() => setDialog('restart')}>
                  Restart
                </MenuItem>
                <MenuItem disabled={!idle} onClick={() => setDialog('rename')}>
                  Rename
                </MenuItem>
                {restoreAllowed ? (
                  <MenuItem disabled={!idle} onClick={() => setDialog('restore')}>
                    Restore
                  </MenuItem>
                ) : null}
                <MenuItem
                  disabled={!idle}
                  onClick={() => void attempt(() => actions.troubleshoot(cloudPc.id))}
                >
                  Troubleshoot
                </MenuItem>
                <MenuItem onClick={() => setDialog('systemInfo')}>System information</MenuItem>
                <MenuItem
                  disabled={!canOpen(cloudPc)}
                  onClick={() => void attempt(() => actions.downloadRdp(cloudPc.id))}
                >
                  Download .rdp
                </MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        </div>
      ) : null}
      {dialog && actions ? (
        <CloudPcDialog
          kind={dialog}
          cloudPc={cloudPc}
          actions={actions}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </Card>
  );
}
