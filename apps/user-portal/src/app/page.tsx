import type { Metadata } from 'next';
import { Home } from '../components/home.tsx';

export const metadata: Metadata = {
  // The root page shares the root layout's segment, so the layout's title template does not apply.
  // Signed in, the page sets its own title in the browser (components/home.tsx).
  title: 'Sign in · Cloud PC',
  description: 'Sign in to open your Cloud PCs from the browser.',
};

export default function HomePage() {
  return <Home />;
}
