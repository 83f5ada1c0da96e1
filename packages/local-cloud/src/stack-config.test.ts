import { describe, expect, it } from 'vitest';
import { describeTakenPorts, PORT_SPECS, resolvePorts } from './stack-config.ts';

describe('stack ports', () => {
  it('defaults to the contract ports', () => {
    expect(resolvePorts({})).toEqual({
      frontDoorAdmin: 3000,
      frontDoorUser: 3001,
      eastusAdmin: 3100,
      eastusUser: 3101,
      westusAdmin: 3200,
      westusUser: 3201,
      entra: 3900,
      cosmos: 8081,
      queuesEastus: 10001,
      queuesWestus: 10011,
    });
  });

  it('takes CLOUDPC_PORT_* from the environment, and explicit options over both', () => {
    const ports = resolvePorts(
      { CLOUDPC_PORT_FRONT_DOOR_ADMIN: '4000', CLOUDPC_PORT_COSMOS: '18081' },
      { cosmos: 28081 },
    );
    expect(ports.frontDoorAdmin).toBe(4000);
    expect(ports.cosmos).toBe(28081);
    expect(ports.frontDoorUser).toBe(3001);
  });

  it('rejects a value that is not a port, naming the variable', () => {
    expect(() => resolvePorts({ CLOUDPC_PORT_ENTRA: 'abc' })).toThrow(/CLOUDPC_PORT_ENTRA=abc/);
    expect(() => resolvePorts({ CLOUDPC_PORT_ENTRA: '70000' })).toThrow(/not a TCP port/);
  });

  it('rejects two components on one port', () => {
    expect(() => resolvePorts({ CLOUDPC_PORT_ENTRA: '3000' })).toThrow(
      /Port 3000 is configured for both front door, admin portal and local Entra ID/,
    );
  });

  it('names every variable uniquely', () => {
    const names = Object.values(PORT_SPECS).map((s) => s.env);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^CLOUDPC_PORT_[A-Z_]+$/.test(n))).toBe(true);
  });

  it('explains a taken port: which one, who holds it, who wants it, how to move it', () => {
    const message = describeTakenPorts([
      { name: 'frontDoorAdmin', port: 3000, owner: 'pid 42: node server.js' },
    ]);
    expect(message).toContain('port 3000 is already in use (by pid 42: node server.js)');
    expect(message).toContain('front door, admin portal needs it');
    expect(message).toContain('CLOUDPC_PORT_FRONT_DOOR_ADMIN=<port>');
  });
});
