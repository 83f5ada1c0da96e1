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
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { type FormEvent, type ReactNode, useState } from 'react';
import type { Loadable } from '../loadable.ts';
import { GroupPicker, type GroupPickerProps } from './group-picker.tsx';
import {
  errorsOfStep,
  type FieldErrors,
  LOCALES,
  namingPreview,
  type PolicyField,
  type PolicyFormValues,
  parseGroupIds,
  STEP_LABELS,
  STEPS,
  type Step,
} from './policy-form.ts';

export interface Choice {
  id: string;
  displayName: string;
}

export interface KnownGroup extends Choice {
  description?: string;
}

export interface PolicyWizardViewProps {
  mode: 'create' | 'edit';
  values: PolicyFormValues;
  onChange: (values: PolicyFormValues) => void;
  step: Step;
  onStepChange: (step: Step) => void;
  catalogs: Loadable<{ images: Choice[]; regions: Choice[] }>;
  /** Client and server messages, by field. */
  errors: FieldErrors;
  /** A failure that is not about one field (with the request id). */
  failure?: { title: string; message: string; requestId?: string; onReload?: () => void };
  isSubmitting: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  /** The directory search behind the Assignments step's group picker. */
  groupPicker: Pick<GroupPickerProps, 'namesById' | 'searchText' | 'onSearchTextChange' | 'results'>;
  /** Asking whether to leave a form with changes. */
  isConfirmingLeave: boolean;
  onLeave: () => void;
  onStay: () => void;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  body: {
    display: 'grid',
    gridTemplateColumns: 'minmax(180px, 220px) 1fr',
    gap: tokens.spacingHorizontalXL,
    '@media (max-width: 720px)': { gridTemplateColumns: '1fr' },
  },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    maxWidth: '720px',
  },
  steps: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  stepButton: { justifyContent: 'flex-start', width: '100%' },
  footer: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  preview: { fontFamily: tokens.fontFamilyMonospace },
  review: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, wordBreak: 'break-word' },
});

