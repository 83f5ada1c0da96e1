import type { Metadata } from 'next';
import { DiagnosticsRoute } from '../../../components/diagnostics/diagnostics-route.tsx';

export const metadata: Metadata = { title: 'Alerts' };

export default function Page() {
  return <DiagnosticsRoute page="alerts" />;
}
