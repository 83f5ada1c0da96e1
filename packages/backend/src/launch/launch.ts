import { randomUUID } from 'node:crypto';
import {
  type CloudPcLaunchInfo,
  type ConnectionReport,
  LAUNCH_TICKET_LIFETIME_SECONDS,
  type LaunchSession,
} from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import { type CloudPcDocument, readCloudPc } from '../cloud-pcs/cloud-pc-repository.ts';
import { recordConnectionAttempt, recordRoundTrips } from '../diagnostics/record-diagnostics.ts';
import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import {
  type ConnectionEventDocument,
  type ConnectionOutcome,
  claimLaunchTicket,
  insertConnectionEvent,
  insertLaunchTicket,
  readConnectionEvent,
  readLaunchTicket,
  replaceConnectionEvent,
} from './launch-repository.ts';
import { type LaunchTicketClaims, signLaunchTicket, verifyLaunchTicket } from './launch-ticket.ts';

const LAUNCHABLE = new Set(['provisioned', 'provisionedWithWarnings', 'inGracePeriod']);

/** Why a Cloud PC cannot take a connection now, in words for the person waiting; undefined when it can. */
export function launchRefusal(cloudPc: Pick<CloudPcDocument, 'displayName' | 'status' | 'powerState'>) {
  const name = cloudPc.displayName;
  switch (cloudPc.status) {
    case 'provisioning':
    case 'notProvisioned':
      return `${name} is still being set up. You can connect when it shows Ready.`;
    case 'restoring':
      return `${name} is being restored. You can connect when the restore has finished.`;
    case 'resizing':
      return `${name} is being resized. You can connect when the resize has finished.`;
    case 'deprovisioning':
      return `${name} is being removed and can no longer be opened.`;
    case 'failed':
      return `${name} is in a failed state. Ask your IT admin for help and give them the Cloud PC name.`;
  }
  if (!LAUNCHABLE.has(cloudPc.status)) return `${name} cannot be opened right now.`;
  if (cloudPc.powerState === 'poweredOff') return `${name} is turned off. Restart it, then open it again.`;
  return undefined;
}

async function loadOwnCloudPc(store: CosmosStore, tenantId: string, userId: string, id: string) {
  const found = await readCloudPc(store, tenantId, id);
  // Someone else's Cloud PC answers exactly like a missing one.
  if (!found || found.value.userId !== userId)
    throw new AppError('NotFound', `Cloud PC ${id} was not found.`);
  return found.value;
}

function connectionEvent(
  context: RequestContext,
  fields: Pick<ConnectionEventDocument, 'cloudPcId' | 'regionName' | 'outcome' | 'message'> & {
    launchRequestedDateTime?: string;
  },
): ConnectionEventDocument {
  const now = context.now().toISOString();
  const launched = fields.launchRequestedDateTime ?? now;
  const connected = fields.outcome === 'connected';
  return {
    id: randomUUID(),
    tenantId: context.tenantId,
    docType: 'connectionEvent',
    userId: context.actor.objectId,
    userPrincipalName: context.actor.userPrincipalName,
    cloudPcId: fields.cloudPcId,
    regionName: fields.regionName,
    outcome: fields.outcome,
    message: fields.message,
    launchRequestedDateTime: launched,
    connectedDateTime: connected ? now : null,
    timeToConnectMs: connected ? Date.parse(now) - Date.parse(launched) : null,
    roundTripSamplesMs: [],
    disconnectReason: null,
    disconnectedDateTime: null,
  };
}

async function refuse(
  store: CosmosStore,
  context: RequestContext,
  event: Parameters<typeof connectionEvent>[1] & { outcome: Exclude<ConnectionOutcome, 'connected'> },
  error: AppError,
): Promise<never> {
  const refused = connectionEvent(context, event);
  await insertConnectionEvent(store, refused);
  await recordConnectionAttempt(store, refused);
  throw error;
}

/**
 * Graph's getCloudPcLaunchInfo for the owner: a session-page URL with a fresh ticket.
 * `portalOrigin` is where the session page is served ('' gives a relative URL).
 */
export async function getCloudPcLaunchInfo(options: {
  store: CosmosStore;
  context: RequestContext;
  secret: string;
  cloudPcId: string;
  portalOrigin: string;
}): Promise<CloudPcLaunchInfo> {
  const { store, context } = options;
  const cloudPc = await loadOwnCloudPc(store, context.tenantId, context.actor.objectId, options.cloudPcId);
  const refusal = launchRefusal(cloudPc);
  if (refusal) {
    await refuse(
      store,
      context,
      {
        cloudPcId: cloudPc.id,
        regionName: cloudPc.regionName,
        outcome: 'refusedNotRunning',
        message: refusal,
      },
      new AppError('Conflict', refusal),
    );
  }
  const issued = context.now();
  const claims: LaunchTicketClaims = {
    v: 1,
    jti: randomUUID(),
    tid: context.tenantId,
    oid: context.actor.objectId,
    cloudPcId: cloudPc.id,
    region: cloudPc.regionName,
    iat: issued.getTime(),
    exp: issued.getTime() + LAUNCH_TICKET_LIFETIME_SECONDS * 1000,
  };
  await insertLaunchTicket(store, {
    id: claims.jti,
    tenantId: claims.tid,
    docType: 'launchTicket',
    userId: claims.oid,
    cloudPcId: claims.cloudPcId,
    regionName: claims.region,
    issuedDateTime: issued.toISOString(),
    expirationDateTime: new Date(claims.exp).toISOString(),
    state: 'issued',
    redeemedDateTime: null,
    connectionId: null,
  });
  const ticket = signLaunchTicket(claims, options.secret);
  return {
    cloudPcId: cloudPc.id,
    cloudPcLaunchUrl: `${options.portalOrigin}/session?ticket=${encodeURIComponent(ticket)}`,
  };
}

