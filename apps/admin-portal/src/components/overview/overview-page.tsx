'use client';

import {
  ApiError,
  type CreateProvisioningPolicy,
  DEFAULT_NAMING_TEMPLATE,
  queryKeys,
} from '@cloudpc/api-client';
import type { SignedInUser } from '@cloudpc/portal-auth/auth-types.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminAccessFor } from '../../auth/admin-access.ts';
import { useApi } from '../../data/api-context.tsx';
import { LIVE_REFRESH_MS, TRANSITIONAL_STATUSES } from '../cloud-pcs/cloud-pc-model.ts';
import { describeError, loadableFrom } from '../loadable.ts';
import { StaleBanner, useStaleness } from '../stale-banner.tsx';
import { CreatePolicyDialog, type CreatePolicyError, type NewPolicy } from './create-policy-dialog.tsx';
import { OverviewView } from './overview-view.tsx';

function toCreateBody(policy: NewPolicy): CreateProvisioningPolicy {
  return {
    displayName: policy.displayName,
    description: '',
    provisioningType: 'dedicated',
    imageId: policy.imageId,
    imageType: 'gallery',
    domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: policy.regionName }],
    windowsSetting: { locale: 'en-US' },
    cloudPcNamingTemplate: DEFAULT_NAMING_TEMPLATE,
    enableSingleSignOn: false,
    localAdminEnabled: false,
  };
}

function toCreateError(error: unknown): CreatePolicyError {
  const { message, requestId } = describeError(error);
  const described = {
    message: `The policy was not created. ${message}`,
    ...(requestId ? { requestId } : {}),
  };
  if (!(error instanceof ApiError)) return { ...described, fields: {} };
  const fields: CreatePolicyError['fields'] = {};
  const name = error.fieldError('displayName');
  const image = error.fieldError('imageId');
  const region = error.fieldError('domainJoinConfigurations[0].regionName');
  if (name) fields.displayName = name;
  if (image) fields.imageId = image;
  if (region) fields.regionName = region;
  return { ...described, fields };
}

/** Wires the overview to the API: the Cloud PC overview report (polled while work runs) and the policies. */
export function OverviewPage({ user }: { user: SignedInUser }) {
  const { queries, mutations } = useApi();
  const queryClient = useQueryClient();
  const access = adminAccessFor(user.roles);
  const [isCreating, setIsCreating] = useState(false);
  const [notice, setNotice] = useState<string>();

  const overview = useQuery({
    ...queries.cloudPcOverview(),
    // Poll while the service is working on some Cloud PC; stop when everything is at rest.
    refetchInterval: (current) =>
      current.state.data?.statusCounts.some(
        (entry) => entry.count > 0 && TRANSITIONAL_STATUSES.includes(entry.status),
      )
        ? LIVE_REFRESH_MS
        : false,
  });
  const policyCount = useQuery({ ...queries.policies({ $top: 999 }), select: (page) => page.value.length });
  const catalogs = useQuery({
    ...queries.catalogs(),
    enabled: isCreating,
    select: (data) => ({ images: data.galleryImages, regions: data.regions }),
  });
  const createPolicy = useMutation(mutations.createPolicy);
  const { staleness, now } = useStaleness(overview);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.cloudPcs });
    void queryClient.invalidateQueries({ queryKey: queryKeys.policies });
  };
  const openCreate = () => {
    createPolicy.reset();
    setNotice(undefined);
    setIsCreating(true);
  };
  const submit = (policy: NewPolicy) =>
    createPolicy.mutate(toCreateBody(policy), {
      onSuccess: (created) => {
        setIsCreating(false);
        setNotice(`Provisioning policy “${created.displayName}” created.`);
      },
    });

  return (
    <>
      <OverviewView
        tenantLabel={user.tenantLabel}
        overview={loadableFrom(overview)}
        policyCount={loadableFrom(policyCount)}
        onRefresh={refresh}
        banner={<StaleBanner staleness={staleness} now={now} onRetry={refresh} />}
        {...(access.canManage ? { onCreatePolicy: openCreate } : {})}
        {...(notice ? { notice } : {})}
      />
      {/* Mounted only while open: a mounted Fluent dialog leaves focus-trap sentinels in the page. */}
      {access.canManage && isCreating ? (
        <CreatePolicyDialog
          open
          onOpenChange={setIsCreating}
          catalogs={loadableFrom(catalogs)}
          onSubmit={submit}
          isSubmitting={createPolicy.isPending}
          {...(createPolicy.isError ? { error: toCreateError(createPolicy.error) } : {})}
        />
      ) : null}
    </>
  );
}
