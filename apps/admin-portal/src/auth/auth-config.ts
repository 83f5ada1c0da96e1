import { createAuthSetupLoader } from '@cloudpc/portal-auth/auth-config.ts';
import { entraEnv } from '../env.ts';
import { SESSION_HINT_COOKIE } from './session-hint.ts';

/** MSAL's configuration for this portal's browser side, from this portal's environment. */
export const loadAuthSetup = createAuthSetupLoader({
  entraSettings: entraEnv,
  sessionHintCookie: SESSION_HINT_COOKIE,
});
