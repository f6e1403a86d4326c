// Shared helpers for benchmark sections: statistics and the printed table.

export interface BenchSection {
  title: string;
  /** [what, figure, detail, target] */
  rows: string[][];
  results: Record<string, unknown>;
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function printTable(sections: BenchSection[]): void {
  for (const section of sections) {
    process.stdout.write(`\n${section.title}\n${'-'.repeat(section.title.length)}\n`);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...section.rows.map((r) => (r[i] ?? '').length)));
    for (const row of section.rows) {
      process.stdout.write(
        `${row
          .map((cell, i) => (cell ?? '').padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
      );
    }
  }
}
