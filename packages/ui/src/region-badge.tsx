'use client';

import { Badge, type BadgeProps, Tooltip } from '@fluentui/react-components';
import { GlobeLocationRegular } from '@fluentui/react-icons';

export interface RegionBadgeProps {
  /** The Azure region that rendered the page, e.g. `eastus`. Comes from the server. */
  region: string;
  /** Defaults to `tint`. */
  appearance?: BadgeProps['appearance'];
  className?: string;
}

/** Shows which region served the page; the front door may answer from either. */
export function RegionBadge({ region, appearance = 'tint', className }: RegionBadgeProps) {
  return (
    <Tooltip content="The region whose servers rendered this page" relationship="description">
      <Badge
        appearance={appearance}
        color="informative"
        size="large"
        shape="rounded"
        icon={<GlobeLocationRegular />}
        className={className}
        data-testid="region-badge"
        // Focusable so keyboard users can reach the tooltip too.
        tabIndex={0}
      >
        Region: {region}
      </Badge>
    </Tooltip>
  );
}
