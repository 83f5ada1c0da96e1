export const VE = '/api/v1.0/deviceManagement/virtualEndpoint';
export const POLICIES = `${VE}/provisioningPolicies`;
export const GALLERY_IMAGE_ID = 'microsoftwindowsdesktop_windows-ent-cpc_win11-25h2-ent-cpc-m365';

/** A policy body that passes every rule; tests override one field to break one rule. */
export function validPolicy(overrides: Record<string, unknown> = {}) {
  return {
    displayName: `Sales ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Cloud PCs for the sales team',
    imageId: GALLERY_IMAGE_ID,
    imageType: 'gallery',
    domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
    windowsSetting: { locale: 'en-US' },
    cloudPcNamingTemplate: 'SLS-%USERNAME:4%-%RAND:5%',
    enableSingleSignOn: true,
    ...overrides,
  };
}
