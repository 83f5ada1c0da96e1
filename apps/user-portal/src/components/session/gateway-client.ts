/**
 * The browser's side of the gateway's hello (packages/backend/src/gateway/gateway-protocol.ts):
 * open the WebSocket, present the launch ticket and the access token, and wait for
 * the one verdict. On `ready` the still-open socket is handed to noVNC (through a
 * BufferedChannel), which then sees only the desktop's RFB stream.
 */
export interface GatewaySession {
  connectionId: string;
  cloudPcId: string;
  cloudPcDisplayName: string;
  regionName: string;
  gatewayRegion: string;
  timeToConnectMs: number;
}

/**
 * The open socket as noVNC sees it, holding back what arrives before noVNC listens:
 * the desktop greets the moment the bridge opens, while noVNC is still loading. It has
 * the properties noVNC's Websock checks for on a raw channel.
 */
// WebSocket's readyState values (named here: not every runtime has a WebSocket global at import).
const OPEN = 1;
const CLOSED = 3;

export class BufferedChannel {
  readonly #socket: WebSocket;
  readonly #queue: MessageEvent[] = [];
  #onmessage: ((event: MessageEvent) => void) | null = null;
  #onclose: ((event: CloseEvent) => void) | null = null;
  #onerror: ((event: Event) => void) | null = null;
  #onopen: ((event: Event) => void) | null = null;
  #closeEvent: CloseEvent | null = null;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      if (this.#onmessage && !this.#queue.length) this.#onmessage(event);
      else this.#queue.push(event);
    });
    socket.addEventListener('close', (event) => {
      if (this.#onclose && !this.#queue.length) this.#onclose(event);
      else this.#closeEvent = event;
    });
    socket.addEventListener('error', (event) => this.#onerror?.(event));
  }

  get onmessage() {
    return this.#onmessage;
  }
  set onmessage(handler: ((event: MessageEvent) => void) | null) {
    this.#onmessage = handler;
    // After the caller's own setup: noVNC sets onmessage before it is ready to read.
    queueMicrotask(() => {
      while (this.#onmessage && this.#queue.length) {
        const next = this.#queue.shift();
        if (next) this.#onmessage(next);
      }
      const closed = this.#closeEvent;
      if (closed && this.#onclose) {
        this.#closeEvent = null;
        this.#onclose(closed);
      }
    });
  }
  get onclose() {
    return this.#onclose;
  }
  set onclose(handler: ((event: CloseEvent) => void) | null) {
    this.#onclose = handler;
  }
  get onerror() {
    return this.#onerror;
  }
  set onerror(handler: ((event: Event) => void) | null) {
    this.#onerror = handler;
  }
  get onopen() {
    return this.#onopen;
  }
  set onopen(handler: ((event: Event) => void) | null) {
    this.#onopen = handler;
  }
  get binaryType() {
    return this.#socket.binaryType;
  }
  set binaryType(value: BinaryType) {
    this.#socket.binaryType = value;
  }
  get protocol() {
    return this.#socket.protocol;
  }
  /** Open while buffered data waits, even if the socket has closed since: noVNC reads it first. */
  get readyState() {
    return this.#queue.length && this.#socket.readyState === CLOSED ? OPEN : this.#socket.readyState;
  }
  send(data: ArrayBufferLike | ArrayBufferView | Blob | string) {
    this.#socket.send(data as ArrayBuffer);
  }
  close(code?: number, reason?: string) {
    this.#socket.close(code, reason);
  }
}

export type GatewayOutcome =
  | { kind: 'ready'; channel: BufferedChannel; session: GatewaySession; vncPassword: string }
  | { kind: 'noDesktop'; session: GatewaySession; message: string }
  | { kind: 'refused'; code: string; message: string; reason?: string }
  /** No verdict: the gateway could not be reached or the network dropped during the hello. */
  | { kind: 'unreachable' };

type Verdict =
  | (GatewaySession & { type: 'ready'; vncPassword: string })
  | (GatewaySession & { type: 'noDesktop'; message: string })
  | { type: 'refused'; code: string; message: string; reason?: string };

export const GATEWAY_PATH = '/desktop';

function parseVerdict(data: unknown): Verdict | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as { type?: unknown };
    return value.type === 'ready' || value.type === 'noDesktop' || value.type === 'refused'
      ? (value as Verdict)
      : undefined;
  } catch {
    return undefined;
  }
}

export function openGatewaySession(options: {
  gatewayUrl: string;
  ticket: string;
  accessToken: string;
  timeoutMs?: number;
  createSocket?: (url: string) => WebSocket;
}): Promise<GatewayOutcome> {
  return new Promise((resolve) => {
    const url = `${options.gatewayUrl}${GATEWAY_PATH}`;
    let socket: WebSocket;
    try {
      socket = options.createSocket ? options.createSocket(url) : new WebSocket(url);
    } catch {
      resolve({ kind: 'unreachable' });
      return;
    }
    socket.binaryType = 'arraybuffer';
    let settled = false;
    const settle = (outcome: GatewayOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      socket.close();
      settle({ kind: 'unreachable' });
    }, options.timeoutMs ?? 20_000);
    const onMessage = (event: MessageEvent) => {
      const verdict = parseVerdict(event.data);
      if (!verdict) return;
      if (verdict.type === 'ready') {
        const { type: _type, vncPassword, ...session } = verdict;
        // Synchronously, inside this message's dispatch: the next message (the greeting) is buffered.
        settle({ kind: 'ready', channel: new BufferedChannel(socket), session, vncPassword });
      } else if (verdict.type === 'noDesktop') {
        const { type: _type, message, ...session } = verdict;
        settle({ kind: 'noDesktop', session, message });
      } else {
        settle({
          kind: 'refused',
          code: verdict.code,
          message: verdict.message,
          ...(verdict.reason ? { reason: verdict.reason } : {}),
        });
      }
    };
    const onClose = () => settle({ kind: 'unreachable' });
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    socket.addEventListener('open', () =>
      socket.send(
        JSON.stringify({ type: 'hello', ticket: options.ticket, accessToken: options.accessToken }),
      ),
    );
  });
}

/** 1 s, 2 s, 4 s, 8 s, 15 s with ±20 % jitter, so many tabs after one blip do not come back at once. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + random() * 0.4));
}

export const MAX_RECONNECT_ATTEMPTS = 5;

/** Headline for a refusal, by the gateway's Graph error code and the message it explains. */
export function refusalTitle(code: string, message: string): string {
  if (code === 'Conflict' && /already used/.test(message)) return 'This launch link was already used';
  if (/expired/.test(message)) return 'This launch link has expired';
  if (code === 'Conflict' && /turned off/.test(message)) return 'Your Cloud PC is turned off';
  if (code === 'Conflict') return 'Your Cloud PC cannot take a connection now';
  if (code === 'Unauthorized') return 'Your sign-in could not be confirmed';
  return 'Your Cloud PC could not be opened';
}
