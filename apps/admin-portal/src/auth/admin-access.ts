/** The CloudPC API's app roles for people (docs/entra-setup.md). */
export const ADMIN_ROLES = {
  admin: 'CloudPC.Admin',
  support: 'CloudPC.Support',
} as const;

export type AdminRole = 'admin' | 'support' | 'none';

/**
 * What the admin center shows to someone, from their roles. It mirrors the API's access
 * rules (packages/backend/src/http/caller.ts) so nobody meets a button the API would refuse;
 * it is not a security boundary: the API checks every call.
 */
export interface AdminAccess {
  role: AdminRole;
  /** Any admin page at all. */
  canRead: boolean;
  /** Create, edit, assign, delete, and remote actions that change a Cloud PC. */
  canManage: boolean;
  /** Troubleshoot a Cloud PC and read diagnostics (support staff too). */
  canTroubleshoot: boolean;
}

export function adminAccessFor(roles: readonly string[]): AdminAccess {
  if (roles.includes(ADMIN_ROLES.admin)) {
    return { role: 'admin', canRead: true, canManage: true, canTroubleshoot: true };
  }
  if (roles.includes(ADMIN_ROLES.support)) {
    return { role: 'support', canRead: true, canManage: false, canTroubleshoot: true };
  }
  return { role: 'none', canRead: false, canManage: false, canTroubleshoot: false };
}

export const ROLE_LABELS: Record<AdminRole, string> = {
  admin: 'Cloud PC administrator',
  support: 'Support (read-only)',
  none: 'No admin role',
};

export interface AdminSection {
  href: string;
  label: string;
  /** Which capability the section needs. */
  requires: 'canRead' | 'canTroubleshoot' | 'canManage';
}

/**
 * The admin center's sections, in navigation order. A section appears here when its page
 * exists (issue 6 adds policies, Cloud PCs, user settings and the audit log with `canRead`).
 */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { href: '/', label: 'Overview', requires: 'canRead' },
];

/** The navigation someone sees: nothing without a role. */
export function sectionsFor(access: AdminAccess): AdminSection[] {
  return ADMIN_SECTIONS.filter((section) => access[section.requires]);
}
