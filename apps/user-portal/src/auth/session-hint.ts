/**
 * This portal's "signed in here last time" cookie (packages/portal-auth/src/session-hint.ts).
 * Named per portal: cookies ignore the port, and both portals share `localhost` locally.
 */
export const SESSION_HINT_COOKIE = 'cloudpc-user-signed-in';
