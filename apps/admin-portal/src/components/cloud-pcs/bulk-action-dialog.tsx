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
  makeStyles,
  Select,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';
import { ACTION_CONSEQUENCES, ACTION_LABELS, type ConfirmedAction } from './cloud-pc-model.ts';

export interface PlanChoice {
  id: string;
  displayName: string;
}

export interface BulkActionDialogProps {
  action: ConfirmedAction;
  /** The display names of the Cloud PCs the action will run on. */
  names: string[];
  /** Sizes to choose from, for resize. */
  plans: PlanChoice[];
  isRunning: boolean;
  onConfirm: (options: { targetServicePlanId?: string }) => void;
  onCancel: () => void;
}

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, maxHeight: '160px', overflowY: 'auto' },
});

const MAX_LISTED = 10;

/** Says what an action will do to which Cloud PCs before it runs; resize also asks for the size. */
export function BulkActionDialog({
  action,
  names,
  plans,
  isRunning,
  onConfirm,
  onCancel,
}: BulkActionDialogProps) {
  const styles = useStyles();
  const [planId, setPlanId] = useState('');
  const [planMissing, setPlanMissing] = useState(false);
  const count = names.length;
  const noun = count === 1 ? 'Cloud PC' : 'Cloud PCs';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (action === 'resize') {
      if (!planId) {
        setPlanMissing(true);
        return;
      }
      onConfirm({ targetServicePlanId: planId });
      return;
    }
    onConfirm({});
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => (data.open ? undefined : onCancel())}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>
              {ACTION_LABELS[action]} {count} {noun}?
            </DialogTitle>
            <DialogContent className={styles.content}>
              <Text as="p">{ACTION_CONSEQUENCES[action]}</Text>
              <ul className={styles.list} aria-label={`${noun} affected`}>
                {names.slice(0, MAX_LISTED).map((name) => (
                  <li key={name}>{name}</li>
                ))}
                {count > MAX_LISTED ? <li>and {count - MAX_LISTED} more</li> : null}
              </ul>
              {action === 'resize' ? (
                <Field
                  label="New size"
                  required
                  validationMessage={planMissing ? 'Choose a size.' : undefined}
                  validationState={planMissing ? 'error' : 'none'}
                >
                  <Select
                    value={planId}
                    onChange={(_event, data) => {
                      setPlanId(data.value);
                      setPlanMissing(false);
                    }}
                  >
                    <option value="">Choose a size…</option>
                    {plans.map((plan) => (
                      <option key={plan.id} value={plan.id}>
                        {plan.displayName}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={isRunning}
                icon={isRunning ? <Spinner size="tiny" /> : undefined}
              >
                {ACTION_LABELS[action]}
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
