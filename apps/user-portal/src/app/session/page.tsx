import { platformConfig } from '@cloudpc/backend/config/env';
import type { Metadata } from 'next';
import { SessionHome } from '../../components/session/session-home.tsx';

export const metadata: Metadata = {
  title: 'Connecting',
  description: 'Your Cloud PC in the browser.',
  // A launch URL carries a single-use ticket: never send it on as a referrer.
  referrer: 'no-referrer',
};

// The gateway's address is read when the page is served (one build, any region or deployment).
export const dynamic = 'force-dynamic';

export default function SessionPage() {
  return <SessionHome gatewayUrl={platformConfig().gatewayUrl} />;
}
