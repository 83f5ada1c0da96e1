import type { CosmosStore } from '../storage/cosmos-client.ts';
import { createDocument, readDocument, replaceDocument, type StoredDocument } from '../storage/documents.ts';

/** The stored half of a launch ticket: it exists from issue and is claimed once. */
export interface LaunchTicketDocument extends StoredDocument {
  docType: 'launchTicket';
  userId: string;
  cloudPcId: string;
  regionName: string;
  issuedDateTime: string;
  expirationDateTime: string;
  state: 'issued' | 'redeemed';
  redeemedDateTime: string | null;
  connectionId: string | null;
}

export type ConnectionOutcome =
  | 'connected'
  | 'refusedNotRunning'
  | 'refusedExpired'
  | 'refusedReplayed'
  | 'refusedWrongUser';

/** One launch attempt, for the diagnostics views: who, which Cloud PC, where, how it went. */
export interface ConnectionEventDocument extends StoredDocument {
  docType: 'connectionEvent';
  userId: string;
  userPrincipalName: string | null;
  cloudPcId: string;
  regionName: string;
  outcome: ConnectionOutcome;
  message: string | null;
  launchRequestedDateTime: string;
  connectedDateTime: string | null;
  timeToConnectMs: number | null;
  roundTripSamplesMs: number[];
  disconnectReason: string | null;
  disconnectedDateTime: string | null;
}

const container = (store: CosmosStore) => store.container('connections');

export const insertLaunchTicket = (store: CosmosStore, ticket: LaunchTicketDocument) =>
  createDocument(container(store), ticket, 'Launch ticket');

export const readLaunchTicket = (store: CosmosStore, tenantId: string, id: string) =>
  readDocument<LaunchTicketDocument>(container(store), tenantId, id, 'launchTicket');

/** The claim: an ETag-guarded replace, so of two redemptions racing exactly one wins (the other gets 412). */
export const claimLaunchTicket = (store: CosmosStore, ticket: LaunchTicketDocument, ifMatch: string) =>
  replaceDocument(container(store), ticket, ifMatch, 'Launch ticket');

export const insertConnectionEvent = (store: CosmosStore, event: ConnectionEventDocument) =>
  createDocument(container(store), event, 'Connection');

export const readConnectionEvent = (store: CosmosStore, tenantId: string, id: string) =>
  readDocument<ConnectionEventDocument>(container(store), tenantId, id, 'connectionEvent');

export const replaceConnectionEvent = (store: CosmosStore, event: ConnectionEventDocument, ifMatch: string) =>
  replaceDocument(container(store), event, ifMatch, 'Connection');
