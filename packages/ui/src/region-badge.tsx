'use client';

import { Badge, type BadgeProps } from '@fluentui/react-components';
import { GlobeLocationRegular } from '@fluentui/react-icons';

export interface RegionBadgeProps {
  /** The Azure region that rendered the page, e.g. `eastus`. Comes from the server. */
  region: string;
  /** Defaults to `tint`. */
  appearance?: BadgeProps['appearance'];
  /** Class for the badge, merged last. */
  className?: string;
}

/** Shows which region served the page; the front door may answer from either. */
export function RegionBadge({ region, appearance = 'tint', className }: RegionBadgeProps) {
  return (
    <Badge
      appearance={appearance}
      color="informative"
      size="large"
      shape="rounded"
      icon={<GlobeLocationRegular />}
      className={className}
      data-testid="region-badge"
    >
      Region: {region}
    </Badge>
  );
}
