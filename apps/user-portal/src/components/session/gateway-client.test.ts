import { describe, expect, it } from 'vitest';
import {
  BufferedChannel,
  MAX_RECONNECT_ATTEMPTS,
  openGatewaySession,
  reconnectDelayMs,
  refusalTitle,
} from './gateway-client.ts';

/** Just enough of a browser WebSocket to drive the client: events in, sends recorded. */
class FakeSocket extends EventTarget {
  readyState = 0;
  binaryType = 'blob';
  protocol = '';
  sent: unknown[] = [];
  send(data: unknown) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const session = {
  connectionId: 'c1',
  cloudPcId: 'pc1',
  cloudPcDisplayName: 'CPC-1',
  regionName: 'eastus',
  gatewayRegion: 'eastus',
  timeToConnectMs: 42,
};

describe('openGatewaySession', () => {
  it('says hello with the ticket and token, then hands over the socket with the greeting held back', async () => {
    const socket = new FakeSocket();
    const pending = openGatewaySession({
      gatewayUrl: 'ws://gateway.test',
      ticket: 't.s',
      accessToken: 'a.b.c',
      createSocket: (url) => {
        expect(url).toBe('ws://gateway.test/desktop');
        return socket as unknown as WebSocket;
      },
    });
    socket.open();
    expect(JSON.parse(String(socket.sent[0]))).toEqual({
      type: 'hello',
      ticket: 't.s',
      accessToken: 'a.b.c',
    });
    socket.receive(JSON.stringify({ type: 'ready', vncPassword: 'pw', ...session }));
    // The desktop greets before the viewer listens.
    const greeting = new Uint8Array([82, 70, 66]).buffer;
    socket.receive(greeting);
    const outcome = await pending;
    expect(outcome.kind).toBe('ready');
    if (outcome.kind !== 'ready') return;
    expect(outcome.session).toEqual(session);
    expect(outcome.vncPassword).toBe('pw');
    const received: unknown[] = [];
    outcome.channel.onmessage = (event) => received.push(event.data);
    expect(received).toEqual([]);
    await Promise.resolve();
    expect(received).toEqual([greeting]);
    socket.receive('later');
    expect(received).toEqual([greeting, 'later']);
  });

  it('reports a refusal, no desktop, and a socket that closes without a verdict', async () => {
    const refuse = new FakeSocket();
    const refused = openGatewaySession({
      gatewayUrl: 'ws://g',
      ticket: 't',
      accessToken: 'a',
      createSocket: () => refuse as unknown as WebSocket,
    });
    refuse.open();
    refuse.receive(
      JSON.stringify({ type: 'refused', code: 'Conflict', message: 'This launch link was already used.' }),
    );
    expect(await refused).toEqual({
      kind: 'refused',
      code: 'Conflict',
      message: 'This launch link was already used.',
    });

    const simulated = new FakeSocket();
    const none = openGatewaySession({
      gatewayUrl: 'ws://g',
      ticket: 't',
      accessToken: 'a',
      createSocket: () => simulated as unknown as WebSocket,
    });
    simulated.open();
    simulated.receive(
      JSON.stringify({ type: 'noDesktop', reason: 'noDesktop', message: 'simulated', ...session }),
    );
    expect(await none).toMatchObject({
      kind: 'noDesktop',
      message: 'simulated',
      session: { cloudPcId: 'pc1' },
    });

    const dropped = new FakeSocket();
    const lost = openGatewaySession({
      gatewayUrl: 'ws://g',
      ticket: 't',
      accessToken: 'a',
      createSocket: () => dropped as unknown as WebSocket,
    });
    dropped.close();
    expect(await lost).toEqual({ kind: 'unreachable' });
  });
});

describe('BufferedChannel', () => {
  it('reports open while held data waits, and delivers the close after it', async () => {
    const socket = new FakeSocket();
    socket.readyState = 1;
    const channel = new BufferedChannel(socket as unknown as WebSocket);
    socket.receive('last words');
    socket.readyState = 3;
    socket.dispatchEvent(new Event('close'));
    expect(channel.readyState).toBe(1);
    const order: string[] = [];
    channel.onclose = () => order.push('close');
    channel.onmessage = (event) => order.push(String(event.data));
    await Promise.resolve();
    expect(order).toEqual(['last words', 'close']);
    expect(channel.readyState).toBe(3);
  });
});

describe('reconnect and refusal wording', () => {
  it('backs off 1, 2, 4, 8, 15 s (±20 %)', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => reconnectDelayMs(attempt, () => 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 15_000,
    ]);
    expect(reconnectDelayMs(1, () => 0)).toBe(800);
    expect(reconnectDelayMs(1, () => 0.999)).toBeLessThanOrEqual(1_200);
    expect(MAX_RECONNECT_ATTEMPTS).toBe(5);
  });

  it('names the refusal', () => {
    expect(refusalTitle('Conflict', 'This launch link was already used. Open…')).toBe(
      'This launch link was already used',
    );
    expect(refusalTitle('BadRequest', 'This launch link has expired (links last one minute).')).toBe(
      'This launch link has expired',
    );
    expect(refusalTitle('Conflict', 'CPC-1 is turned off. Restart it, then open it again.')).toBe(
      'Your Cloud PC is turned off',
    );
    expect(refusalTitle('Forbidden', 'This launch link belongs to someone else.')).toBe(
      'Your Cloud PC could not be opened',
    );
  });
});
