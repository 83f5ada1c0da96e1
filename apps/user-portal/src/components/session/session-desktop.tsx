'use client';

import {
  Button,
  makeStyles,
  Text,
  Textarea,
  ToggleButton,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowMaximizeRegular,
  ClipboardPasteRegular,
  KeyboardRegular,
  PlugDisconnectedRegular,
  ScaleFitRegular,
} from '@fluentui/react-icons';
import type RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'react';
import type { BufferedChannel, GatewaySession } from './gateway-client.ts';

const useStyles = makeStyles({
  root: {
    position: 'fixed',
    inset: 0,
    zIndex: 1000,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, overflowWrap: 'anywhere' },
  spacer: { flexGrow: 1 },
  clipboard: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  clipboardText: { flexGrow: 1, minWidth: '240px' },
  desktop: { flexGrow: 1, minHeight: 0, overflow: 'hidden', backgroundColor: '#1b1b1b' },
  hint: { color: tokens.colorNeutralForeground3 },
});

export type DesktopEnd = 'user' | 'lost' | 'authFailed';

/**
 * The remote desktop, full window: noVNC's RFB on the socket the gateway opened,
 * with a toolbar (full screen, Ctrl+Alt+Del, scaling, clipboard, disconnect). It
 * reports how the session ended so the page can reconnect after a blip.
 */
export function SessionDesktop({
  channel,
  vncPassword,
  session,
  status,
  onEnded,
  onFirstFrame,
}: {
  channel: BufferedChannel;
  vncPassword: string;
  session: GatewaySession;
  status?: string;
  onEnded: (how: DesktopEnd) => void;
  onFirstFrame?: () => void;
}) {
  const styles = useStyles();
  const root = useRef<HTMLDivElement>(null);
  const screenRef = useRef<HTMLDivElement>(null);
  const rfbRef = useRef<RFB | null>(null);
  const userClosed = useRef(false);
  const ended = useRef(onEnded);
  ended.current = onEnded;
  const firstFrame = useRef(onFirstFrame);
  firstFrame.current = onFirstFrame;
  const [connected, setConnected] = useState(false);
  const [scale, setScale] = useState(true);
  const [clipboardOpen, setClipboardOpen] = useState(false);
  const [clipboardText, setClipboardText] = useState('');

  useEffect(() => {
    let rfb: RFB | null = null;
    let cancelled = false;
    void import('@novnc/novnc').then(({ default: Rfb }) => {
      if (cancelled || !screenRef.current) return;
      try {
        rfb = new Rfb(screenRef.current, channel as unknown as WebSocket, {
          credentials: { password: vncPassword },
        });
      } catch {
        // The bridge closed before the desktop could be shown.
        ended.current('lost');
        return;
      }
      rfbRef.current = rfb;
      rfb.scaleViewport = true;
      rfb.background = '#1b1b1b';
      rfb.addEventListener('connect', () => {
        setConnected(true);
        rfb?.focus({ preventScroll: true });
        firstFrame.current?.();
      });
      rfb.addEventListener('disconnect', () => {
        rfbRef.current = null;
        // Already disconnected: the cleanup must not disconnect it again (noVNC logs an error).
        rfb = null;
        ended.current(userClosed.current ? 'user' : 'lost');
      });
      rfb.addEventListener('securityfailure', () => {
        userClosed.current = true;
        ended.current('authFailed');
      });
      rfb.addEventListener('clipboard', (event) => {
        const text = (event as CustomEvent<{ text: string }>).detail.text;
        setClipboardText(text);
        // Needs a focused page and the browser's permission; the panel shows it either way.
        void navigator.clipboard?.writeText(text).catch(() => undefined);
      });
    });
    return () => {
      cancelled = true;
      if (rfb) {
        userClosed.current = true;
        rfb.disconnect();
      }
    };
  }, [channel, vncPassword]);

  useEffect(() => {
    if (rfbRef.current) rfbRef.current.scaleViewport = scale;
  }, [scale]);

  function disconnect() {
    userClosed.current = true;
    if (rfbRef.current) rfbRef.current.disconnect();
    else ended.current('user');
  }

  function fullscreen() {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.current?.requestFullscreen?.().catch(() => undefined);
  }

  return (
    <div className={styles.root} ref={root}>
      <div className={styles.bar} role="toolbar" aria-label="Session">
        <Text as="h1" weight="semibold" className={styles.title}>
          {session.cloudPcDisplayName}
        </Text>
        <Text role="status" className={styles.hint}>
          {status ??
            (connected
              ? `Connected in ${(session.timeToConnectMs / 1000).toFixed(1)} s · ${session.regionName}`
              : 'Starting the desktop…')}
        </Text>
        <span className={styles.spacer} />
        <Tooltip content="Full screen" relationship="label">
          <Button appearance="subtle" icon={<ArrowMaximizeRegular />} onClick={fullscreen} />
        </Tooltip>
        <Tooltip content="Send Ctrl+Alt+Del" relationship="label">
          <Button
            appearance="subtle"
            icon={<KeyboardRegular />}
            disabled={!connected}
            onClick={() => rfbRef.current?.sendCtrlAltDel()}
          />
        </Tooltip>
        <Tooltip content="Scale to window" relationship="label">
          <ToggleButton
            appearance="subtle"
            icon={<ScaleFitRegular />}
            checked={scale}
            onClick={() => setScale((value) => !value)}
          />
        </Tooltip>
        <Tooltip content="Clipboard" relationship="label">
          <ToggleButton
            appearance="subtle"
            icon={<ClipboardPasteRegular />}
            checked={clipboardOpen}
            onClick={() => setClipboardOpen((value) => !value)}
          />
        </Tooltip>
        <Button icon={<PlugDisconnectedRegular />} onClick={disconnect}>
          Disconnect
        </Button>
      </div>
      {clipboardOpen ? (
        <div className={styles.clipboard}>
          <Textarea
            className={styles.clipboardText}
            aria-label="Clipboard text"
            value={clipboardText}
            onChange={(_, data) => setClipboardText(data.value)}
            resize="vertical"
          />
          <Button
            disabled={!connected || clipboardText === ''}
            onClick={() => rfbRef.current?.clipboardPasteFrom(clipboardText)}
          >
            Send to Cloud PC
          </Button>
        </div>
      ) : null}
      <section
        className={styles.desktop}
        ref={screenRef}
        aria-label="Remote desktop"
        data-desktop-state={connected ? 'connected' : 'connecting'}
      />
    </div>
  );
}
