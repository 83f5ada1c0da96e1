'use client';

import { ApiError, type UserSetting } from '@cloudpc/api-client';
import { EmptyState, ErrorState, LoadingState } from '@cloudpc/ui';
import {
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, PersonSettingsRegular } from '@fluentui/react-icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminAccess } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { describeError, loadableFrom } from '../loadable.ts';
import { useNotify } from '../notify.tsx';
import { parseGroupIds } from '../policies/policy-form.ts';
import { StaleBanner, useStaleness } from '../stale-banner.tsx';
import { UserSettingDialog, type UserSettingValues } from './user-setting-dialog.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  header: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'flex-end' },
  heading: { margin: 0 },
  surface: {
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    overflowX: 'auto',
  },
});

const EMPTY: UserSettingValues = {
  displayName: '',
  localAdminEnabled: false,
  resetEnabled: false,
  frequencyInHours: 12,
  userRestoreEnabled: false,
  groupIds: '',
};

function valuesOf(setting: UserSetting): UserSettingValues {
  return {
    displayName: setting.displayName,
    localAdminEnabled: setting.localAdminEnabled,
    resetEnabled: setting.resetEnabled,
    frequencyInHours: setting.restorePointSetting.frequencyInHours,
    userRestoreEnabled: setting.restorePointSetting.userRestoreEnabled,
    groupIds: (setting.assignments ?? []).map((assignment) => assignment.target.groupId).join('\n'),
  };
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** User settings: what people may do on their Cloud PCs, per group. Admins edit, support reads. */
export function UserSettingsPage({ access }: { access: AdminAccess }) {
  const styles = useStyles();
  const { queries, mutations } = useApi();
  const notify = useNotify();
  const settings = useQuery({ ...queries.userSettings(), select: (page) => page.value });
  // A failed refresh keeps the list on screen; the stale banner says so.
  const list = loadableFrom(settings);
  const { staleness, now } = useStaleness(settings);
  const create = useMutation(mutations.createUserSetting);
  const update = useMutation(mutations.updateUserSetting);
  const assign = useMutation(mutations.assignUserSetting);
  const [editing, setEditing] = useState<UserSetting | 'new'>();
  const [failure, setFailure] = useState<{ message: string; requestId?: string }>();

  const save = async (values: UserSettingValues) => {
    const body = {
      displayName: values.displayName,
      localAdminEnabled: values.localAdminEnabled,
      resetEnabled: values.resetEnabled,
      restorePointSetting: {
        frequencyInHours: values.frequencyInHours,
        userRestoreEnabled: values.userRestoreEnabled,
      },
    };
    setFailure(undefined);
    try {
      let id: string;
      if (editing && editing !== 'new') {
        await update.mutateAsync({ id: editing.id, etag: editing['@odata.etag'], body });
        id = editing.id;
      } else {
        id = (await create.mutateAsync(body)).id;
      }
      await assign.mutateAsync({ id, groupIds: parseGroupIds(values.groupIds) });
      notify({ intent: 'success', title: `User setting “${values.displayName}” saved` });
      setEditing(undefined);
    } catch (error) {
      const { message, requestId } = describeError(error);
      const conflict = error instanceof ApiError && error.status === 412;
      setFailure({
        message: conflict
          ? 'Someone else changed this setting after you opened it; nothing was saved. Close, refresh and edit again.'
          : message,
        ...(requestId ? { requestId } : {}),
      });
      notify({
        intent: 'error',
        title: 'User setting not saved',
        message,
        ...(requestId ? { requestId } : {}),
      });
    }
  };

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <Text as="h1" size={800} weight="semibold" className={styles.heading}>
          User settings
        </Text>
        {access.canManage ? (
          <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>
            Create user setting
          </Button>
        ) : null}
      </div>
      <StaleBanner staleness={staleness} now={now} onRetry={() => void settings.refetch()} />
      <div className={styles.surface}>
        {list.status === 'pending' ? <LoadingState label="Loading user settings…" /> : null}
        {list.status === 'error' ? (
          <ErrorState
            title="User settings could not be loaded"
            {...describeError(settings.error)}
            onRetry={() => void settings.refetch()}
          />
        ) : null}
        {list.status === 'success' && list.data.length === 0 ? (
          <EmptyState
            icon={<PersonSettingsRegular />}
            title="No user settings yet"
            description="A user setting decides whether people are local admins and may restore their Cloud PC."
          />
        ) : null}
        {list.status === 'success' && list.data.length > 0 ? (
          <Table aria-label="User settings" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Local admin</TableHeaderCell>
                <TableHeaderCell>User restore</TableHeaderCell>
                <TableHeaderCell>Restore points</TableHeaderCell>
                <TableHeaderCell>Assignment</TableHeaderCell>
                {access.canManage ? <TableHeaderCell>Actions</TableHeaderCell> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.map((setting) => (
                <TableRow key={setting.id}>
                  <TableCell>{setting.displayName}</TableCell>
                  <TableCell>{yesNo(setting.localAdminEnabled)}</TableCell>
                  <TableCell>{yesNo(setting.restorePointSetting.userRestoreEnabled)}</TableCell>
                  <TableCell>Every {setting.restorePointSetting.frequencyInHours} hours</TableCell>
                  <TableCell>
                    {setting.assignments?.length ? `${setting.assignments.length} group(s)` : 'Not assigned'}
                  </TableCell>
                  {access.canManage ? (
                    <TableCell>
                      <Button
                        size="small"
                        aria-label={`Edit ${setting.displayName}`}
                        onClick={() => setEditing(setting)}
                      >
                        Edit
                      </Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </div>
      {editing ? (
        <UserSettingDialog
          mode={editing === 'new' ? 'create' : 'edit'}
          initial={editing === 'new' ? EMPTY : valuesOf(editing)}
          isSaving={create.isPending || update.isPending || assign.isPending}
          {...(failure ? { failure } : {})}
          onSave={(values) => void save(values)}
          onCancel={() => {
            setFailure(undefined);
            setEditing(undefined);
          }}
        />
      ) : null}
    </div>
  );
}
