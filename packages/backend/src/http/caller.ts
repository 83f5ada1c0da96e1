import type { Principal } from '../identity/authenticate.ts';

/** The caller as identity/ established it from a verified token; nothing here trusts the browser. */
export type Caller = Principal;

export const ROLES = {
  admin: 'CloudPC.Admin',
  support: 'CloudPC.Support',
  automation: 'CloudPC.ReadWrite.All',
} as const;

/**
 * Who may call a route:
 * - `admin:read`   admins, support staff, automation apps
 * - `admin:write`  admins and automation apps
 * - `admin:troubleshoot` admins, support staff and automation apps (support may run troubleshoot)
 * - `me`           any signed-in person (delegated token), confined to their own objects
 */
export type Access = 'admin:read' | 'admin:write' | 'admin:troubleshoot' | 'me';

export function isAllowed(caller: Caller, access: Access): boolean {
  const has = (role: string) => caller.roles.includes(role);
  if (caller.isAppOnly) return access !== 'me' && has(ROLES.automation);
  switch (access) {
    case 'admin:read':
    case 'admin:troubleshoot':
      return has(ROLES.admin) || has(ROLES.support);
    case 'admin:write':
      return has(ROLES.admin);
    case 'me':
      return true;
  }
}
