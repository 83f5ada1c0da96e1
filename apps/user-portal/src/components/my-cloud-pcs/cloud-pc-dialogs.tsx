'use client';

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useEffect, useState } from 'react';
import { type CloudPcActions, errorText } from './cloud-pc-actions.ts';
import { formatDateTime, type MyCloudPc, systemInformation } from './cloud-pc-state.ts';

export type DialogKind = 'restart' | 'rename' | 'restore' | 'systemInfo';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace },
  stack: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

interface Props {
  kind: DialogKind;
  cloudPc: MyCloudPc;
  actions: CloudPcActions;
  onClose: () => void;
}

/** The card's dialogs, mounted only while open. Destructive ones say what is lost before anyone confirms. */
export function CloudPcDialog({ kind, cloudPc, actions, onClose }: Props) {
  const styles = useStyles();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState(cloudPc.displayName);
  const [snapshotId, setSnapshotId] = useState('');
  const [points, setPoints] = useState<Awaited<ReturnType<CloudPcActions['loadRestorePoints']>>>();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (kind !== 'restore') return;
    let live = true;
    actions.loadRestorePoints(cloudPc.id).then(
      (loaded) => live && setPoints(loaded),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [kind, actions, cloudPc.id]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onClose();
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (kind === 'restart') void run(() => actions.restart(cloudPc.id));
    if (kind === 'rename') void run(() => actions.rename(cloudPc.id, name.trim()));
    if (kind === 'restore' && snapshotId) void run(() => actions.restore(cloudPc.id, snapshotId));
  }

  const info = systemInformation(cloudPc);
  const title = {
    restart: `Restart ${cloudPc.displayName}?`,
    rename: 'Rename Cloud PC',
    restore: `Restore ${cloudPc.displayName}`,
    systemInfo: 'System information',
  }[kind];

  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.stack}>
              {kind === 'restart' ? (
                <Text>
                  Anything you have not saved on the Cloud PC is lost, and you are disconnected. It usually
                  takes a couple of minutes.
                </Text>
              ) : null}
              {kind === 'rename' ? (
                <Field
                  label="Name"
                  required
                  hint="Only you see this name. It does not change the device name."
                >
                  <Input value={name} maxLength={64} onChange={(_, data) => setName(data.value)} />
                </Field>
              ) : null}
              {kind === 'restore' ? (
                <>
                  <Text>
                    The Cloud PC goes back to the restore point you pick. Files, apps and settings changed
                    after that time are lost. You are disconnected while it restores.
                  </Text>
                  {points === undefined && !error ? (
                    <Spinner size="small" label="Loading restore points…" />
                  ) : null}
                  {points?.length === 0 ? <Text>There are no restore points yet.</Text> : null}
                  {points && points.length > 0 ? (
                    <Field label="Restore point" required>
                      <RadioGroup value={snapshotId} onChange={(_, data) => setSnapshotId(data.value)}>
                        {points.map((point) => (
                          <Radio
                            key={point.id}
                            value={point.id}
                            label={`${formatDateTime(point.createdDateTime)} (${point.snapshotType})`}
                          />
                        ))}
                      </RadioGroup>
                    </Field>
                  ) : null}
                </>
              ) : null}
              {kind === 'systemInfo' ? (
                <dl className={styles.facts} aria-label="System information">
                  {info.map(([label, value]) => (
                    <div key={label} style={{ display: 'contents' }}>
                      <dt className={styles.term}>{label}</dt>
                      <dd className={styles.value}>{value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              {copied ? <Text role="status">Copied to the clipboard.</Text> : null}
              {error ? (
                <MessageBar intent="error">
                  <MessageBarBody>{error}</MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              {kind === 'systemInfo' ? (
                <Button
                  appearance="primary"
                  onClick={() =>
                    void navigator.clipboard
                      ?.writeText(info.map(([label, value]) => `${label}: ${value}`).join('\n'))
                      .then(
                        () => setCopied(true),
                        () => setError('The clipboard is not available; select the text instead.'),
                      )
                  }
                >
                  Copy
                </Button>
              ) : (
                <Button
                  appearance="primary"
                  type="submit"
                  disabled={
                    busy || (kind === 'restore' && !snapshotId) || (kind === 'rename' && !name.trim())
                  }
                >
                  {{ restart: 'Restart', rename: 'Save', restore: 'Restore', systemInfo: '' }[kind]}
                </Button>
              )}
              <Button onClick={onClose}>{kind === 'systemInfo' ? 'Close' : 'Cancel'}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
