import type { Metadata } from 'next';
import { CreatePolicyRoute } from '../../../components/policies/policy-routes.tsx';

export const metadata: Metadata = { title: 'Create provisioning policy' };

export default function NewPolicyPage() {
  return <CreatePolicyRoute />;
}
