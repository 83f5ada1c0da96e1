'use client';

import { Button, makeStyles, Tooltip, tokens } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  id: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

/** An id support staff will paste into a ticket or a search: shown in full, one click to copy. */
export function CopyableId({ value, label }: { value: string; label: string }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  return (
    <span className={styles.root}>
      <span className={styles.id}>{value}</span>
      <Tooltip content={copied ? 'Copied' : `Copy ${label}`} relationship="label">
        <Button
          size="small"
          appearance="subtle"
          icon={<CopyRegular />}
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        />
      </Tooltip>
    </span>
  );
}
