import {
  ApiError,
  type CreateProvisioningPolicy,
  checkNamingTemplate,
  DEFAULT_NAMING_TEMPLATE,
  expandNamingTemplate,
  type ProvisioningPolicy,
  ZDisplayName,
  ZGuid,
} from '@cloudpc/api-client';

export const STEPS = ['general', 'network', 'image', 'configuration', 'assignments', 'review'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Record<Step, string> = {
  general: 'General',
  network: 'Network',
  image: 'Image',
  configuration: 'Configuration',
  assignments: 'Assignments',
  review: 'Review + create',
};

export interface PolicyFormValues {
  displayName: string;
  description: string;
  provisioningType: 'dedicated' | 'shared';
  domainJoinType: 'azureADJoin' | 'hybridAzureADJoin';
  regionName: string;
  imageId: string;
  locale: string;
  namingTemplate: string;
  /** Group object ids, one per line or separated by commas. */
  groupIds: string;
}

export type PolicyField = Exclude<keyof PolicyFormValues, 'provisioningType' | 'domainJoinType'>;
export type FieldErrors = Partial<Record<PolicyField, string>>;

export const FIELD_STEP: Record<PolicyField, Step> = {
  displayName: 'general',
  description: 'general',
  regionName: 'network',
  imageId: 'image',
  locale: 'configuration',
  namingTemplate: 'configuration',
  groupIds: 'assignments',
};

export const EMPTY_POLICY: PolicyFormValues = {
  displayName: '',
  description: '',
  provisioningType: 'dedicated',
  domainJoinType: 'azureADJoin',
  regionName: '',
  imageId: '',
  locale: 'en-US',
  namingTemplate: DEFAULT_NAMING_TEMPLATE,
  groupIds: '',
};

export function valuesFromPolicy(policy: ProvisioningPolicy): PolicyFormValues {
  const join = policy.domainJoinConfigurations[0];
  return {
    displayName: policy.displayName,
    description: policy.description,
    provisioningType: policy.provisioningType,
    domainJoinType: join?.domainJoinType ?? 'azureADJoin',
    regionName: join?.regionName ?? '',
    imageId: policy.imageId,
    locale: policy.windowsSetting.locale,
    namingTemplate: policy.cloudPcNamingTemplate,
    groupIds: (policy.assignments ?? []).map((assignment) => assignment.target.groupId).join('\n'),
  };
}

export function parseGroupIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

/** The client-side checks of every field (the server checks again, authoritatively). */
export function validatePolicy(values: PolicyFormValues): FieldErrors {
  const errors: FieldErrors = {};
  const name = ZDisplayName.safeParse(values.displayName);
  if (!name.success) errors.displayName = name.error.issues[0]?.message ?? 'Enter a valid name.';
  if (values.description.length > 512) errors.description = 'Use at most 512 characters.';
  if (!values.regionName) errors.regionName = 'Choose a region.';
  if (!values.imageId) errors.imageId = 'Choose an image.';
  if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(values.locale)) errors.locale = 'Choose a language and region.';
  const template = checkNamingTemplate(values.namingTemplate);
  if (!template.ok) errors.namingTemplate = template.message;
  const bad = parseGroupIds(values.groupIds).filter((id) => !ZGuid.safeParse(id).success);
  if (bad.length > 0) errors.groupIds = `Not a group object id (GUID): ${bad.join(', ')}`;
  return errors;
}

export function errorsOfStep(errors: FieldErrors, step: Step): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([field]) => FIELD_STEP[field as PolicyField] === step),
  ) as FieldErrors;
}

/** A device name the template could produce for a sample user, or why it cannot. */
export function namingPreview(
  template: string,
  userPrincipalName = 'adele@contoso.test',
): string | undefined {
  if (!checkNamingTemplate(template).ok) return undefined;
  let seed = 7;
  return expandNamingTemplate(template, {
    userPrincipalName,
    random: (n) => {
      seed = (seed * 31 + 11) % 997;
      return seed % n;
    },
  });
}

export function toCreateBody(values: PolicyFormValues): CreateProvisioningPolicy {
  return {
    displayName: values.displayName.trim(),
    description: values.description,
    provisioningType: values.provisioningType,
    imageId: values.imageId,
    imageType: 'gallery',
    domainJoinConfigurations: [{ domainJoinType: values.domainJoinType, regionName: values.regionName }],
    windowsSetting: { locale: values.locale },
    cloudPcNamingTemplate: values.namingTemplate,
    enableSingleSignOn: false,
    localAdminEnabled: false,
  };
}

const SERVER_TARGETS: Record<string, PolicyField> = {
  displayName: 'displayName',
  description: 'description',
  imageId: 'imageId',
  'domainJoinConfigurations[0].regionName': 'regionName',
  domainJoinConfigurations: 'regionName',
  'windowsSetting.locale': 'locale',
  cloudPcNamingTemplate: 'namingTemplate',
  assignments: 'groupIds',
};

/** The server's field messages (Graph error details), keyed by the form's fields. */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: FieldErrors = {};
  for (const detail of error.details) {
    const field =
      SERVER_TARGETS[detail.target] ?? (detail.target.startsWith('assignments') ? 'groupIds' : undefined);
    if (field && !errors[field]) errors[field] = detail.message;
  }
  return errors;
}

export const LOCALES: { id: string; label: string }[] = [
  { id: 'en-US', label: 'English (United States)' },
  { id: 'en-GB', label: 'English (United Kingdom)' },
  { id: 'de-DE', label: 'German (Germany)' },
  { id: 'fr-FR', label: 'French (France)' },
  { id: 'es-ES', label: 'Spanish (Spain)' },
  { id: 'ja-JP', label: 'Japanese (Japan)' },
  { id: 'pt-BR', label: 'Portuguese (Brazil)' },
];
