'use client';

import { Avatar, Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';

export interface SignedInUserProps {
  /** The person's display name. */
  name: string;
  /** Their organisation, e.g. the domain of their sign-in name (`contoso.test`). */
  tenantLabel: string;
  /** Their sign-in name (UPN); shown on hover of the name. */
  username?: string;
  /** What they may do here, e.g. "Support (read-only)"; shown after the tenant. */
  roleLabel?: string;
  /** Called when "Sign out" is pressed. */
  onSignOut: () => void;
  /** While true the button shows that sign-out is under way and ignores presses. */
  isSigningOut?: boolean;
  /** Class for the root element, merged last. */
  className?: string;
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
  },
  identity: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
  },
  name: {
    whiteSpace: 'nowrap',
  },
  detail: {
    color: tokens.colorNeutralForeground2,
    whiteSpace: 'nowrap',
  },
});

/**
 * The header's account area: who is signed in, to which organisation, and "Sign out".
 * Visible text only, so screen readers and the eye get the same facts.
 */
export function SignedInUser({
  name,
  tenantLabel,
  username,
  roleLabel,
  onSignOut,
  isSigningOut = false,
  className,
}: SignedInUserProps) {
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.root, className)} data-testid="signed-in-user">
      <Avatar name={name} size={32} color="colorful" aria-hidden="true" />
      <div className={styles.identity} title={username}>
        <Text weight="semibold" className={styles.name}>
          {name}
        </Text>
        <Text size={200} className={styles.detail}>
          {roleLabel ? `${tenantLabel} · ${roleLabel}` : tenantLabel}
        </Text>
      </div>
      <Button
        appearance="subtle"
        icon={<SignOutRegular />}
        onClick={onSignOut}
        disabledFocusable={isSigningOut}
        aria-busy={isSigningOut || undefined}
      >
        Sign out
      </Button>
    </div>
  );
}
