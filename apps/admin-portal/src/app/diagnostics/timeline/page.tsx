import type { Metadata } from 'next';
import { DiagnosticsRoute } from '../../../components/diagnostics/diagnostics-route.tsx';

export const metadata: Metadata = { title: 'Troubleshooting timeline' };

export default function Page() {
  return <DiagnosticsRoute page="timeline" />;
}
