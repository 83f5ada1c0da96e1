import '@cloudpc/ui/theme.css';
import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { loadAuthSetup } from '../auth/auth-config.ts';
import { SESSION_HINT_COOKIE } from '../auth/session-hint.ts';
import { PortalShell } from '../components/portal-shell.tsx';
import { portalEnv } from '../env.ts';
import { Providers } from './providers.tsx';

export const metadata: Metadata = {
  title: { template: '%s · Cloud PC', default: 'Cloud PC' },
  description: 'Open your Cloud PC from any browser, and restart, troubleshoot or restore it yourself.',
  applicationName: 'Cloud PC',
};

export const viewport: Viewport = {
  // Lets the browser paint its own background and scrollbars dark before any CSS loads.
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The region and the sign-in settings are per process, not per build: render at request time.
  await connection();
  const { region } = portalEnv();
  const authSetup = await loadAuthSetup();
  const expectsSession = (await cookies()).get(SESSION_HINT_COOKIE)?.value === '1';
  return (
    // The theme script sets data-theme on <html> before hydration; React must not object.
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers authSetup={authSetup} expectsSession={expectsSession}>
          <PortalShell region={region}>{children}</PortalShell>
        </Providers>
      </body>
    </html>
  );
}