/** The Windows 365 policy steps, one panel at a time; every step stays reachable from the step list. */
export function PolicyWizardView(props: PolicyWizardViewProps) {
  const styles = useStyles();
  const { values, errors, step } = props;
  const [touched, setTouched] = useState(false);
  const index = STEPS.indexOf(step);
  const set = <K extends keyof PolicyFormValues>(field: K, value: PolicyFormValues[K]) =>
    props.onChange({ ...values, [field]: value });
  const fieldState = (field: PolicyField) => ({
    validationMessage: errors[field],
    validationState: errors[field] ? ('error' as const) : ('none' as const),
  });
  const stepHasErrors = (candidate: Step) => Object.keys(errorsOfStep(errors, candidate)).length > 0;
  const next = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (step === 'review') {
      props.onSubmit();
      return;
    }
    const following = STEPS[index + 1];
    if (following) props.onStepChange(following);
  };
  const choices = props.catalogs.status === 'success' ? props.catalogs.data : { images: [], regions: [] };
  const imageName =
    choices.images.find((image) => image.id === values.imageId)?.displayName ?? values.imageId;
  const regionName =
    choices.regions.find((region) => region.id === values.regionName)?.displayName ?? values.regionName;
  const preview = namingPreview(values.namingTemplate);
  const groups = parseGroupIds(values.groupIds);

  const panels: Record<Step, ReactNode> = {
    general: (
      <>
        <Field label="Name" required {...fieldState('displayName')}>
          <Input
            value={values.displayName}
            maxLength={120}
            onChange={(_e, d) => set('displayName', d.value)}
          />
        </Field>
        <Field label="Description" {...fieldState('description')}>
          <Textarea value={values.description} onChange={(_e, d) => set('description', d.value)} />
        </Field>
        <Field label="License type">
          <RadioGroup
            value={values.provisioningType}
            onChange={(_e, d) => set('provisioningType', d.value as PolicyFormValues['provisioningType'])}
            disabled={props.mode === 'edit'}
          >
            <Radio value="dedicated" label="Enterprise: one Cloud PC per user (dedicated)" />
            <Radio value="shared" label="Frontline: shared between users of a shift" />
          </RadioGroup>
        </Field>
      </>
    ),
    network: (
      <>
        <Field label="Join type" hint="Hybrid join needs an on-premises network connection.">
          <RadioGroup
            value={values.domainJoinType}
            onChange={(_e, d) => set('domainJoinType', d.value as PolicyFormValues['domainJoinType'])}
          >
            <Radio value="azureADJoin" label="Microsoft Entra join" />
            <Radio value="hybridAzureADJoin" label="Microsoft Entra hybrid join" disabled />
          </RadioGroup>
        </Field>
        <Field
          label="Region"
          required
          hint="Microsoft-hosted network in this region."
          {...fieldState('regionName')}
        >
          <Select value={values.regionName} onChange={(_e, d) => set('regionName', d.value)}>
            <option value="">Choose a region…</option>
            {choices.regions.map((region) => (
              <option key={region.id} value={region.id}>
                {region.displayName}
              </option>
            ))}
          </Select>
        </Field>
      </>
    ),
    image: (
      <Field label="Gallery image" required {...fieldState('imageId')}>
        <RadioGroup value={values.imageId} onChange={(_e, d) => set('imageId', d.value)}>
          {choices.images.map((image) => (
            <Radio key={image.id} value={image.id} label={image.displayName} />
          ))}
        </RadioGroup>
      </Field>
    ),
    configuration: (
      <>
        <Field label="Language and region" required {...fieldState('locale')}>
          <Select value={values.locale} onChange={(_e, d) => set('locale', d.value)}>
            {LOCALES.map((locale) => (
              <option key={locale.id} value={locale.id}>
                {locale.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Device name template"
          required
          hint="Letters, digits, hyphens, %USERNAME:x% and %RAND:y% (y at least 5); at most 15 characters."
          {...fieldState('namingTemplate')}
        >
          <Input value={values.namingTemplate} onChange={(_e, d) => set('namingTemplate', d.value)} />
        </Field>
        <Text as="p" aria-live="polite">
          {preview ? (
            <>
              Example for adele@contoso.test: <span className={styles.preview}>{preview}</span>
            </>
          ) : (
            'No preview until the template is valid.'
          )}
        </Text>
      </>
    ),
    assignments: (
      <Field
        label="Groups"
        hint="Search Microsoft Entra groups by name. Each member gets a Cloud PC. You can assign later too."
        {...fieldState('groupIds')}
      >
        <GroupPicker
          {...props.groupPicker}
          selectedIds={groups}
          onSelectedIdsChange={(ids) => set('groupIds', ids.join('\n'))}
        />
      </Field>
    ),
    review: (
      <dl className={styles.review}>
        {[
          ['Name', values.displayName],
          ['Description', values.description || '—'],
          ['License type', values.provisioningType === 'dedicated' ? 'Enterprise' : 'Frontline'],
          ['Join type', 'Microsoft Entra join'],
          ['Region', regionName || '—'],
          ['Image', imageName || '—'],
          ['Language and region', values.locale],
          ['Device name template', `${values.namingTemplate}${preview ? ` (e.g. ${preview})` : ''}`],
          [
            'Groups',
            groups.length > 0
              ? groups.map((id) => props.groupPicker.namesById[id] ?? id).join(', ')
              : 'None yet',
          ],
        ].map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.dd}>{value}</dd>
          </div>
        ))}
      </dl>
    ),
  };

  return (
    <div className={styles.root}>
      <Text as="h1" size={800} weight="semibold" className={styles.heading}>
        {props.mode === 'create'
          ? 'Create provisioning policy'
          : `Edit ${values.displayName || 'provisioning policy'}`}
      </Text>
      {props.failure ? (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{props.failure.title}</MessageBarTitle>
            {props.failure.message}
            {props.failure.requestId ? ` Request ID: ${props.failure.requestId}` : ''}
          </MessageBarBody>
          {props.failure.onReload ? (
            <MessageBarActions>
              <Button onClick={props.failure.onReload}>Reload the policy</Button>
            </MessageBarActions>
          ) : null}
        </MessageBar>
      ) : null}
      <div className={styles.body}>
        <nav aria-label="Steps">
          <ol className={styles.steps}>
            {STEPS.map((candidate, position) => (
              <li key={candidate}>
                <Button
                  appearance={candidate === step ? 'secondary' : 'subtle'}
                  className={styles.stepButton}
                  aria-current={candidate === step ? 'step' : undefined}
                  onClick={() => props.onStepChange(candidate)}
                >
                  {position + 1}. {STEP_LABELS[candidate]}
                  {touched && stepHasErrors(candidate) ? ' (needs attention)' : ''}
                </Button>
              </li>
            ))}
          </ol>
        </nav>
        <form className={styles.panel} onSubmit={next} noValidate aria-label={STEP_LABELS[step]}>
          <Text as="h2" size={500} weight="semibold" className={styles.heading}>
            {STEP_LABELS[step]}
          </Text>
          {props.catalogs.status === 'pending' && (step === 'network' || step === 'image') ? (
            <LoadingState label="Loading images and regions…" />
          ) : null}
          {props.catalogs.status === 'error' && (step === 'network' || step === 'image') ? (
            <ErrorState
              headingLevel={3}
              title="Images and regions could not be loaded"
              message={props.catalogs.message}
              {...(props.catalogs.requestId ? { requestId: props.catalogs.requestId } : {})}
              onRetry={props.catalogs.retry}
            />
          ) : null}
          {panels[step]}
          <div className={styles.footer}>
            {index > 0 ? (
              <Button onClick={() => props.onStepChange(STEPS[index - 1] ?? 'general')}>Back</Button>
            ) : null}
            <Button
              type="submit"
              appearance="primary"
              disabledFocusable={props.isSubmitting}
              icon={props.isSubmitting ? <Spinner size="tiny" /> : undefined}
            >
              {step === 'review' ? (props.mode === 'create' ? 'Create' : 'Save') : 'Next'}
            </Button>
            <Button appearance="subtle" onClick={props.onCancel}>
              Cancel
            </Button>
          </div>
        </form>
      </div>
      {props.isConfirmingLeave ? (
        <Dialog open modalType="alert" onOpenChange={(_e, d) => (d.open ? undefined : props.onStay())}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Leave without saving?</DialogTitle>
              <DialogContent>Your changes to this provisioning policy will be lost.</DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={props.onLeave}>
                  Leave
                </Button>
                <Button onClick={props.onStay}>Keep editing</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </div>
  );
}
