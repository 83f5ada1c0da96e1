import { describe, expect, it } from 'vitest';
import { buildRdpFile, rdpFileName } from './rdp-file.ts';

describe('buildRdpFile', () => {
  it('writes a well-formed .rdp with the address, the gateway and the token', () => {
    const text = buildRdpFile({
      deviceName: 'CPC-ADELE-7KQ2M',
      gatewayHost: 'localhost:3001',
      accessToken: 'abc.def',
      displayName: 'My\r\nPC',
    });
    const lines = text.split('\r\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^[a-z ]+:[is]:.*$/);
    expect(lines).toContain('full address:s:CPC-ADELE-7KQ2M');
    expect(lines).toContain('gatewayhostname:s:localhost:3001');
    expect(lines).toContain('gatewayaccesstoken:s:abc.def');
    expect(lines).toContain('remoteapplicationname:s:My  PC');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('names the file after the Cloud PC', () => {
    expect(rdpFileName('Adele’s PC #1')).toBe('Adele-s-PC-1.rdp');
    expect(rdpFileName('***')).toBe('cloud-pc.rdp');
  });
});
