'use client';

import { mergeClasses, Text } from '@fluentui/react-components';
import { useStateStyles } from './state-styles.ts';
import type { EmptyStateProps } from './states.types.ts';

/** Says that there is nothing here yet and offers the next step. */
export function EmptyState({
  title,
  description,
  icon,
  action,
  headingLevel = 2,
  className,
}: EmptyStateProps) {
  const styles = useStateStyles();
  const Heading = `h${headingLevel}` as const;
  return (
    <div className={mergeClasses(styles.root, className)}>
      {icon ? (
        <span aria-hidden="true" className={styles.icon}>
          {icon}
        </span>
      ) : null}
      <Text as={Heading} size={500} weight="semibold" className={styles.title}>
        {title}
      </Text>
      {description ? (
        <Text as="p" className={styles.description}>
          {description}
        </Text>
      ) : null}
      {action}
    </div>
  );
}
