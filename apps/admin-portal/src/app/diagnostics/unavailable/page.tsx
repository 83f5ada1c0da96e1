import type { Metadata } from 'next';
import { DiagnosticsRoute } from '../../../components/diagnostics/diagnostics-route.tsx';

export const metadata: Metadata = { title: 'Unavailable Cloud PCs' };

export default function Page() {
  return <DiagnosticsRoute page="unavailable" />;
}
