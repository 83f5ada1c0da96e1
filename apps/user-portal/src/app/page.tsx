import type { Metadata } from 'next';
import { Landing } from '../components/landing.tsx';

export const metadata: Metadata = {
  // The root page shares the root layout's segment, so the layout's title template does not apply.
  title: 'Sign in · Cloud PC',
  description: 'Sign in to open your Cloud PCs from the browser.',
};

export default function HomePage() {
  return <Landing />;
}
