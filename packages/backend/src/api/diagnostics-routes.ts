import * as contract from '@cloudpc/api-client';
import { acknowledgeAlert, listAlerts } from '../diagnostics/alerts.ts';
import { getConnectionQuality } from '../diagnostics/connection-quality.ts';
import { getPipeline } from '../diagnostics/pipeline.ts';
import { getServiceHealth } from '../diagnostics/region-health.ts';
import { getCloudPcTimeline, getUserTimeline } from '../diagnostics/timeline.ts';
import { listUnavailableCloudPcs } from '../diagnostics/unavailable-cloud-pcs.ts';
import { defineRoute, type Route, resource } from '../http/route.ts';

/**
 * Diagnostics for support staff. Reads are `admin:read` (admins, support staff and
 * automation apps, as for every admin read); acknowledging an alert is
 * `admin:troubleshoot`, the write support staff may make.
 */
export const diagnosticsRoutes: Route[] = [
  defineRoute(contract.getServiceHealth, 'admin:read', async ({ query, context, store }) =>
    resource(
      await getServiceHealth({
        store: await store(),
        servedByRegion: context.region,
        hours: query.hours ?? 6,
        now: context.now(),
      }),
    ),
  ),
  defineRoute(contract.getPipeline, 'admin:read', async ({ query, context, store }) =>
    resource(
      await getPipeline({
        store: await store(),
        tenantId: context.tenantId,
        hours: query.hours ?? 24,
        now: context.now(),
      }),
    ),
  ),
  defineRoute(contract.getConnectionQuality, 'admin:read', async ({ query, context, store }) =>
    resource(
      await getConnectionQuality({
        store: await store(),
        tenantId: context.tenantId,
        hours: query.hours ?? 24,
        now: context.now(),
      }),
    ),
  ),
  defineRoute(contract.listUnavailableCloudPcs, 'admin:read', async ({ context, store }) =>
    resource(
      await listUnavailableCloudPcs({ store: await store(), tenantId: context.tenantId, now: context.now() }),
    ),
  ),
  defineRoute(contract.getCloudPcTimeline, 'admin:read', async ({ params, query, context, store }) =>
    resource(
      await getCloudPcTimeline({
        store: await store(),
        tenantId: context.tenantId,
        cloudPcId: params.id ?? '',
        days: query.days ?? 7,
        now: context.now(),
      }),
    ),
  ),
  defineRoute(contract.getUserTimeline, 'admin:read', async ({ params, query, context, store }) =>
    resource(
      await getUserTimeline({
        store: await store(),
        tenantId: context.tenantId,
        user: params.id ?? '',
        days: query.days ?? 7,
        now: context.now(),
      }),
    ),
  ),
  defineRoute(contract.listAlerts, 'admin:read', async ({ context, store }) =>
    resource({ value: await listAlerts(await store(), context.tenantId) }),
  ),
  defineRoute(contract.acknowledgeAlert, 'admin:troubleshoot', async ({ params, context, store }) =>
    resource(await acknowledgeAlert({ store: await store(), context, id: params.id ?? '' })),
  ),
];
