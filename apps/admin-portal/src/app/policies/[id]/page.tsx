import type { Metadata } from 'next';
import { EditPolicyRoute } from '../../../components/policies/policy-routes.tsx';

export const metadata: Metadata = { title: 'Edit provisioning policy' };

export default async function EditPolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditPolicyRoute id={id} />;
}
