'use client';

import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';
import { MyCloudPcsView } from './my-cloud-pcs-view.tsx';

/** Wires "My Cloud PCs" to `GET /api/v1.0/me/cloudPCs` (the first page: people have a few). */
export function MyCloudPcsPage() {
  const { queries } = useApi();
  const cloudPcs = useQuery({ ...queries.myCloudPcs(), select: (page) => page.value });
  return <MyCloudPcsView cloudPcs={loadableFrom(cloudPcs)} />;
}
