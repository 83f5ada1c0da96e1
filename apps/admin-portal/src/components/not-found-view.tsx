'use client';

import { EmptyState } from '@cloudpc/ui';
import { Link } from '@fluentui/react-components';
// Icons evaluate Griffel styles at import time and carry no 'use client' of their own,
// so they may only be imported from client components like this one.
import { SearchRegular } from '@fluentui/react-icons';

export function NotFoundView() {
  return (
    <EmptyState
      headingLevel={1}
      icon={<SearchRegular />}
      title="Page not found"
      description="There is no page at this address. It may have moved, or the link may be wrong."
      action={
        <Link href="/" inline={false}>
          Go to the home page
        </Link>
      }
    />
  );
}
