import { randomUUID } from 'node:crypto';

/** The JSON body Entra ID answers token-endpoint failures with. */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export interface EntraError {
  status: number;
  error: string;
  code: number;
  message: string;
}

/** Entra's own timestamp format: `2024-05-01 12:00:00Z`. */
function entraTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function entraErrorBody(
  e: EntraError,
  correlationId: string = randomUUID(),
  now = new Date(),
): EntraErrorBody {
  const traceId = randomUUID();
  const timestamp = entraTimestamp(now);
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
}

export const entraErrors = {
  unknownClient: (clientId: string, tenant: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  invalidSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  missingClientCredential: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  redirectMismatch: (redirectUri: string, clientId: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50011,
    message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
  }),
  wrongPassword: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 50126,
    message: 'Error validating credentials due to invalid username or password.',
  }),
  userNotFound: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 50034,
    message: `The user account does not exist in the ${tenant} directory. To sign into this application, the account must be added to the directory.`,
  }),
  userNotInTenant: (upn: string, tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 50020,
    message: `User account '${upn}' from identity provider does not exist in tenant '${tenant}' and cannot access the application in that tenant.`,
  }),
  tenantNotFound: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  noTenant: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50059,
    message:
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
  }),
  unknownResource: (resource: string, tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  invalidScope: (scope: string): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 70011,
    message: `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  defaultScopeRequired: (scope: string): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  multipleResources: (scope: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 28000,
    message: `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
  }),
  invalidAssertion: (detail: string): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 50013,
    message: `Assertion failed signature validation. [Reason - ${detail}]`,
  }),
  appOnlyAssertion: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 50058,
    message: 'The assertion is an app-only token; on-behalf-of needs a token issued to a user.',
  }),
  interactionRequired: (): EntraError => ({
    status: 400,
    error: 'interaction_required',
    code: 50058,
    message: 'A silent sign-in request was sent but no user is signed in.',
  }),
  badRequest: (message: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    message,
  }),
  grantTypeNotAllowed: (grantType: string, clientId: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700025,
    message: `The grant type '${grantType}' is not allowed for client '${clientId}'.`,
  }),
  invalidGrant: (message: string, code = 70000): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code,
    message,
  }),
  serverError: (): EntraError => ({
    status: 500,
    error: 'server_error',
    code: 90000,
    message: 'The local identity provider failed to process the request.',
  }),
};

/** What oidc-provider tells us about a failure (`error`, `error_description`, `error_detail`). */
export interface ProviderFailure {
  error: string;
  error_description?: string;
  error_detail?: string;
  /** Set by our own grant handlers when they know the exact Entra failure. */
  entra?: EntraError;
}

/** Maps an oidc-provider failure to the Entra code a client would see for the same mistake. */
export function fromProviderFailure(
  f: ProviderFailure,
  ctx: { clientId?: string; tenant: string },
): EntraError {
  if (f.entra) return f.entra;
  const detail = `${f.error_detail ?? ''} ${f.error_description ?? ''}`.trim();
  const clientId = ctx.clientId ?? '';
  switch (f.error) {
    case 'invalid_client':
      if (/client not found|client is invalid/.test(detail))
        return entraErrors.unknownClient(clientId, ctx.tenant);
      if (/no client authentication mechanism/.test(detail)) return entraErrors.missingClientCredential();
      return entraErrors.invalidSecret(clientId);
    case 'invalid_redirect_uri':
      return entraErrors.redirectMismatch('', clientId);
    case 'invalid_grant':
      if (/code_verifier|PKCE/i.test(detail)) {
        return entraErrors.invalidGrant(
          'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
          501481,
        );
      }
      if (/already (used|consumed)|consumed/.test(detail)) {
        return entraErrors.invalidGrant(
          'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
          54005,
        );
      }
      if (/expired/.test(detail)) {
        return entraErrors.invalidGrant(
          'The provided authorization code or refresh token has expired due to inactivity.',
          70008,
        );
      }
      if (/redirect_uri/.test(detail)) {
        return entraErrors.invalidGrant(
          'The reply URL specified in the request does not match the reply URL used to acquire the authorization code.',
          500117,
        );
      }
      return entraErrors.invalidGrant(
        `The provided authorization grant is invalid, expired or revoked. (${detail || 'invalid_grant'})`,
      );
    case 'invalid_scope':
      return entraErrors.invalidScope(detail);
    case 'invalid_target':
      return entraErrors.unknownResource(detail, ctx.tenant);
    case 'unsupported_grant_type':
      return {
        status: 400,
        error: 'unsupported_grant_type',
        code: 70003,
        message: 'The app requested an unsupported grant type.',
      };
    case 'unauthorized_client':
      return entraErrors.grantTypeNotAllowed('', clientId);
    case 'invalid_request':
      if (/grant type is not allowed/.test(detail)) return entraErrors.grantTypeNotAllowed('', clientId);
      return entraErrors.badRequest(detail || 'The request is not valid.');
    case 'server_error':
      return entraErrors.serverError();
    default:
      return { status: 400, error: f.error, code: 90014, message: detail || f.error };
  }
}
