/**
 * Ports of the local cloud (api-contract section 1) and how to override them.
 * Pure: the environment is passed in, so the CLI and tests resolve the same way.
 */

export const REGIONS = ['eastus', 'westus'] as const;
export type Region = (typeof REGIONS)[number];
export const PORTALS = ['admin', 'user'] as const;
export type Portal = (typeof PORTALS)[number];

export interface StackPorts {
  frontDoorAdmin: number;
  frontDoorUser: number;
  eastusAdmin: number;
  eastusUser: number;
  westusAdmin: number;
  westusUser: number;
  entra: number;
  cosmos: number;
  queuesEastus: number;
  queuesWestus: number;
}

export type PortName = keyof StackPorts;

interface PortSpec {
  port: number;
  env: string;
  /** Who wants the port, for messages. */
  role: string;
}

export const PORT_SPECS: Record<PortName, PortSpec> = {
  frontDoorAdmin: { port: 3000, env: 'CLOUDPC_PORT_FRONT_DOOR_ADMIN', role: 'front door, admin portal' },
  frontDoorUser: { port: 3001, env: 'CLOUDPC_PORT_FRONT_DOOR_USER', role: 'front door, user portal' },
  eastusAdmin: { port: 3100, env: 'CLOUDPC_PORT_EASTUS_ADMIN', role: 'admin portal (eastus)' },
  eastusUser: { port: 3101, env: 'CLOUDPC_PORT_EASTUS_USER', role: 'user portal (eastus)' },
  westusAdmin: { port: 3200, env: 'CLOUDPC_PORT_WESTUS_ADMIN', role: 'admin portal (westus)' },
  westusUser: { port: 3201, env: 'CLOUDPC_PORT_WESTUS_USER', role: 'user portal (westus)' },
  entra: { port: 3900, env: 'CLOUDPC_PORT_ENTRA', role: 'local Entra ID' },
  cosmos: { port: 8081, env: 'CLOUDPC_PORT_COSMOS', role: 'Cosmos DB (local)' },
  queuesEastus: { port: 10001, env: 'CLOUDPC_PORT_QUEUES_EASTUS', role: 'queues (Azurite, eastus)' },
  queuesWestus: { port: 10011, env: 'CLOUDPC_PORT_QUEUES_WESTUS', role: 'queues (Azurite, westus)' },
};

export function portalPortName(region: Region, portal: Portal): PortName {
  return `${region}${portal === 'admin' ? 'Admin' : 'User'}` as PortName;
}

export function queuesPortName(region: Region): PortName {
  return region === 'eastus' ? 'queuesEastus' : 'queuesWestus';
}

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${source}=${value} is not a TCP port (1-65535)`);
  }
  return port;
}

/** Defaults, then CLOUDPC_PORT_* from the environment, then explicit overrides. */
export function resolvePorts(
  env: Record<string, string | undefined>,
  overrides: Partial<StackPorts> = {},
): StackPorts {
  const ports = {} as StackPorts;
  for (const [name, spec] of Object.entries(PORT_SPECS) as [PortName, PortSpec][]) {
    const fromEnv = env[spec.env];
    ports[name] = overrides[name] ?? (fromEnv ? parsePort(fromEnv, spec.env) : spec.port);
  }
  const seen = new Map<number, PortName>();
  for (const [name, port] of Object.entries(ports) as [PortName, number][]) {
    const other = seen.get(port);
    if (other) {
      throw new Error(
        `Port ${port} is configured for both ${PORT_SPECS[other].role} and ${PORT_SPECS[name].role}`,
      );
    }
    seen.set(port, name);
  }
  return ports;
}

export interface TakenPort {
  name: PortName;
  port: number;
  owner: string;
}

export function describeTakenPorts(taken: TakenPort[]): string {
  const lines = taken.map(({ name, port, owner }) => {
    const spec = PORT_SPECS[name];
    return `  port ${port} is already in use${owner ? ` (by ${owner})` : ''}; the ${spec.role} needs it. Free it or set ${spec.env}=<port>.`;
  });
  return `Cannot start the local cloud:\n${lines.join('\n')}`;
}
