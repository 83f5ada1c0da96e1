'use client';

import { ErrorState, LoadingState } from '@cloudpc/ui';
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
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, useEffect, useState } from 'react';
import type { Loadable } from '../loadable.ts';

export interface CatalogChoice {
  id: string;
  displayName: string;
}

export interface PolicyCatalogs {
  images: CatalogChoice[];
  regions: CatalogChoice[];
}

export interface NewPolicy {
  displayName: string;
  imageId: string;
  regionName: string;
}

export type NewPolicyField = keyof NewPolicy;

export interface CreatePolicyError {
  message: string;
  requestId?: string;
  /** Server-side validation messages, shown next to their fields. */
  fields: Partial<Record<NewPolicyField, string>>;
}

export interface CreatePolicyDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  catalogs: Loadable<PolicyCatalogs>;
  onSubmit: (policy: NewPolicy) => void;
  isSubmitting: boolean;
  error?: CreatePolicyError;
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

const EMPTY: NewPolicy = { displayName: '', imageId: '', regionName: '' };

/**
 * A quick way to create a provisioning policy (name, image, region; Microsoft Entra join)
 * until the full wizard of issue 6 replaces it. Administrators only.
 */
export function CreatePolicyDialog({
  open,
  onOpenChange,
  catalogs,
  onSubmit,
  isSubmitting,
  error,
}: CreatePolicyDialogProps) {
  const styles = useStyles();
  const [values, setValues] = useState<NewPolicy>(EMPTY);
  const [missing, setMissing] = useState<Partial<Record<NewPolicyField, string>>>({});

  const firstImage = catalogs.status === 'success' ? (catalogs.data.images[0]?.id ?? '') : '';
  const firstRegion = catalogs.status === 'success' ? (catalogs.data.regions[0]?.id ?? '') : '';
  // Each opening starts empty, with the catalogue's first image and region chosen.
  useEffect(() => {
    if (!open) return;
    setMissing({});
    setValues({ displayName: '', imageId: firstImage, regionName: firstRegion });
  }, [open, firstImage, firstRegion]);

  const set = (field: NewPolicyField) => (value: string) => setValues((old) => ({ ...old, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<NewPolicyField, string>> = {};
    if (!values.displayName.trim()) problems.displayName = 'Enter a name.';
    if (!values.imageId) problems.imageId = 'Choose an image.';
    if (!values.regionName) problems.regionName = 'Choose a region.';
    setMissing(problems);
    if (Object.keys(problems).length === 0) onSubmit({ ...values, displayName: values.displayName.trim() });
  };
  const messageFor = (field: NewPolicyField) => missing[field] ?? error?.fields[field];

  return (
    <Dialog open={open} onOpenChange={(_event, data) => onOpenChange(data.open)}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Create provisioning policy</DialogTitle>
            <DialogContent className={styles.form}>
              {catalogs.status === 'pending' ? <LoadingState label="Loading images and regions…" /> : null}
              {catalogs.status === 'error' ? (
                <ErrorState
                  headingLevel={3}
                  title="Images and regions could not be loaded"
                  message={catalogs.message}
                  {...(catalogs.requestId ? { requestId: catalogs.requestId } : {})}
                  onRetry={catalogs.retry}
                />
              ) : null}
              {catalogs.status === 'success' ? (
                <>
                  <Field
                    label="Name"
                    required
                    validationMessage={messageFor('displayName')}
                    validationState={messageFor('displayName') ? 'error' : 'none'}
                  >
                    <Input
                      value={values.displayName}
                      onChange={(_event, data) => set('displayName')(data.value)}
                      maxLength={120}
                    />
                  </Field>
                  <Field
                    label="Image"
                    required
                    validationMessage={messageFor('imageId')}
                    validationState={messageFor('imageId') ? 'error' : 'none'}
                  >
                    <Select value={values.imageId} onChange={(_event, data) => set('imageId')(data.value)}>
                      {catalogs.data.images.map((image) => (
                        <option key={image.id} value={image.id}>
                          {image.displayName}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field
                    label="Region"
                    required
                    hint="Cloud PCs join Microsoft Entra ID in this region."
                    validationMessage={messageFor('regionName')}
                    validationState={messageFor('regionName') ? 'error' : 'none'}
                  >
                    <Select
                      value={values.regionName}
                      onChange={(_event, data) => set('regionName')(data.value)}
                    >
                      {catalogs.data.regions.map((region) => (
                        <option key={region.id} value={region.id}>
                          {region.displayName}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </>
              ) : null}
              {error ? (
                <MessageBar intent="error">
                  <MessageBarBody>
                    {error.message}
                    {error.requestId ? ` Request ID: ${error.requestId}` : ''}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={isSubmitting || catalogs.status !== 'success'}
                icon={isSubmitting ? <Spinner size="tiny" /> : undefined}
              >
                Create
              </Button>
              <Button appearance="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
