import type { DigestCadence } from '../domain/digest-period.js';
import { digestPeriod, trailingPeriods } from '../domain/digest-period.js';
import type { Nanos } from '../domain/money.js';
import { describePeriod, previousPeriod, type Period } from '../domain/periods.js';
import type { OrgSettings, Team } from '../domain/team-directory.js';
import { startOfDayInZone } from '../domain/time-zone.js';
import type { AdviceTip } from '../domain/advice.js';
import type { PriceTable } from '../domain/prices.js';
import type { Db } from '../store/db.js';
import { spendBy, spendByDay, spendTotals, type SpendSlice } from '../store/spend-store.js';
import { topTasks } from '../store/tasks-store.js';
import { teamBudgetStatuses, type BudgetStatus } from './budget-status.js';
import { recentAnomalies, type Anomaly } from './team-anomalies.js';
import { topAdvice } from './team-advice.js';
import { costPerValueUnit, type ValueUnitCost } from './team-value.js';

const EARLIEST_DAY = '2020-01-01';
const TOP = 3;

export interface DigestTrendPoint {
  /** First day of the period (YYYY-MM-DD, org calendar). */
  from: string;
  costNanos: Nanos;
}

export interface DigestTask {
  taskId: string;
  taskType: string;
  user: string;
  calls: number;
  costNanos: Nanos;
}

export interface DigestHeading {
  team: { key: string; name: string };
  cadence: DigestCadence;
  period: Period;
  periodLabel: string;
}

export interface DigestReport extends DigestHeading {
  kind: 'report';
  totalNanos: Nanos;
  previousNanos: Nanos;
  calls: number;
  /** No spend before this period: the first period on Tally. */
  firstPeriod: boolean;
  /** The last TREND_PERIODS periods, oldest first, the reported one last. */
  trend: DigestTrendPoint[];
  topModels: SpendSlice[];
  topProducts: SpendSlice[];
  topUsers: SpendSlice[];
  topTasks: DigestTask[];
  unpricedCalls: number;
  /** Org-wide spend without a team; only shown where the org is open, and when non-zero. */
  unattributedNanos: Nanos | null;
  /** The team's budget at the end of the period (monthly before weekly), with its forecast; absent without a budget. */
  budget?: BudgetStatus;
  /** Anomalies found on the period's days, not marked expected, newest first (at most 3). */
  anomalies: Anomaly[];
  /** Cost per unit of the team's value metric; absent when the period recorded no outcomes. */
  value?: ValueUnitCost;
  /** The one optimization tip worth the most, when one clears the advice minimum. */
  tip?: AdviceTip;
}

/** A period without spend, or a team with no history at all: each gets one line. */
export type DigestContent = DigestReport | (DigestHeading & { kind: 'quiet' }) | (DigestHeading & { kind: 'new' });

export interface DigestRequest {
  team: Team;
  org: OrgSettings;
  cadence: DigestCadence;
  now: Date;
  /** For the optimization tip (what a cheaper model would have cost). */
  prices: PriceTable;
}

const MAX_ANOMALIES = 3;

/** The facts of one team's digest for its last complete week or day, from the rollups. */
export async function digestContent(q: Db, r: DigestRequest): Promise<DigestContent> {
  const period = digestPeriod(r.cadence, r.now, r.org.timezone);
  const heading: DigestHeading = {
    team: { key: r.team.key, name: r.team.name },
    cadence: r.cadence,
    period,
    periodLabel: describePeriod(period),
  };
  const teams = [r.team.key];
  const current = { from: period.from, to: period.to, teams };
  const trendPeriods = trailingPeriods(period);
  const [totals, before, days] = await Promise.all([
    spendTotals(q, current),
    spendTotals(q, { from: EARLIEST_DAY, to: period.from, teams }),
    spendByDay(q, { from: trendPeriods[0]!.from, to: period.to, teams }),
  ]);
  if (totals.calls === 0) return { ...heading, kind: before.calls === 0 ? 'new' : 'quiet' };

  const previous = previousPeriod(period, period.to);
  const [previousTotals, models, products, users, tasks, unattributed, budgets, anomalies, value, tip] = await Promise.all([
    spendTotals(q, { from: previous.from, to: previous.to, teams }),
    spendBy(q, current, 'model', TOP),
    spendBy(q, current, 'product', TOP),
    spendBy(q, current, 'user', TOP),
    topTasks(q, current, TOP),
    r.org.visibility === 'open' ? spendTotals(q, { from: period.from, to: period.to, teams: [''] }) : null,
    // As of the period's last moment, like every other figure here (at the boundary the budget week has already rolled over).
    teamBudgetStatuses(q, r.team.key, new Date(startOfDayInZone(period.to, r.org.timezone).getTime() - 1)),
    recentAnomalies(q, r.team.key, period.from, period.to),
    costPerValueUnit(q, r.team, period),
    topAdvice(q, r.prices, r.team.key, period),
  ]);
  return {
    ...heading,
    kind: 'report',
    totalNanos: totals.costNanos,
    previousNanos: previousTotals.costNanos,
    calls: totals.calls,
    firstPeriod: before.calls === 0,
    trend: trendPeriods.map((p) => ({
      from: p.from,
      costNanos: days.filter((d) => d.day >= p.from && d.day < p.to).reduce((sum, d) => sum + d.costNanos, 0n),
    })),
    topModels: models,
    topProducts: products,
    topUsers: users,
    topTasks: tasks.map((t) => ({ taskId: t.taskId, taskType: t.taskType, user: t.user, calls: t.calls, costNanos: t.costNanos })),
    unpricedCalls: totals.unpricedCalls,
    unattributedNanos: unattributed && unattributed.costNanos > 0n ? unattributed.costNanos : null,
    budget: budgets[0],
    anomalies: anomalies.filter((a) => a.feedback !== 'expected').slice(0, MAX_ANOMALIES),
    value: value && value.units > 0n ? value : undefined,
    tip: tip ?? undefined,
  };
}
