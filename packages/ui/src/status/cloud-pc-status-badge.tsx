'use client';

import { Badge, type BadgeProps } from '@fluentui/react-components';

/** Graph's cloudPC `status` values (the API contract's list). */
export type CloudPcStatusName =
  | 'notProvisioned'
  | 'provisioning'
  | 'provisioned'
  | 'provisionedWithWarnings'
  | 'inGracePeriod'
  | 'deprovisioning'
  | 'failed'
  | 'resizing'
  | 'restoring';

/** How each status reads to a person, and its colour. Exported for lists and counts. */
export const CLOUD_PC_STATUS_DISPLAY: Record<
  CloudPcStatusName,
  { label: string; color: BadgeProps['color'] }
> = {
  provisioned: { label: 'Provisioned', color: 'success' },
  provisionedWithWarnings: { label: 'Provisioned with warnings', color: 'warning' },
  provisioning: { label: 'Provisioning', color: 'brand' },
  resizing: { label: 'Resizing', color: 'brand' },
  restoring: { label: 'Restoring', color: 'brand' },
  inGracePeriod: { label: 'In grace period', color: 'warning' },
  deprovisioning: { label: 'Deprovisioning', color: 'informative' },
  notProvisioned: { label: 'Not provisioned', color: 'subtle' },
  failed: { label: 'Failed', color: 'danger' },
};

export interface CloudPcStatusBadgeProps {
  status: CloudPcStatusName;
  /** Class for the badge, merged last. */
  className?: string;
}

/** A Cloud PC's status in words and colour; the words alone carry the meaning. */
export function CloudPcStatusBadge({ status, className }: CloudPcStatusBadgeProps) {
  const display = CLOUD_PC_STATUS_DISPLAY[status];
  return (
    <Badge appearance="tint" shape="rounded" color={display.color} className={className}>
      {display.label}
    </Badge>
  );
}
