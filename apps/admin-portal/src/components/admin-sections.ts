import type { AdminAccess, AdminSection } from '../auth/admin-access.ts';

/**
 * The admin center's sections that have a page, in navigation order. Kept beside the pages
 * (not in auth/) so adding a page adds its link in the same change.
 */
export const PORTAL_SECTIONS: readonly AdminSection[] = [
  { href: '/', label: 'Overview', requires: 'canRead' },
  { href: '/policies', label: 'Policies', requires: 'canRead' },
  { href: '/cloud-pcs', label: 'Cloud PCs', requires: 'canRead' },
  { href: '/user-settings', label: 'User settings', requires: 'canRead' },
  { href: '/audit', label: 'Audit log', requires: 'canRead' },
  { href: '/diagnostics', label: 'Diagnostics', requires: 'canTroubleshoot' },
];

export function portalSectionsFor(access: AdminAccess): AdminSection[] {
  return PORTAL_SECTIONS.filter((section) => access[section.requires]);
}
