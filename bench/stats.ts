// Percentiles over sorted samples, and the ratio shown in the results table.
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ratio = (value: number, reference: number) => (reference > 0 ? value / reference : 0);
