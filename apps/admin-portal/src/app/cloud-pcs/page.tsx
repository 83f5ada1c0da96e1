import type { Metadata } from 'next';
import { CloudPcsRoute } from '../../components/cloud-pcs/cloud-pcs-route.tsx';

export const metadata: Metadata = { title: 'All Cloud PCs' };

export default function CloudPcsPage() {
  return <CloudPcsRoute />;
}
