/** Small statistics and formatting helpers shared by the bench modules. */

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);
export const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

export const ms = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? 'n/a' : `${value.toFixed(digits)} ms`);
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
export const usd = (value: number, digits = 6) => `$${value.toFixed(digits)}`;
export const mark = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? '✓' : '✗');

/** A plain text table: the first row is the header. */
export function table(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...(row[c] ?? '')].length)));
  const pad = (cell: string, c: number) => {
    const gap = ' '.repeat(widths[c]! - [...cell].length);
    return align[c] === 'r' ? gap + cell : cell + gap;
  };
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => pad(cell ?? '', c))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
