import { SYSTEM_TENANT } from '../storage/containers.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';

export interface Heartbeat {
  component: string;
  region: string;
  at: string;
  pid: number;
}

interface HeartbeatDocument extends Heartbeat {
  id: string;
  tenantId: typeof SYSTEM_TENANT;
  kind: 'heartbeat';
}

const heartbeatId = (component: string, region: string) => `heartbeat:${component}:${region}`;

export async function writeHeartbeat(store: CosmosStore, heartbeat: Heartbeat): Promise<void> {
  const document: HeartbeatDocument = {
    id: heartbeatId(heartbeat.component, heartbeat.region),
    tenantId: SYSTEM_TENANT,
    kind: 'heartbeat',
    ...heartbeat,
  };
  await store.container('service').items.upsert(document);
}

export async function readHeartbeat(
  store: CosmosStore,
  component: string,
  region: string,
): Promise<Heartbeat | undefined> {
  const { resource } = await store
    .container('service')
    .item(heartbeatId(component, region), SYSTEM_TENANT)
    .read<HeartbeatDocument>();
  if (!resource) return undefined;
  return { component: resource.component, region: resource.region, at: resource.at, pid: resource.pid };
}

/** Cheapest round trip that proves the account and database answer. */
export async function pingStore(store: CosmosStore): Promise<void> {
  await store.database.read();
}
