import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and leaves plain values alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.5)).toBe('0.5');
  });

  it('defuses spreadsheet formulas in text cells but not in numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
  });

  it('writes a header and one CRLF line per row', () => {
    const csv = toCsv(
      [
        { id: 'pc-1', count: 2 },
        { id: 'pc,2', count: 0 },
      ],
      [
        { header: 'Cloud PC', value: (row) => row.id },
        { header: 'Count', value: (row) => row.count },
      ],
    );
    expect(csv).toBe('Cloud PC,Count\r\npc-1,2\r\n"pc,2",0\r\n');
  });
});
