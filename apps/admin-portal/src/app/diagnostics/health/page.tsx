import type { Metadata } from 'next';
import { DiagnosticsRoute } from '../../../components/diagnostics/diagnostics-route.tsx';

export const metadata: Metadata = { title: 'Service health' };

export default function Page() {
  return <DiagnosticsRoute page="health" />;
}
