import { CLOUD_PC_STATUSES, type CloudPcOverview, OVERVIEW_LIST_SIZE } from '@cloudpc/api-client';
import { readJob } from '../jobs/job-repository.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  type CloudPcDocument,
  countCloudPcsWithStatus,
  firstCloudPcsWithStatus,
} from './cloud-pc-repository.ts';
import type { EngineCloudPcDocument } from './cloud-pc-state-repository.ts';

function summary(cloudPc: CloudPcDocument) {
  return {
    id: cloudPc.id,
    displayName: cloudPc.displayName,
    userPrincipalName: cloudPc.userPrincipalName,
    managedDeviceName: cloudPc.managedDeviceName,
    lastModifiedDateTime: cloudPc.lastModifiedDateTime,
  };
}

const STEP_MESSAGE = /^Step (\d+) of (\d+): (.+)$/;

/**
 * Progress of a provisioning Cloud PC from its fenced job (one point read), or from the
 * "Step i of n" detail the engine writes on the Cloud PC when the job is gone already.
 */
async function provisioningProgress(
  store: CosmosStore,
  cloudPc: EngineCloudPcDocument,
): Promise<{ progressPercent: number; currentStep: string | null }> {
  const job = cloudPc.activeJobId ? await readJob(store, cloudPc.tenantId, cloudPc.activeJobId) : undefined;
  const running = job?.value.steps.findLast((step) => step.status === 'running');
  if (job) return { progressPercent: job.value.progressPercent, currentStep: running?.name ?? null };
  const match = STEP_MESSAGE.exec(cloudPc.statusDetail?.message ?? '');
  if (!match) return { progressPercent: 0, currentStep: null };
  const index = Number(match[1]) - 1;
  const count = Math.max(1, Number(match[2]));
  return { progressPercent: Math.round((index / count) * 100), currentStep: match[3] ?? null };
}

/**
 * The admin center's overview of one tenant: a COUNT per status and the first few Cloud
 * PCs needing attention. Everything is bounded (COUNTs, TOP n, n point reads), so the cost
 * does not grow with the lists; on Azure each COUNT is answered from the index.
 */
export async function getCloudPcOverview(options: {
  store: CosmosStore;
  tenantId: string;
  now: () => Date;
}): Promise<CloudPcOverview> {
  const { store, tenantId } = options;
  const [counts, provisioning, failures, grace] = await Promise.all([
    Promise.all(CLOUD_PC_STATUSES.map((status) => countCloudPcsWithStatus(store, tenantId, status))),
    firstCloudPcsWithStatus(store, {
      tenantId,
      status: 'provisioning',
      orderBy: 'lastModifiedDateTime',
      direction: 'DESC',
      top: OVERVIEW_LIST_SIZE,
    }),
    firstCloudPcsWithStatus(store, {
      tenantId,
      status: 'failed',
      orderBy: 'lastModifiedDateTime',
      direction: 'DESC',
      top: OVERVIEW_LIST_SIZE,
    }),
    firstCloudPcsWithStatus(store, {
      tenantId,
      status: 'inGracePeriod',
      orderBy: 'gracePeriodEndDateTime',
      direction: 'ASC',
      top: OVERVIEW_LIST_SIZE,
    }),
  ]);
  const statusCounts = CLOUD_PC_STATUSES.map((status, index) => ({ status, count: counts[index] ?? 0 }));
  return {
    '@odata.type': '#cloudpc.cloudPcOverview',
    totalCount: statusCounts.reduce((sum, entry) => sum + entry.count, 0),
    statusCounts,
    provisioningInProgress: await Promise.all(
      provisioning.map(async (cloudPc) => ({
        ...summary(cloudPc),
        ...(await provisioningProgress(store, cloudPc)),
      })),
    ),
    recentFailures: failures.map((cloudPc) => ({ ...summary(cloudPc), statusDetail: cloudPc.statusDetail })),
    gracePeriodsEndingSoon: grace.flatMap((cloudPc) =>
      cloudPc.gracePeriodEndDateTime
        ? [{ ...summary(cloudPc), gracePeriodEndDateTime: cloudPc.gracePeriodEndDateTime }]
        : [],
    ),
    generatedDateTime: options.now().toISOString(),
  };
}
