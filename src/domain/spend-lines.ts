import type { Nanos } from './money.js';
import { addDays } from './time-zone.js';

/** One line of a breakdown ("by model", "by team"): what it is, what it cost. */
export interface SpendLine {
  label: string;
  costNanos: Nanos;
  /** True for the "other" line that stands for everything below the top n. */
  other?: boolean;
}

export interface DayCost {
  day: string;
  costNanos: Nanos;
}

/**
 * The top `n` slices plus one "other" line derived from the total, so the lines always add up to the
 * total (the store returns at most n + 1 slices; zero-cost slices are dropped).
 */
export function topLinesWithOther(slices: readonly { key: string; costNanos: Nanos }[], totalNanos: Nanos, n: number, labelOf: (key: string) => string): SpendLine[] {
  const top = slices.slice(0, n).filter((s) => s.costNanos !== 0n);
  const lines: SpendLine[] = top.map((s) => ({ label: labelOf(s.key), costNanos: s.costNanos }));
  const rest = totalNanos - top.reduce((sum, s) => sum + s.costNanos, 0n);
  if (rest !== 0n) lines.push({ label: 'other', costNanos: rest, other: true });
  return lines;
}

/** Every day of [from, to) with its cost, zero where nothing was spent. */
export function fillDays(points: readonly DayCost[], from: string, to: string): DayCost[] {
  const byDay = new Map(points.map((p) => [p.day, p.costNanos]));
  const days: DayCost[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push({ day, costNanos: byDay.get(day) ?? 0n });
  return days;
}

/** Sums consecutive days into at most `maxPoints` buckets, so a 400-day sparkline stays one short line. */
export function bucketDays(days: readonly DayCost[], maxPoints = 62): Nanos[] {
  const size = Math.max(1, Math.ceil(days.length / maxPoints));
  const buckets: Nanos[] = [];
  for (let i = 0; i < days.length; i += size) buckets.push(days.slice(i, i + size).reduce((sum, d) => sum + d.costNanos, 0n));
  return buckets;
}

/** The last day shown for a period: its end, or today when the period is still running. */
export function shownDaysEnd(to: string, today: string): string {
  const tomorrow = addDays(today, 1);
  return to < tomorrow ? to : tomorrow;
}

export const MIN_TOP_ROWS = 5;
export const MAX_TOP_ROWS = 10;

/** "Top 1 %" of `count` tasks, at least 5 and at most 10 rows (fewer only when there are fewer tasks). */
export function topPercentRows(count: number): number {
  return Math.min(count, Math.max(MIN_TOP_ROWS, Math.min(MAX_TOP_ROWS, Math.ceil(count / 100))));
}
