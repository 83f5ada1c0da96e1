import type { Metadata } from 'next';
import { AuditRoute } from '../../components/audit/audit-route.tsx';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  return <AuditRoute />;
}
