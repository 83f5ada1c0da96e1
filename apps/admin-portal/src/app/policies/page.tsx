import type { Metadata } from 'next';
import { PoliciesRoute } from '../../components/policies/policy-routes.tsx';

export const metadata: Metadata = { title: 'Provisioning policies' };

export default function PoliciesPage() {
  return <PoliciesRoute />;
}
