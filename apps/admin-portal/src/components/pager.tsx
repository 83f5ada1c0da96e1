'use client';

import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  pager: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
});

export interface PagerProps {
  /** Zero-based. */
  pageIndex: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/**
 * Previous / Next for a server-paged list (keyset paging: the page count is unknown).
 * Renders nothing when there is only one page.
 */
export function Pager({ pageIndex, hasNext, onPrevious, onNext }: PagerProps) {
  const styles = useStyles();
  if (pageIndex === 0 && !hasNext) return null;
  return (
    <nav className={styles.pager} aria-label="Pages">
      <Button icon={<ChevronLeftRegular />} disabledFocusable={pageIndex === 0} onClick={onPrevious}>
        Previous
      </Button>
      <Text>Page {pageIndex + 1}</Text>
      <Button
        icon={<ChevronRightRegular />}
        iconPosition="after"
        disabledFocusable={!hasNext}
        onClick={onNext}
      >
        Next
      </Button>
    </nav>
  );
}
