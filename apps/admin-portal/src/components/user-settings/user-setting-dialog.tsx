'use client';

import { RESTORE_POINT_FREQUENCIES, ZDisplayName, ZGuid } from '@cloudpc/api-client';
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
  Select,
  Spinner,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useState } from 'react';
import { DirectoryGroupPicker } from '../policies/directory-group-picker.tsx';
import { parseGroupIds } from '../policies/policy-form.ts';

export interface UserSettingValues {
  displayName: string;
  localAdminEnabled: boolean;
  resetEnabled: boolean;
  frequencyInHours: number;
  userRestoreEnabled: boolean;
  groupIds: string;
}

export interface UserSettingDialogProps {
  mode: 'create' | 'edit';
  initial: UserSettingValues;
  isSaving: boolean;
  failure?: { message: string; requestId?: string };
  serverErrors?: Partial<Record<'displayName' | 'groupIds', string>>;
  onSave: (values: UserSettingValues) => void;
  onCancel: () => void;
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

/** Create or edit a user setting (local admin, reset, restore points) and the groups it applies to. */
export function UserSettingDialog(props: UserSettingDialogProps) {
  const styles = useStyles();
  const [values, setValues] = useState(props.initial);
  const [problems, setProblems] = useState<Partial<Record<'displayName' | 'groupIds', string>>>({});
  const set = <K extends keyof UserSettingValues>(key: K, value: UserSettingValues[K]) =>
    setValues((old) => ({ ...old, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof problems = {};
    const name = ZDisplayName.safeParse(values.displayName);
    if (!name.success) found.displayName = name.error.issues[0]?.message ?? 'Enter a valid name.';
    const bad = parseGroupIds(values.groupIds).filter((id) => !ZGuid.safeParse(id).success);
    if (bad.length > 0) found.groupIds = `Not a group object id (GUID): ${bad.join(', ')}`;
    setProblems(found);
    if (Object.keys(found).length === 0) props.onSave({ ...values, displayName: values.displayName.trim() });
  };
  const message = (field: 'displayName' | 'groupIds') => problems[field] ?? props.serverErrors?.[field];
  return (
    <Dialog open onOpenChange={(_e, d) => (d.open ? undefined : props.onCancel())}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{props.mode === 'create' ? 'Create user setting' : 'Edit user setting'}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label="Name"
                required
                validationMessage={message('displayName')}
                validationState={message('displayName') ? 'error' : 'none'}
              >
                <Input
                  value={values.displayName}
                  maxLength={120}
                  onChange={(_e, d) => set('displayName', d.value)}
                />
              </Field>
              <Switch
                label="Users are local administrators"
                checked={values.localAdminEnabled}
                onChange={(_e, d) => set('localAdminEnabled', d.checked)}
              />
              <Switch
                label="Users may reset their Cloud PC"
                checked={values.resetEnabled}
                onChange={(_e, d) => set('resetEnabled', d.checked)}
              />
              <Switch
                label="Users may restore their Cloud PC"
                checked={values.userRestoreEnabled}
                onChange={(_e, d) => set('userRestoreEnabled', d.checked)}
              />
              <Field label="Restore point every">
                <Select
                  value={String(values.frequencyInHours)}
                  onChange={(_e, d) => set('frequencyInHours', Number(d.value))}
                >
                  {RESTORE_POINT_FREQUENCIES.map((hours) => (
                    <option key={hours} value={hours}>
                      {hours} hours
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                label="Assigned groups"
                hint="Search Microsoft Entra groups by name."
                validationMessage={message('groupIds')}
                validationState={message('groupIds') ? 'error' : 'none'}
              >
                <DirectoryGroupPicker
                  selectedIds={parseGroupIds(values.groupIds)}
                  onSelectedIdsChange={(ids) => set('groupIds', ids.join('\n'))}
                />
              </Field>
              {props.failure ? (
                <MessageBar intent="error">
                  <MessageBarBody>
                    {props.failure.message}
                    {props.failure.requestId ? ` Request ID: ${props.failure.requestId}` : ''}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={props.isSaving}
                icon={props.isSaving ? <Spinner size="tiny" /> : undefined}
              >
                {props.mode === 'create' ? 'Create' : 'Save'}
              </Button>
              <Button onClick={props.onCancel}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
