/**
 * What the browser and the connection gateway say to each other before the desktop
 * stream starts. The browser opens a WebSocket and sends one `hello` text message
 * with the launch ticket and its access token (never in the URL, which ends up in
 * logs); the gateway answers with one text message, `ready` (then only binary RFB
 * frames follow, from the desktop's VNC server) or `refused`/`noDesktop` (then it
 * closes). Close codes in the 4000 range carry the outcome for clients that missed
 * the message.
 */
export interface GatewayHello {
  type: 'hello';
  ticket: string;
  accessToken: string;
}

export interface GatewaySession {
  connectionId: string;
  cloudPcId: string;
  cloudPcDisplayName: string;
  regionName: string;
  gatewayRegion: string;
  timeToConnectMs: number;
}

export type GatewayVerdict =
  | (GatewaySession & {
      type: 'ready';
      /** The session's VNC password, for the RFB handshake the browser performs through the bridge. */
      vncPassword: string;
    })
  | (GatewaySession & { type: 'noDesktop'; reason: string; message: string })
  | {
      type: 'refused';
      /** Graph error code of the refusal: BadRequest, Unauthorized, Forbidden, NotFound, Conflict, … */
      code: string;
      message: string;
      /** When the desktop is the reason: poweredOff, notRunning (a restart in progress), notFound. */
      reason?: string;
    };

export const GATEWAY_CLOSE = {
  /** The desktop session ended or the user disconnected. */
  normal: 1000,
  badHello: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  helloTimeout: 4408,
  conflict: 4409,
  noDesktop: 4410,
  unavailable: 4503,
} as const;

/** The path the gateway serves WebSockets on (the rest answers 404, except /api/health). */
export const GATEWAY_PATH = '/desktop';
