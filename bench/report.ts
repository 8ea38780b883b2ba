// The results as a Markdown table (the README's "Benchmarks" section is this output).
import type { Row } from './scenarios.ts';

const n = (value: number | undefined, digits = 0) =>
  value === undefined
    ? ''
    : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * CPU per request (µs), chiakhoa's process + its stores / the reference's (+ its Redis, when it
 * has one), and the ratio of the two processes' figures.
 */
function cpuColumns(row: Row): string {
  const cpu = row.cpu;
  if (!cpu || cpu.chiakhoa === 0) return ' | | ';
  const referenceStores = cpu.referenceStores === undefined ? '' : ` + ${n(cpu.referenceStores)}`;
  return ` | ${n(cpu.chiakhoa)} + ${n(cpu.stores)} / ${n(cpu.reference)}${referenceStores} | ${n(cpu.reference / cpu.chiakhoa, 2)}`;
}

export function table(rows: readonly Row[]): string {
  const lines = [
    '| scenario | chiakhoa req/s | p50 ms | p99 ms | reference | ref req/s | ref p50 | ref p99 | ratio | goal | CPU µs/req: chiakhoa + Redis, PostgreSQL / ref | CPU ratio |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const row of rows) {
    const { chiakhoa: c, reference: r } = row;
    const shed = c.shed > 0 ? ` (${n(c.shed)} shed)` : '';
    const failed = c.failed > 0 ? ` (${n(c.failed)} failed)` : '';
    lines.push(
      `| ${row.scenario}${row.note ? ` — ${row.note}` : ''} | ${n(c.rps)}${shed}${failed} | ${n(c.p50, 1)} | ${n(c.p99, 1)} | ` +
        `${r?.label ?? ''} | ${n(r?.rps)} | ${n(r?.p50, 1)} | ${n(r?.p99, 1)} | ${n(row.ratio, 2)} | ${row.goal ?? ''}${cpuColumns(row)} |`,
    );
  }
  return lines.join('\n');
}
