import type { Metadata } from 'next';
import { CloudPcDetailRoute } from '../../../components/cloud-pcs/cloud-pc-detail-route.tsx';

export const metadata: Metadata = { title: 'Cloud PC' };

export default async function CloudPcDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CloudPcDetailRoute id={decodeURIComponent(id)} />;
}