const INVALID = 'This launch link is not valid. Open your Cloud PC again from the portal.';

/**
 * Redeems a ticket for the signed-in person: signature, expiry, owner, single use and
 * a Cloud PC that can still take a connection. Every outcome after the signature
 * checks out is recorded as a connection event.
 */
export async function redeemLaunchTicket(options: {
  store: CosmosStore;
  context: RequestContext;
  secret: string;
  ticket: string;
}): Promise<LaunchSession> {
  const { store, context } = options;
  const checked = verifyLaunchTicket(options.ticket, options.secret, context.now());
  if (!checked.ok && checked.reason !== 'expired') {
    throw new AppError('BadRequest', INVALID, { details: [{ target: 'ticket', message: INVALID }] });
  }
  if (!checked.ok) {
    // The signature is good but the claims are not needed to say why: only the age.
    const message = 'This launch link has expired (links last one minute). Open your Cloud PC again.';
    throw new AppError('BadRequest', message, { details: [{ target: 'ticket', message }] });
  }
  const { claims } = checked;
  const base = { cloudPcId: claims.cloudPcId, regionName: claims.region };
  if (claims.tid !== context.tenantId || claims.oid !== context.actor.objectId) {
    const message = 'This launch link belongs to someone else. Open your own Cloud PC from the portal.';
    // A foreign tenant's ticket leaves no trace in the caller's tenant beyond the refusal.
    await refuse(
      store,
      context,
      { ...base, outcome: 'refusedWrongUser', message },
      new AppError('Forbidden', message),
    );
  }
  const stored = await readLaunchTicket(store, claims.tid, claims.jti);
  const launchRequestedDateTime = new Date(claims.iat).toISOString();
  const replayed = 'This launch link was already used. Open your Cloud PC again from the portal.';
  if (stored?.value.state !== 'issued') {
    await refuse(
      store,
      context,
      { ...base, outcome: 'refusedReplayed', message: replayed, launchRequestedDateTime },
      new AppError('Conflict', replayed),
    );
    throw new Error('unreachable');
  }
  const cloudPc = await readCloudPc(store, claims.tid, claims.cloudPcId);
  if (!cloudPc || cloudPc.value.userId !== claims.oid) {
    throw new AppError('NotFound', `Cloud PC ${claims.cloudPcId} was not found.`);
  }
  const refusal =
    launchRefusal(cloudPc.value) ??
    (cloudPc.value.regionName === claims.region
      ? undefined
      : `${cloudPc.value.displayName} has moved to another region. Open it again from the portal.`);
  if (refusal) {
    await refuse(
      store,
      context,
      { ...base, outcome: 'refusedNotRunning', message: refusal, launchRequestedDateTime },
      new AppError('Conflict', refusal),
    );
  }
  const event = connectionEvent(context, {
    ...base,
    outcome: 'connected',
    message: null,
    launchRequestedDateTime,
  });
  try {
    await claimLaunchTicket(
      store,
      {
        ...stored.value,
        state: 'redeemed',
        redeemedDateTime: event.connectedDateTime,
        connectionId: event.id,
      },
      stored.etag,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'PreconditionFailed') {
      await refuse(
        store,
        context,
        { ...base, outcome: 'refusedReplayed', message: replayed, launchRequestedDateTime },
        new AppError('Conflict', replayed),
      );
    }
    throw error;
  }
  await insertConnectionEvent(store, event);
  await recordConnectionAttempt(store, event);
  return {
    connectionId: event.id,
    cloudPcId: cloudPc.value.id,
    cloudPcDisplayName: cloudPc.value.displayName,
    regionName: claims.region,
    timeToConnectMs: event.timeToConnectMs ?? 0,
    connectedDateTime: event.connectedDateTime ?? context.now().toISOString(),
  };
}

/** Adds round-trip samples and the disconnect reason to the caller's own connection. */
export async function reportConnection(options: {
  store: CosmosStore;
  context: RequestContext;
  connectionId: string;
  report: ConnectionReport;
}): Promise<void> {
  const { store, context } = options;
  const found = await readConnectionEvent(store, context.tenantId, options.connectionId);
  if (!found || found.value.userId !== context.actor.objectId || found.value.outcome !== 'connected') {
    throw new AppError('NotFound', `Connection ${options.connectionId} was not found.`);
  }
  if (found.value.disconnectReason !== null) {
    throw new AppError('Conflict', 'This connection has already ended.');
  }
  const added = options.report.roundTripMs ?? [];
  const samples = [...found.value.roundTripSamplesMs, ...added].slice(-500);
  await replaceConnectionEvent(
    store,
    {
      ...found.value,
      roundTripSamplesMs: samples,
      ...(options.report.disconnectReason
        ? {
            disconnectReason: options.report.disconnectReason,
            disconnectedDateTime: context.now().toISOString(),
          }
        : {}),
    },
    found.etag,
  );
  await recordRoundTrips(store, found.value, added);
}

/**
 * The origin the person reached the portal on (the front door forwards its host), so
 * the launch URL opens the session page there; relative when no host is known.
 */
export function portalOrigin(headers: Headers): string {
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) return '';
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const proto =
    forwarded === 'http' || forwarded === 'https'
      ? forwarded
      : /^(localhost|127\.0\.0\.1)(:|$)/.test(host)
        ? 'http'
        : 'https';
  return `${proto}://${host}`;
}
