import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';

/**
 * Launching a Cloud PC in the browser. `getCloudPcLaunchInfo` (Graph's name) answers a
 * URL of the session page carrying a signed ticket that is bound to the person, the
 * Cloud PC and its region, expires a minute after it is issued and can be redeemed
 * once. The session page redeems it and reports how the connection went.
 */
export const LAUNCH_TICKET_LIFETIME_SECONDS = 60;

export const ZCloudPcLaunchInfo = z.object({
  cloudPcId: z.string(),
  cloudPcLaunchUrl: z.string(),
});
export type CloudPcLaunchInfo = z.infer<typeof ZCloudPcLaunchInfo>;

export const ZRedeemLaunchTicket = z
  .object({ ticket: z.string({ error: 'ticket is required' }).min(1, 'ticket is required').max(4096) })
  .strict();
export type RedeemLaunchTicket = z.infer<typeof ZRedeemLaunchTicket>;

/** What the session page needs once a ticket is redeemed: the connection to report on. */
export const ZLaunchSession = z.object({
  connectionId: z.string(),
  cloudPcId: z.string(),
  cloudPcDisplayName: z.string(),
  regionName: z.string(),
  /** Milliseconds from the launch click (ticket issued) to the ticket redeemed. */
  timeToConnectMs: z.number(),
  connectedDateTime: z.string(),
});
export type LaunchSession = z.infer<typeof ZLaunchSession>;

export const DISCONNECT_REASONS = ['userClosed', 'networkLost', 'sessionEnded', 'error'] as const;

/** Later facts about a connection: round-trip samples and, at the end, why it ended. */
export const ZConnectionReport = z
  .object({
    roundTripMs: z.array(z.number().min(0).max(60_000)).max(50).optional(),
    disconnectReason: z.enum(DISCONNECT_REASONS).optional(),
  })
  .strict();
export type ConnectionReport = z.infer<typeof ZConnectionReport>;

export const getMyCloudPcLaunchInfo = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/me/cloudPCs/{id}/getCloudPcLaunchInfo',
  response: ZCloudPcLaunchInfo,
});

export const redeemLaunchTicket = defineEndpoint({
  method: 'POST',
  path: '/api/v1.0/me/launchTickets/redeem',
  body: ZRedeemLaunchTicket,
  response: ZLaunchSession,
});

export const reportMyConnection = defineEndpoint({
  method: 'POST',
  path: '/api/v1.0/me/connections/{id}/report',
  body: ZConnectionReport,
  response: z.void(),
});

/** What the signed-in person may do themselves, from the user settings that apply to them. */
export const ZMySelfServiceSettings = z.object({ userRestoreEnabled: z.boolean() });
export type MySelfServiceSettings = z.infer<typeof ZMySelfServiceSettings>;

export const getMySelfServiceSettings = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/me/selfServiceSettings',
  response: ZMySelfServiceSettings,
});
