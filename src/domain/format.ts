import { nanosToCents, type Nanos } from './money.js';

const ONE_CENT = 10_000_000n;

/** `$1,234.56`; a positive amount under a cent shows as `<$0.01`, never as $0.00. */
export function formatUsd(nanos: Nanos): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  if (abs > 0n && abs < ONE_CENT) return negative ? '-<$0.01' : '<$0.01';
  const cents = nanosToCents(abs);
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${dollars}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** `+$12.30` / `-$4.00`: for changes. */
export function formatUsdDelta(nanos: Nanos): string {
  return nanos < 0n ? formatUsd(nanos) : `+${formatUsd(nanos)}`;
}

/** Percentage with one decimal; undefined ratios (zero base) yield null, so callers say "new" instead of NaN. */
export function percentOf(part: Nanos, whole: Nanos): number | null {
  if (whole === 0n) return null;
  return Number((part * 100_000n) / whole) / 1000;
}

export function formatPercent(value: number | null, signed = false): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = `${Math.abs(value).toFixed(1)}%`;
  if (!signed) return value < 0 ? `-${text}` : text;
  return value > 0 ? `+${text}` : value < 0 ? `-${text}` : '±0.0%';
}

/** Change between two amounts: "+$120.00 (+12.5%)", "new" when there was nothing before. */
export function formatChange(current: Nanos, previous: Nanos): string {
  const delta = current - previous;
  if (previous === 0n) return current === 0n ? 'no change' : `${formatUsdDelta(delta)} (new)`;
  return `${formatUsdDelta(delta)} (${formatPercent(percentOf(delta, previous), true)})`;
}

export function changeArrow(current: Nanos, previous: Nanos): string {
  return current > previous ? '↑' : current < previous ? '↓' : '→';
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** A one-line chart of non-negative values. */
export function sparkline(values: readonly Nanos[]): string {
  if (values.length === 0) return '';
  const max = values.reduce((m, v) => (v > m ? v : m), 0n);
  if (max === 0n) return SPARKS[0]!.repeat(values.length);
  return values.map((v) => SPARKS[Number((v * 7n + max / 2n) / max)] ?? SPARKS[0]).join('');
}

/** `█████░░░░░` for a share of a whole; over 100% fills the bar. */
export function progressBar(percent: number, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1234567 → "1.2M", for tokens. */
export function formatCompact(n: number): string {
  if (n < 1_000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1_000).toFixed(n < 10_000 ? 1 : 0)}k`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
  return `${(n / 1_000_000_000).toFixed(1)}B`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
