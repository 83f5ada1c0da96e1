'use client';

import { Button, mergeClasses, Text } from '@fluentui/react-components';
import { ErrorCircleRegular } from '@fluentui/react-icons';
import { useStateStyles } from './state-styles.ts';
import type { ErrorStateProps } from './states.types.ts';

/**
 * Tells that something failed, with the request id to quote to support and an optional
 * retry. It is an alert, so screen readers announce it when it appears.
 */
export function ErrorState({
  title = 'Something went wrong',
  message,
  requestId,
  requestIdLabel = 'Request ID',
  onRetry,
  retryLabel = 'Try again',
  headingLevel = 2,
  className,
}: ErrorStateProps) {
  const styles = useStateStyles();
  const Heading = `h${headingLevel}` as const;
  return (
    <div role="alert" className={mergeClasses(styles.root, className)}>
      <span aria-hidden="true" className={mergeClasses(styles.icon, styles.errorIcon)}>
        <ErrorCircleRegular />
      </span>
      <Text as={Heading} size={500} weight="semibold" className={styles.title}>
        {title}
      </Text>
      {message ? (
        <Text as="p" className={styles.description}>
          {message}
        </Text>
      ) : null}
      {requestId ? (
        <Text as="p" size={200} className={styles.requestId}>
          {requestIdLabel}: <code className={styles.code}>{requestId}</code>
        </Text>
      ) : null}
      {onRetry ? (
        <Button appearance="primary" onClick={onRetry}>
          {retryLabel}
        </Button>
      ) : null}
    </div>
  );
}
