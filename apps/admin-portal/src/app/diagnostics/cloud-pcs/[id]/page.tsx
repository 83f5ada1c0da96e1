import type { Metadata } from 'next';
import { DiagnosticsRoute } from '../../../../components/diagnostics/diagnostics-route.tsx';

export const metadata: Metadata = { title: 'Cloud PC timeline' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DiagnosticsRoute page="cloudPcTimeline" id={decodeURIComponent(id)} />;
}
