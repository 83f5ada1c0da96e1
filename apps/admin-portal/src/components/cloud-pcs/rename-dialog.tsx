'use client';

import { ZRenameCloudPc } from '@cloudpc/api-client';
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
  Spinner,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';

export interface RenameDialogProps {
  currentName: string;
  isRunning: boolean;
  /** The server's message for the name, shown under the field. */
  serverError?: string;
  onConfirm: (displayName: string) => void;
  onCancel: () => void;
}

/** Renames a Cloud PC (its display name; the device name stays), checked as the API checks it. */
export function RenameDialog({
  currentName,
  isRunning,
  serverError,
  onConfirm,
  onCancel,
}: RenameDialogProps) {
  const [name, setName] = useState(currentName);
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZRenameCloudPc.safeParse({ displayName: name });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Enter a valid name.');
      return;
    }
    setProblem(undefined);
    onConfirm(parsed.data.displayName);
  };
  const message = problem ?? serverError;
  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onCancel())}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Rename Cloud PC</DialogTitle>
            <DialogContent>
              <Field
                label="New display name"
                required
                hint="What the admin center and the user see. The device name does not change."
                validationMessage={message}
                validationState={message ? 'error' : 'none'}
              >
                <Input value={name} onChange={(_event, data) => setName(data.value)} maxLength={64} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={isRunning}
                icon={isRunning ? <Spinner size="tiny" /> : undefined}
              >
                Rename
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
