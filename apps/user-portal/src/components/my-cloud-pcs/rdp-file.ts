/**
 * A standard .rdp file for native Remote Desktop clients: the Cloud PC's device name
 * as `full address`, reached through the region's gateway with a short-lived access
 * token (the launch ticket, single use, one minute). Lines are CRLF, as mstsc writes them.
 */
export interface RdpFileInput {
  deviceName: string;
  gatewayHost: string;
  accessToken: string;
  displayName: string;
}

export function buildRdpFile(input: RdpFileInput): string {
  const lines = [
    `full address:s:${input.deviceName}`,
    'prompt for credentials:i:0',
    'authentication level:i:2',
    'enablecredsspsupport:i:1',
    `gatewayhostname:s:${input.gatewayHost}`,
    'gatewayusagemethod:i:1',
    'gatewayprofileusagemethod:i:1',
    'gatewaycredentialssource:i:5',
    `gatewayaccesstoken:s:${input.accessToken}`,
    'use multimon:i:0',
    'screen mode id:i:2',
    'audiomode:i:0',
    'redirectclipboard:i:1',
    `remoteapplicationname:s:${input.displayName.replace(/[\r\n]/g, ' ')}`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name people recognise: the Cloud PC's name, safe on every file system. */
export function rdpFileName(displayName: string): string {
  const safe = displayName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${safe || 'cloud-pc'}.rdp`;
}
