/**
 * Who is acting and where: passed to every mutating domain function so the audit
 * log can say who did what, from which region, in which request.
 */
export interface Actor {
  type: 'user' | 'application';
  /** Entra object id of the user, or of the service principal for app-only callers. */
  objectId: string;
  userPrincipalName: string | null;
  applicationId: string | null;
}

export interface RequestContext {
  tenantId: string;
  actor: Actor;
  requestId: string;
  region: string;
  now: () => Date;
}
