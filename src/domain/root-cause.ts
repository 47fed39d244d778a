import { medianNanos } from './anomalies.js';
import type { Nanos } from './money.js';

/** The dimensions an increase is explained by, in tie-break order. */
export const ROOT_CAUSE_DIMENSIONS = ['task_type', 'model', 'product', 'user', 'task'] as const;
export type RootCauseDimension = (typeof ROOT_CAUSE_DIMENSIONS)[number];

/** One value of one dimension: its spend on the anomalous day and on a usual day. */
export interface DimensionSpend {
  dimension: RootCauseDimension;
  value: string;
  dayNanos: Nanos;
  usualNanos: Nanos;
}

export interface RootCause {
  dimension: RootCauseDimension;
  value: string;
  /** Spend above the value's usual day. */
  contributionNanos: Nanos;
  /** Contribution as a share of the scope's increase, capped at 100 (other values may have fallen). */
  sharePct: number;
}

export interface DimensionHistoryRow {
  dimension: RootCauseDimension;
  value: string;
  day: string;
  costNanos: Nanos;
}

/**
 * A value's usual day is the median of its spend over the same days the scope's baseline used (a day
 * without it counts as $0), so a task id never seen before has a usual day of $0.
 */
export function usualByValue(history: readonly DimensionHistoryRow[], baselineDays: readonly string[]): Map<string, Nanos> {
  const wanted = new Set(baselineDays);
  const perValue = new Map<string, Map<string, Nanos>>();
  for (const row of history) {
    if (!wanted.has(row.day)) continue;
    const key = `${row.dimension}\u0000${row.value}`;
    const days = perValue.get(key) ?? new Map<string, Nanos>();
    days.set(row.day, (days.get(row.day) ?? 0n) + row.costNanos);
    perValue.set(key, days);
  }
  const usual = new Map<string, Nanos>();
  for (const [key, days] of perValue) usual.set(key, medianNanos(baselineDays.map((d) => days.get(d) ?? 0n)));
  return usual;
}

/** Joins a day's spend per value with each value's usual day (keyed as `usualByValue` keys them). */
export function dimensionSpends(dayRows: readonly Omit<DimensionHistoryRow, 'day'>[], usual: ReadonlyMap<string, Nanos>): DimensionSpend[] {
  return dayRows.map((r) => ({ dimension: r.dimension, value: r.value, dayNanos: r.costNanos, usualNanos: usual.get(`${r.dimension}\u0000${r.value}`) ?? 0n }));
}

/**
 * Ranks dimensions by the $ their biggest riser added: for each dimension the value whose spend rose
 * most over its usual day, then the dimensions ordered by that rise (ties in ROOT_CAUSE_DIMENSIONS
 * order). One value per dimension, so the top 3 read as "task_type=x on model y, user z".
 */
export function rankRootCauses(increaseNanos: Nanos, spends: readonly DimensionSpend[], limit = 3): RootCause[] {
  const best = new Map<RootCauseDimension, DimensionSpend & { contributionNanos: Nanos }>();
  for (const s of spends) {
    const contributionNanos = s.dayNanos - s.usualNanos;
    if (contributionNanos <= 0n) continue;
    const current = best.get(s.dimension);
    if (!current || contributionNanos > current.contributionNanos || (contributionNanos === current.contributionNanos && s.value < current.value)) {
      best.set(s.dimension, { ...s, contributionNanos });
    }
  }
  const order = (d: RootCauseDimension) => ROOT_CAUSE_DIMENSIONS.indexOf(d);
  return [...best.values()]
    .sort((a, b) => (a.contributionNanos > b.contributionNanos ? -1 : a.contributionNanos < b.contributionNanos ? 1 : order(a.dimension) - order(b.dimension)))
    .slice(0, limit)
    .map((c) => ({
      dimension: c.dimension,
      value: c.value,
      contributionNanos: c.contributionNanos,
      sharePct: increaseNanos > 0n ? Math.min(100, Number((c.contributionNanos * 1000n) / increaseNanos) / 10) : 0,
    }));
}
