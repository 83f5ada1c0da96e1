export {
  LOCAL_COSMOS_KEY,
  type LocalCosmos,
  type LocalCosmosOptions,
  startLocalCosmos,
} from './cosmos/index.ts';
export { type LocalEntra, type LocalEntraOptions, startLocalEntra } from './entra/index.ts';
export {
  FAST_PROBE,
  type FrontDoor,
  type FrontDoorOptions,
  type ListenerConfig,
  type OriginConfig,
  type ProbeSettings,
  startFrontDoor,
} from './front-door/index.ts';
export {
  type LocalQueues,
  type LocalQueuesOptions,
  queueConnectionString,
  startLocalQueues,
} from './queues/index.ts';
export { type LocalCloud, type LocalCloudOptions, startLocalCloud } from './stack.ts';
export { PORT_SPECS, type StackPorts } from './stack-config.ts';
