import type { Nanos } from '../domain/money.js';
import { describePeriod, previousPeriod, type Period } from '../domain/periods.js';
import { bucketDays, fillDays, shownDaysEnd, type DayCost } from '../domain/spend-lines.js';
import type { Queryable } from '../store/db.js';
import { spendByDay, spendTotals, type SpendFilter } from '../store/spend-store.js';

/** The top of every spend answer: the period's total, the one before it, and the daily shape. */
export interface SpendHeadline {
  periodLabel: string;
  previousLabel: string;
  totalNanos: Nanos;
  previousNanos: Nanos;
  calls: number;
  unpricedCalls: number;
  /** Sparkline points, oldest first; each sums `daysPerPoint` days (1 unless the period is long). */
  daily: Nanos[];
  daysPerPoint: number;
}

export interface HeadlineInputs {
  period: Period;
  today: string;
  current: { costNanos: Nanos; calls: number; unpricedCalls: number };
  previousNanos: Nanos;
  days: readonly DayCost[];
}

/** Pure assembly, shared by readers of different rollups (daily_spend, daily_tag_spend). */
export function buildHeadline(i: HeadlineInputs): SpendHeadline {
  const filled = fillDays(i.days, i.period.from, shownDaysEnd(i.period.to, i.today));
  const daily = bucketDays(filled);
  return {
    periodLabel: describePeriod(i.period),
    previousLabel: describePeriod(previousPeriod(i.period, i.today)),
    totalNanos: i.current.costNanos,
    previousNanos: i.previousNanos,
    calls: i.current.calls,
    unpricedCalls: i.current.unpricedCalls,
    daily,
    daysPerPoint: daily.length === 0 ? 1 : Math.ceil(filled.length / daily.length),
  };
}

/** Headline over `daily_spend` for a team / user filter; its three reads run concurrently. */
export async function readSpendHeadline(db: Queryable, scope: Omit<SpendFilter, 'from' | 'to'>, period: Period, today: string): Promise<SpendHeadline> {
  const previous = previousPeriod(period, today);
  const [current, before, days] = await Promise.all([
    spendTotals(db, { ...scope, from: period.from, to: period.to }),
    spendTotals(db, { ...scope, from: previous.from, to: previous.to }),
    spendByDay(db, { ...scope, from: period.from, to: period.to }),
  ]);
  return buildHeadline({ period, today, current, previousNanos: before.costNanos, days });
}
