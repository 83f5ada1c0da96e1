'use client';

import {
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
} from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';

export interface LandingFeature {
  /** Short name of what the portal lets you do. */
  title: string;
  /** One sentence about it. */
  description: string;
  /** Decorative icon; hidden from assistive technology. */
  icon?: ReactNode;
}

export interface SignedOutLandingProps {
  /** The page's `<h1>`, e.g. "Cloud PC admin center". */
  heading: string;
  /** What the portal is for, in a sentence or two. */
  description: ReactNode;
  /** Up to a handful of things the portal does, shown as cards under the sign-in area. */
  features?: LandingFeature[];
  /** Defaults to "Sign in". */
  signInLabel?: string;
  /** Called when the sign-in button is pressed. */
  onSignIn: () => void;
  /** While true the sign-in button shows progress and ignores presses. */
  isSigningIn?: boolean;
  /** A message about sign-in (for example why it did not happen), announced politely. */
  notice?: ReactNode;
  /** Class for the root element, merged last. */
  className?: string;
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXL,
  },
  hero: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXXL}`,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  heading: {
    margin: 0,
  },
  description: {
    margin: 0,
    maxWidth: '62ch',
    color: tokens.colorNeutralForeground2,
  },
  notice: {
    maxWidth: '62ch',
  },
  features: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalL,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  feature: {
    height: '100%',
    padding: tokens.spacingHorizontalL,
  },
  featureIcon: {
    display: 'flex',
    fontSize: '28px',
    color: tokens.colorBrandForeground1,
  },
  featureTitle: {
    margin: 0,
  },
  featureText: {
    margin: 0,
    color: tokens.colorNeutralForeground2,
  },
});

/** The home page of a portal for someone who is not signed in: what it is for, and sign in. */
export function SignedOutLanding({
  heading,
  description,
  features = [],
  signInLabel = 'Sign in',
  onSignIn,
  isSigningIn = false,
  notice,
  className,
}: SignedOutLandingProps) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <div className={mergeClasses(styles.root, className)}>
      <section aria-labelledby={headingId} className={styles.hero}>
        <Text as="h1" id={headingId} size={800} weight="semibold" className={styles.heading}>
          {heading}
        </Text>
        <Text as="p" size={400} className={styles.description}>
          {description}
        </Text>
        <Button
          appearance="primary"
          size="large"
          onClick={onSignIn}
          disabledFocusable={isSigningIn}
          aria-busy={isSigningIn || undefined}
        >
          {signInLabel}
        </Button>
        {/* Always rendered so the live region exists before a message is put in it. */}
        <div aria-live="polite" className={styles.notice}>
          {notice ? (
            <MessageBar intent="info">
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          ) : null}
        </div>
      </section>
      {features.length > 0 ? (
        <section aria-label="What you can do here">
          <ul className={styles.features}>
            {features.map((feature) => (
              <li key={feature.title}>
                <Card className={styles.feature}>
                  {feature.icon ? (
                    <span aria-hidden="true" className={styles.featureIcon}>
                      {feature.icon}
                    </span>
                  ) : null}
                  <Text as="h2" size={400} weight="semibold" className={styles.featureTitle}>
                    {feature.title}
                  </Text>
                  <Text as="p" className={styles.featureText}>
                    {feature.description}
                  </Text>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
