'use client';

import { ApiError, type ProvisioningPolicy } from '@cloudpc/api-client';
import { ErrorState, LoadingState } from '@cloudpc/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useApi } from '../../data/api-context.tsx';
import { useLeaveGuard } from '../leave-guard.ts';
import { describeError, loadableFrom } from '../loadable.ts';
import { useNotify } from '../notify.tsx';
import {
  EMPTY_POLICY,
  FIELD_STEP,
  type FieldErrors,
  type PolicyField,
  type PolicyFormValues,
  parseGroupIds,
  STEPS,
  type Step,
  serverFieldErrors,
  toCreateBody,
  validatePolicy,
  valuesFromPolicy,
} from './policy-form.ts';
import { PolicyWizardView } from './policy-wizard-view.tsx';
import { useGroupPicker } from './use-group-picker.ts';

type Failure = { title: string; message: string; requestId?: string; onReload?: () => void };

function firstStepWithError(errors: FieldErrors): Step | undefined {
  return STEPS.find((step) => Object.keys(errors).some((field) => FIELD_STEP[field as PolicyField] === step));
}

function PolicyWizard({ policy }: { policy?: ProvisioningPolicy }) {
  const { queries, mutations } = useApi();
  const notify = useNotify();
  const router = useRouter();
  const queryClient = useQueryClient();
  const initial = policy ? valuesFromPolicy(policy) : EMPTY_POLICY;
  const [baseline, setBaseline] = useState(initial);
  const [values, setValues] = useState<PolicyFormValues>(initial);
  const [step, setStep] = useState<Step>('general');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Failure>();
  const [etag, setEtag] = useState(policy?.['@odata.etag']);
  const [isConfirmingLeave, setIsConfirmingLeave] = useState(false);
  const catalogs = useQuery({
    ...queries.catalogs(),
    select: (data) => ({
      images: data.galleryImages.map((image) => ({ id: image.id, displayName: image.displayName })),
      regions: data.regions
        .filter((region) => region.regionStatus === 'available')
        .map((region) => ({ id: region.id, displayName: region.displayName })),
    }),
  });
  const create = useMutation(mutations.createPolicy);
  const update = useMutation(mutations.updatePolicy);
  const assign = useMutation(mutations.assignPolicy);
  const isDirty = JSON.stringify(values) !== JSON.stringify(baseline);
  const groupPicker = useGroupPicker(
    parseGroupIds(values.groupIds),
    step === 'assignments' || step === 'review',
  );
  const isSubmitting = create.isPending || update.isPending || assign.isPending;

  const [leaveTarget, setLeaveTarget] = useState<string>();
  useLeaveGuard(isDirty, (href) => {
    setLeaveTarget(href);
    setIsConfirmingLeave(true);
  });

  const change = (next: PolicyFormValues) => {
    setValues(next);
    // Errors clear as their fields change; the others stay until the next check.
    setErrors((old) => {
      const kept = { ...old };
      for (const field of Object.keys(old) as PolicyField[]) {
        if (next[field] !== values[field]) delete kept[field];
      }
      return kept;
    });
  };

  const reload = async () => {
    if (!policy) return;
    const fresh = await queryClient.fetchQuery({ ...queries.policy(policy.id), staleTime: 0 });
    if (fresh) {
      const next = valuesFromPolicy(fresh);
      setBaseline(next);
      setValues(next);
      setEtag(fresh['@odata.etag']);
      setFailure(undefined);
      setErrors({});
    }
  };

  const submit = async () => {
    const problems = validatePolicy(values);
    setErrors(problems);
    setFailure(undefined);
    const broken = firstStepWithError(problems);
    if (broken) {
      setStep(broken);
      return;
    }
    const body = toCreateBody(values);
    const groupIds = parseGroupIds(values.groupIds);
    let id = policy?.id;
    try {
      if (policy && etag) {
        const { provisioningType: _unchanged, ...changes } = body;
        await update.mutateAsync({ id: policy.id, etag, body: changes });
      } else {
        id = (await create.mutateAsync(body)).id;
      }
    } catch (error) {
      const fields = serverFieldErrors(error);
      const { message, requestId } = describeError(error);
      if (error instanceof ApiError && error.status === 412) {
        setFailure({
          title: 'Someone else changed this policy',
          message:
            'It was saved by someone else after you opened it, so your changes were not saved. Reload to see the latest version, then make your changes again.',
          ...(requestId ? { requestId } : {}),
          onReload: () => void reload(),
        });
      } else {
        setFailure({
          title: policy ? 'The policy was not saved' : 'The policy was not created',
          message,
          ...(requestId ? { requestId } : {}),
        });
      }
      setErrors(fields);
      const step = firstStepWithError(fields);
      if (step) setStep(step);
      notify({
        intent: 'error',
        title: policy ? 'Policy not saved' : 'Policy not created',
        message,
        ...(requestId ? { requestId } : {}),
      });
      return;
    }
    const name = body.displayName;
    if (id && (groupIds.length > 0 || policy)) {
      try {
        await assign.mutateAsync({ id, groupIds });
      } catch (error) {
        const { message, requestId } = describeError(error);
        notify({
          intent: 'warning',
          title: `“${name}” was saved, but its groups were not assigned`,
          message,
          ...(requestId ? { requestId } : {}),
        });
        setBaseline(values);
        router.push('/policies');
        return;
      }
    }
    notify({
      intent: 'success',
      title: policy ? `Provisioning policy “${name}” saved` : `Provisioning policy “${name}” created`,
      ...(groupIds.length > 0
        ? {
            message: `Assigned to ${groupIds.length} ${groupIds.length === 1 ? 'group' : 'groups'}; members’ Cloud PCs are provisioning.`,
          }
        : {}),
    });
    setBaseline(values);
    router.push('/policies');
  };

  return (
    <PolicyWizardView
      mode={policy ? 'edit' : 'create'}
      values={values}
      onChange={change}
      step={step}
      onStepChange={setStep}
      catalogs={loadableFrom(catalogs)}
      groupPicker={groupPicker}
      errors={errors}
      {...(failure ? { failure } : {})}
      isSubmitting={isSubmitting}
      onSubmit={() => void submit()}
      onCancel={() => {
        setLeaveTarget(undefined);
        if (isDirty) setIsConfirmingLeave(true);
        else router.push('/policies');
      }}
      isConfirmingLeave={isConfirmingLeave}
      onLeave={() => {
        setIsConfirmingLeave(false);
        setBaseline(values);
        router.push(leaveTarget ?? '/policies');
      }}
      onStay={() => {
        setIsConfirmingLeave(false);
        setLeaveTarget(undefined);
      }}
    />
  );
}

export function CreatePolicyPage() {
  return <PolicyWizard />;
}

export function EditPolicyPage({ id }: { id: string }) {
  const { queries } = useApi();
  const policy = useQuery({ ...queries.policy(id), staleTime: 0 });
  if (policy.status === 'pending') return <LoadingState label="Loading the policy…" />;
  if (policy.status === 'error') {
    const { message, requestId } = describeError(policy.error);
    return (
      <ErrorState
        headingLevel={1}
        title="The policy could not be loaded"
        message={message}
        {...(requestId ? { requestId } : {})}
        onRetry={() => void policy.refetch()}
      />
    );
  }
  return <PolicyWizard key={policy.data.id} policy={policy.data} />;
}
