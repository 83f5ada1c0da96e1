'use client';

import { Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { LockClosedRegular } from '@fluentui/react-icons';
import { useId } from 'react';
import { ADMIN_ROLES } from '../auth/admin-access.ts';

export interface NoAdminRoleViewProps {
  /** The signed-in person's display name. */
  name: string;
  /** Their sign-in name, so they can tell their IT admin which account it is. */
  username: string;
  onSignOut: () => void;
  isSigningOut?: boolean;
}

const ROLES = [
  {
    value: ADMIN_ROLES.admin,
    title: 'Cloud PC administrator',
    description: 'Manages provisioning policies, Cloud PCs, user settings and remote actions.',
  },
  {
    value: ADMIN_ROLES.support,
    title: 'Support',
    description: 'Sees every page read-only and runs troubleshooting and diagnostics.',
  },
];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalL,
    maxWidth: '70ch',
    marginInline: 'auto',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  icon: {
    display: 'flex',
    fontSize: '40px',
    color: tokens.colorNeutralForeground3,
  },
  heading: { margin: 0 },
  text: { margin: 0, color: tokens.colorNeutralForeground2 },
  roles: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    width: '100%',
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  role: { padding: tokens.spacingHorizontalM },
  roleTitle: { margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

/**
 * What someone without an admin role sees in the admin center: why, which roles exist, who
 * can give them one, and a way out. The API refuses them anyway; this page only explains.
 */
export function NoAdminRoleView({ name, username, onSignOut, isSigningOut = false }: NoAdminRoleViewProps) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <span aria-hidden="true" className={styles.icon}>
        <LockClosedRegular />
      </span>
      <Text as="h1" id={headingId} size={700} weight="semibold" className={styles.heading}>
        You need an admin role
      </Text>
      <Text as="p" size={400} className={styles.text}>
        You're signed in as {name} ({username}), but this account has no role in the Cloud PC admin center.
      </Text>
      <Text as="h2" size={400} weight="semibold" className={styles.heading}>
        Roles in the admin center
      </Text>
      <ul className={styles.roles}>
        {ROLES.map((role) => (
          <li key={role.value}>
            <Card className={styles.role}>
              <Text as="h3" weight="semibold" className={styles.roleTitle}>
                {role.title} <code className={styles.code}>({role.value})</code>
              </Text>
              <Text as="p" className={styles.text}>
                {role.description}
              </Text>
            </Card>
          </li>
        ))}
      </ul>
      <Text as="p" className={styles.text}>
        Ask your IT admin to assign you one of these roles on the CloudPC API application in Microsoft Entra
        ID. Then sign out and sign in again. Your own Cloud PC is in the Cloud PC user portal; it needs no
        role.
      </Text>
      <Button appearance="primary" onClick={onSignOut} disabledFocusable={isSigningOut}>
        Sign out
      </Button>
    </section>
  );
}
