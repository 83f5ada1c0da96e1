import { describe, expect, it } from 'vitest';
import { adminAccessFor, sectionsFor } from './admin-access.ts';

describe('adminAccessFor', () => {
  it('gives administrators everything', () => {
    expect(adminAccessFor(['CloudPC.Admin'])).toEqual({
      role: 'admin',
      canRead: true,
      canManage: true,
      canTroubleshoot: true,
    });
  });

  it('gives support staff reading and troubleshooting, never changes', () => {
    expect(adminAccessFor(['CloudPC.Support'])).toEqual({
      role: 'support',
      canRead: true,
      canManage: false,
      canTroubleshoot: true,
    });
  });

  it('lets the stronger role win when someone has both', () => {
    expect(adminAccessFor(['CloudPC.Support', 'CloudPC.Admin']).role).toBe('admin');
  });

  it('gives nothing without a role, or for roles of other apps and look-alikes', () => {
    for (const roles of [[], ['CloudPC.ReadWrite.All'], ['cloudpc.admin'], ['CloudPC.Admin ']]) {
      expect(adminAccessFor(roles)).toEqual({
        role: 'none',
        canRead: false,
        canManage: false,
        canTroubleshoot: false,
      });
    }
  });
});

describe('sectionsFor', () => {
  it('shows the overview to anyone with an admin role and no navigation without one', () => {
    expect(sectionsFor(adminAccessFor(['CloudPC.Admin'])).map((s) => s.href)).toContain('/');
    expect(sectionsFor(adminAccessFor(['CloudPC.Support'])).map((s) => s.href)).toContain('/');
    expect(sectionsFor(adminAccessFor([]))).toEqual([]);
  });
});
