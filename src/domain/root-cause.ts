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

function valueKey(dimension: RootCauseDimension, value: string): string {
  return `${dimension}\u0000${value}`;
}

export interface DimensionHistoryRow {
  dimension: RootCauseDimension;
  value: string;
  day: string;
  costNanos: Nanos;
}

/** A value's usual day, keyed by dimension and value. */
export type UsualSpend = Map<string, { dimension: RootCauseDimension; value: string; usualNanos: Nanos }>;

/**
 * A value's usual day is the median of its spend over the same days the scope's baseline used (a day
 * without it counts as $0), so a task id never seen before has a usual day of $0.
 */
export function usualByValue(history: readonly DimensionHistoryRow[], baselineDays: readonly string[]): UsualSpend {
  const wanted = new Set(baselineDays);
  const perValue = new Map<string, { row: DimensionHistoryRow; days: Map<string, Nanos> }>();
  for (const row of history) {
    if (!wanted.has(row.day)) continue;
    const key = valueKey(row.dimension, row.value);
    const entry = perValue.get(key) ?? { row, days: new Map<string, Nanos>() };
    entry.days.set(row.day, (entry.days.get(row.day) ?? 0n) + row.costNanos);
    perValue.set(key, entry);
  }
  const usual: UsualSpend = new Map();
  for (const [key, { row, days }] of perValue) {
    usual.set(key, { dimension: row.dimension, value: row.value, usualNanos: medianNanos(baselineDays.map((d) => days.get(d) ?? 0n)) });
  }
  return usual;
}

/** Every value seen on the day or usually, with both amounts ($0 where absent). */
export function dimensionSpends(dayRows: readonly Omit<DimensionHistoryRow, 'day'>[], usual: UsualSpend): DimensionSpend[] {
  const spends = new Map<string, DimensionSpend>();
  for (const u of usual.values()) spends.set(valueKey(u.dimension, u.value), { ...u, dayNanos: 0n });
  for (const r of dayRows) {
    const key = valueKey(r.dimension, r.value);
    spends.set(key, { dimension: r.dimension, value: r.value, usualNanos: spends.get(key)?.usualNanos ?? 0n, dayNanos: (spends.get(key)?.dayNanos ?? 0n) + r.costNanos });
  }
  return [...spends.values()];
}

/**
 * Ranks dimensions by the $ their biggest riser added: for each dimension the value whose spend rose
 * most over its usual day, then the dimensions ordered by that rise (ties in ROOT_CAUSE_DIMENSIONS
 * order). One value per dimension, so the top 3 read as "task_type=x on model y, user z". A dimension
 * with a single value (a one-product team) explains nothing and is left out; single tasks are kept.
 */
export function rankRootCauses(increaseNanos: Nanos, spends: readonly DimensionSpend[], limit = 3): RootCause[] {
  const valuesPer = new Map<RootCauseDimension, number>();
  for (const s of spends) valuesPer.set(s.dimension, (valuesPer.get(s.dimension) ?? 0) + 1);
  const best = new Map<RootCauseDimension, DimensionSpend & { contributionNanos: Nanos }>();
  for (const s of spends) {
    const contributionNanos = s.dayNanos - s.usualNanos;
    if (contributionNanos <= 0n || (s.dimension !== 'task' && valuesPer.get(s.dimension) === 1)) continue;
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

/**
 * When no per-value history exists (tag scopes: the tag rollup has no model/user split), each value is
 * assumed to have kept its share of the day: its usual day is its spend scaled by usual/actual, so
 * the ranking follows the day's biggest spenders.
 */
export function proportionalUsual(dayRows: readonly Omit<DimensionHistoryRow, 'day'>[], usualNanos: Nanos, actualNanos: Nanos): UsualSpend {
  const usual: UsualSpend = new Map();
  if (actualNanos <= 0n) return usual;
  for (const r of dayRows) usual.set(valueKey(r.dimension, r.value), { dimension: r.dimension, value: r.value, usualNanos: (r.costNanos * usualNanos) / actualNanos });
  return usual;
}
