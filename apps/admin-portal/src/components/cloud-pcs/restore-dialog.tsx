'use client';

import type { CloudPcSnapshot } from '@cloudpc/api-client';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';
import { formatDate } from '../format.ts';

export interface RestoreDialogProps {
  snapshots: CloudPcSnapshot[];
  isRunning: boolean;
  onConfirm: (snapshotId: string) => void;
  onCancel: () => void;
}

/** Picks the restore point to return the Cloud PC to, and says what is lost. */
export function RestoreDialog({ snapshots, isRunning, onConfirm, onCancel }: RestoreDialogProps) {
  const [snapshotId, setSnapshotId] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!snapshotId) {
      setMissing(true);
      return;
    }
    onConfirm(snapshotId);
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => (data.open ? undefined : onCancel())}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Restore Cloud PC?</DialogTitle>
            <DialogContent>
              <Text as="p">
                The Cloud PC returns to the restore point you choose. Files, apps and settings changed after
                it are lost; the user is disconnected while it restores.
              </Text>
              {snapshots.length === 0 ? (
                <Text as="p">There is no restore point to return to yet.</Text>
              ) : (
                <Field
                  label="Restore point"
                  required
                  validationMessage={missing ? 'Choose a restore point.' : undefined}
                  validationState={missing ? 'error' : 'none'}
                >
                  <RadioGroup
                    value={snapshotId}
                    onChange={(_event, data) => {
                      setSnapshotId(data.value);
                      setMissing(false);
                    }}
                  >
                    {snapshots.map((snapshot) => (
                      <Radio
                        key={snapshot.id}
                        value={snapshot.id}
                        label={`${formatDate(snapshot.createdDateTime)} (${snapshot.snapshotType})`}
                      />
                    ))}
                  </RadioGroup>
                </Field>
              )}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={isRunning || snapshots.length === 0}
                icon={isRunning ? <Spinner size="tiny" /> : undefined}
              >
                Restore
              </Button>
              <Button appearance="secondary" onClick={onCancel}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
