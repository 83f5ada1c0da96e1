import * as contract from '@cloudpc/api-client';
import { getMyCloudPc, listMyCloudPcs } from '../cloud-pcs/cloud-pcs.ts';
import { defineRoute, page, type Route, resource } from '../http/route.ts';

/** The user portal's API (`/api/v1.0/me`): the caller's own objects only. */
export const meRoutes: Route[] = [
  defineRoute(contract.listMyCloudPcs, 'me', async ({ caller, query, store }) =>
    page(
      await listMyCloudPcs({
        store: await store(),
        tenantId: caller.tenantId,
        userId: caller.objectId,
        query,
      }),
    ),
  ),
  defineRoute(contract.getMyCloudPc, 'me', async ({ caller, params, store }) =>
    resource(
      await getMyCloudPc({
        store: await store(),
        tenantId: caller.tenantId,
        userId: caller.objectId,
        id: params.id ?? '',
      }),
    ),
  ),
];
