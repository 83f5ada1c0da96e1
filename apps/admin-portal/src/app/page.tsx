import type { Metadata } from 'next';
import { Landing } from '../components/landing.tsx';

export const metadata: Metadata = {
  // The root page shares the root layout's segment, so the layout's title template does not apply.
  title: 'Sign in · Cloud PC admin center',
  description: 'Sign in to the Cloud PC admin center to manage provisioning policies and Cloud PCs.',
};

export default function HomePage() {
  return <Landing />;
}
