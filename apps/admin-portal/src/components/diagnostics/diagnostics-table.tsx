'use client';

import {
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { type CsvColumn, downloadCsv, toCsv } from './csv.ts';

export interface DiagnosticsColumn<T> extends CsvColumn<T> {
  /** What the cell shows; the CSV always gets `value`. */
  render?: (row: T) => ReactNode;
  /** In the CSV only (ids and raw times that would crowd the table). */
  isCsvOnly?: boolean;
}

export interface DiagnosticsTableProps<T> {
  /** The table's accessible name and the CSV file's name. */
  title: string;
  fileName: string;
  columns: readonly DiagnosticsColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  emptyText: string;
  /** Replaces the CSV download in tests. */
  onExport?: (csv: string) => void;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, overflowX: 'auto' },
  bar: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
});

/** Every diagnostics table: a Fluent table with its own CSV export of exactly the rows shown. */
export function DiagnosticsTable<T>(props: DiagnosticsTableProps<T>) {
  const styles = useStyles();
  const shown = props.columns.filter((column) => !column.isCsvOnly);
  const exportCsv = () => {
    const csv = toCsv(props.rows, props.columns);
    if (props.onExport) props.onExport(csv);
    else downloadCsv(props.fileName, csv);
  };
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Text as="h3" weight="semibold" size={400}>
          {props.title}
        </Text>
        <Button
          size="small"
          icon={<ArrowDownloadRegular />}
          disabledFocusable={props.rows.length === 0}
          onClick={exportCsv}
          aria-label={`Export CSV: ${props.title}`}
        >
          Export CSV
        </Button>
      </div>
      {props.rows.length === 0 ? (
        <Text>{props.emptyText}</Text>
      ) : (
        <Table aria-label={props.title} size="small">
          <TableHeader>
            <TableRow>
              {shown.map((column) => (
                <TableHeaderCell key={column.header}>{column.header}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {props.rows.map((row) => (
              <TableRow key={props.rowKey(row)}>
                {shown.map((column) => (
                  <TableCell key={column.header}>
                    {column.render ? column.render(row) : (column.value(row) ?? '—')}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
