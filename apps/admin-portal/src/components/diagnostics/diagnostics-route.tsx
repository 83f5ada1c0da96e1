'use client';

import { lazy } from 'react';
import { AdminGate } from '../admin-gate.tsx';

// The pages (and the charts) load after sign-in, like every other admin page body.
const pages = () => import('./diagnostics-pages.tsx');
const Overview = lazy(() => pages().then((m) => ({ default: m.DiagnosticsOverviewPage })));
const Health = lazy(() => pages().then((m) => ({ default: m.HealthPage })));
const Pipeline = lazy(() => pages().then((m) => ({ default: m.PipelinePage })));
const Connections = lazy(() => pages().then((m) => ({ default: m.ConnectionsPage })));
const Unavailable = lazy(() => pages().then((m) => ({ default: m.UnavailablePage })));
const Alerts = lazy(() => pages().then((m) => ({ default: m.AlertsPage })));
const TimelineSearch = lazy(() => pages().then((m) => ({ default: m.TimelineSearchPage })));
const CloudPcTimeline = lazy(() => pages().then((m) => ({ default: m.CloudPcTimelinePage })));
const UserTimeline = lazy(() => pages().then((m) => ({ default: m.UserTimelinePage })));

export type DiagnosticsPageName =
  | 'overview'
  | 'health'
  | 'pipeline'
  | 'connections'
  | 'unavailable'
  | 'alerts'
  | 'timeline'
  | 'cloudPcTimeline'
  | 'userTimeline';

const TITLES: Record<DiagnosticsPageName, string> = {
  overview: 'Diagnostics',
  health: 'Service health',
  pipeline: 'Provisioning pipeline',
  connections: 'Connection quality',
  unavailable: 'Unavailable Cloud PCs',
  alerts: 'Alerts',
  timeline: 'Troubleshooting timeline',
  cloudPcTimeline: 'Cloud PC timeline',
  userTimeline: 'User timeline',
};

function Page({ name, id }: { name: DiagnosticsPageName; id: string }) {
  switch (name) {
    case 'overview':
      return <Overview />;
    case 'health':
      return <Health />;
    case 'pipeline':
      return <Pipeline />;
    case 'connections':
      return <Connections />;
    case 'unavailable':
      return <Unavailable />;
    case 'alerts':
      return <Alerts />;
    case 'timeline':
      return <TimelineSearch />;
    case 'cloudPcTimeline':
      return <CloudPcTimeline id={id} />;
    case 'userTimeline':
      return <UserTimeline id={id} />;
  }
}

/** Support staff and admins (the gate shows the no-role page to anyone else). */
export function DiagnosticsRoute({ page, id = '' }: { page: DiagnosticsPageName; id?: string }) {
  return (
    <AdminGate preload={pages} title={TITLES[page]}>
      {() => <Page name={page} id={id} />}
    </AdminGate>
  );
}
