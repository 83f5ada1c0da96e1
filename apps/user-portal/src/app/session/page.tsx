import type { Metadata } from 'next';
import { SessionHome } from '../../components/session/session-home.tsx';

export const metadata: Metadata = {
  title: 'Connecting',
  description: 'Your Cloud PC in the browser.',
  // A launch URL carries a single-use ticket: never send it on as a referrer.
  referrer: 'no-referrer',
};

export default function SessionPage() {
  return <SessionHome />;
}
