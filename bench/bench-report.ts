import type { Percentiles } from './measure.js';

export type Latency = { e2e: Percentiles; service: Percentiles } | { notBuilt: string };

export interface Target {
  name: string;
  target: string;
  /** What was measured, as printed; null when the piece is not built. */
  measured: string | null;
  pass: boolean | null;
}

export function target(name: string, goal: string, value: number | null, ok: (v: number) => boolean, unit: string): Target {
  if (value === null || !Number.isFinite(value)) return { name, target: goal, measured: null, pass: null };
  return { name, target: goal, measured: `${round(value)}${unit}`, pass: ok(value) };
}

export function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

function verdict(t: Target): string {
  if (t.pass === null) return 'n/a (not built)';
  return t.pass ? 'PASS' : 'FAIL';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** The human view: every measured figure, then every target with pass/fail. */
export function renderTables(figures: [string, string][], targets: Target[]): string {
  return [
    table([['measure', 'value'], ...figures]),
    '',
    table([['target', 'goal', 'measured', 'result'], ...targets.map((t) => [t.name, t.target, t.measured ?? '—', verdict(t)])]),
  ].join('\n');
}

export function describeLatency(l: Latency | undefined): [string, string][] {
  if (!l) return [];
  if ('notBuilt' in l) return [['', `n/a (not built: ${l.notBuilt})`]];
  const p = (x: Percentiles) => `p50 ${x.p50} ms · p95 ${x.p95} ms · p99 ${x.p99} ms (n=${x.samples})`;
  return [
    ['  end to end', p(l.e2e)],
    ['  service+render', p(l.service)],
  ];
}
