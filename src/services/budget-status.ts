import {
  budgetPeriodOn,
  daysLeftInPeriod,
  describeBudgetScope,
  scopeValue,
  percentUsed,
  thresholdsCrossed,
  type Budget,
  type BudgetPeriod,
} from '../domain/budgets.js';
import { forecastPeriodEnd, type Forecast } from '../domain/forecast.js';
import { sumNanos, type Nanos } from '../domain/money.js';
import { UNATTRIBUTED_LABEL, type Team } from '../domain/team-directory.js';
import { addDays, dayInZone, startOfDayInZone } from '../domain/time-zone.js';
import { scopeSpendByDay } from '../store/budget-check-store.js';
import { listBudgets, listTeamBudgets } from '../store/budgets-store.js';
import type { Queryable } from '../store/db.js';
import { spendBy, spendByDay, type SpendDimension, type SpendFilter } from '../store/spend-store.js';
import { tagSpendByDay, tagSpendByTeam } from '../store/tag-spend-store.js';
import { topTasks } from '../store/tasks-store.js';
import { findTeam, getOrgSettings, listTeams } from '../store/teams-store.js';
import type { TeamBudgetStatus } from './team-spend-summary.js';

export interface BudgetDriver {
  kind: 'model' | 'product' | 'user' | 'task' | 'team';
  label: string;
  costNanos: Nanos;
}

/** Where a budget stands at `now`: what `/cost budget`, the alert DMs, team answers and digests show. */
export interface BudgetStatus {
  budget: Budget;
  /** `team search`, `product answers`, `tag env=prod`. */
  scopeLabel: string;
  /** Team budgets: the team's key and display name (for "View breakdown" and headers). */
  team: { key: string; name: string; channel: string | null; owners: string[] } | null;
  period: BudgetPeriod;
  today: string;
  timezone: string;
  spentNanos: Nanos;
  /** Budget minus spend; negative when over. */
  leftNanos: Nanos;
  percent: number;
  /** Days still to come, today included. */
  daysLeft: number;
  thresholdsCrossed: number[];
  forecast: Forecast;
  /** The largest slice of each dimension, three biggest first; empty unless asked for. */
  drivers: BudgetDriver[];
}

export interface StatusOptions {
  timezone: string;
  withDrivers?: boolean;
}

function spendFilterOf(budget: Budget, from: string, to: string): SpendFilter | null {
  if (budget.scope.kind === 'team') return { from, to, teams: [budget.scope.team] };
  if (budget.scope.kind === 'product') return { from, to, product: budget.scope.product };
  return null;
}

/** Spend per day over [from, to) for the budget's scope: tags from daily_tag_spend, the rest from daily_spend. */
async function dailySpend(q: Queryable, budget: Budget, from: string, to: string): Promise<Map<string, Nanos>> {
  const filter = spendFilterOf(budget, from, to);
  const days =
    filter !== null ? await spendByDay(q, filter) : budget.scope.kind === 'tag' ? await tagSpendByDay(q, { ...budget.scope, from, to, teams: null }) : [];
  return new Map(days.map((d) => [d.day, d.costNanos]));
}

async function budgetDrivers(q: Queryable, budget: Budget, from: string, to: string, spent: Nanos): Promise<BudgetDriver[]> {
  const scope = budget.scope;
  const candidates: BudgetDriver[] = [];
  if (scope.kind === 'tag') {
    const [top] = await tagSpendByTeam(q, { key: scope.key, value: scope.value, from, to, teams: null }, 1);
    if (top) candidates.push({ kind: 'team', label: top.key || UNATTRIBUTED_LABEL, costNanos: top.costNanos });
  } else {
    const filter = spendFilterOf(budget, from, to)!;
    const dimensions: SpendDimension[] = scope.kind === 'team' ? ['model', 'product', 'user'] : ['model', 'user', 'team'];
    const tops = await Promise.all(dimensions.map(async (d) => [d, (await spendBy(q, filter, d, 1))[0]] as const));
    for (const [dimension, slice] of tops) {
      if (!slice) continue;
      const label = slice.key || (dimension === 'team' ? UNATTRIBUTED_LABEL : '');
      if (label) candidates.push({ kind: dimension, label, costNanos: slice.costNanos });
    }
    if (scope.kind === 'team') {
      const [task] = await topTasks(q, { from, to, teams: [scope.team] }, 1);
      if (task) candidates.push({ kind: 'task', label: task.taskType ? `${task.taskId} (${task.taskType})` : task.taskId, costNanos: task.costNanos });
    }
  }
  // A slice that is the whole spend (the team's only product) says nothing about what drove it.
  const telling = candidates.filter((c) => c.costNanos > 0n && c.costNanos < spent);
  return (telling.length > 0 ? telling : candidates.filter((c) => c.costNanos > 0n))
    .sort((a, b) => (a.costNanos === b.costNanos ? 0 : a.costNanos > b.costNanos ? -1 : 1))
    .slice(0, 3);
}

/** Share of the org-calendar day `today` already past at `now` (DST days are 23 or 25 hours). */
function dayFraction(now: Date, today: string, timezone: string): number {
  const start = startOfDayInZone(today, timezone).getTime();
  const end = startOfDayInZone(addDays(today, 1), timezone).getTime();
  return end > start ? (now.getTime() - start) / (end - start) : 0;
}

interface StatusInputs {
  budget: Budget;
  /** Spend per day from the period start through today. */
  byDay: ReadonlyMap<string, Nanos>;
  team: Team | undefined;
  drivers: BudgetDriver[];
}

/** The status from the budget's spend so far: pure, so one budget and a batch of them agree exactly. */
function statusFrom(i: StatusInputs, now: Date, timezone: string): BudgetStatus {
  const { budget, byDay, team } = i;
  const today = dayInZone(now, timezone);
  const period = budgetPeriodOn(budget.period, today);
  const completeDays: Nanos[] = [];
  for (let day = period.start; day < today; day = addDays(day, 1)) completeDays.push(byDay.get(day) ?? 0n);
  const spentNanos = sumNanos(byDay.values());
  return {
    budget,
    scopeLabel: describeBudgetScope(budget.scope),
    team: team ? { key: team.key, name: team.name, channel: team.channel, owners: team.owners } : null,
    period,
    today,
    timezone,
    spentNanos,
    leftNanos: budget.amountNanos - spentNanos,
    percent: percentUsed(spentNanos, budget.amountNanos),
    daysLeft: daysLeftInPeriod(period, today),
    thresholdsCrossed: thresholdsCrossed(budget.thresholds, spentNanos, budget.amountNanos),
    forecast: forecastPeriodEnd({
      completeDays,
      spent: spentNanos,
      amount: budget.amountNanos,
      today,
      dayFraction: dayFraction(now, today, timezone),
      periodEnd: period.end,
    }),
    drivers: i.drivers,
  };
}

export async function budgetStatus(q: Queryable, budget: Budget, now: Date, o: StatusOptions): Promise<BudgetStatus> {
  const today = dayInZone(now, o.timezone);
  const period = budgetPeriodOn(budget.period, today);
  const tomorrow = addDays(today, 1);
  const [byDay, team] = await Promise.all([
    dailySpend(q, budget, period.start, tomorrow),
    budget.scope.kind === 'team' ? findTeam(q, budget.scope.team) : Promise.resolve(undefined),
  ]);
  const drivers = o.withDrivers === false ? [] : await budgetDrivers(q, budget, period.start, tomorrow, sumNanos(byDay.values()));
  return statusFrom({ budget, byDay, team, drivers }, now, o.timezone);
}

/**
 * Many budgets' statuses at `now` with a few reads instead of several per budget: one spend read per
 * scope kind and period (every budget's series for the period), one for the teams. Drivers are read
 * per budget, so only ask for them when there are few.
 */
async function budgetStatusesOf(q: Queryable, budgets: readonly Budget[], now: Date, o: StatusOptions): Promise<BudgetStatus[]> {
  const today = dayInZone(now, o.timezone);
  const tomorrow = addDays(today, 1);
  const groups = new Map<string, { kind: Budget['scope']['kind']; from: string; scopes: Set<string> }>();
  for (const b of budgets) {
    const from = budgetPeriodOn(b.period, today).start;
    const key = `${b.scope.kind}:${from}`;
    const group = groups.get(key) ?? { kind: b.scope.kind, from, scopes: new Set<string>() };
    group.scopes.add(scopeValue(b.scope));
    groups.set(key, group);
  }
  const [series, teams] = await Promise.all([
    Promise.all([...groups.values()].map((g) => scopeSpendByDay(q, g.kind, [...g.scopes], g.from, tomorrow).then((rows) => ({ g, rows })))),
    budgets.some((b) => b.scope.kind === 'team') ? listTeams(q) : Promise.resolve([]),
  ]);
  const byScope = new Map<string, Map<string, Nanos>>();
  for (const { g, rows } of series) {
    for (const r of rows) {
      const key = `${g.kind}:${g.from}:${r.scope}`;
      byScope.set(key, (byScope.get(key) ?? new Map<string, Nanos>()).set(r.day, r.costNanos));
    }
  }
  const teamByKey = new Map(teams.map((t) => [t.key, t]));
  return Promise.all(
    budgets.map(async (budget) => {
      const period = budgetPeriodOn(budget.period, today);
      const byDay = byScope.get(`${budget.scope.kind}:${period.start}:${scopeValue(budget.scope)}`) ?? new Map<string, Nanos>();
      const team = budget.scope.kind === 'team' ? teamByKey.get(budget.scope.team) : undefined;
      const drivers = o.withDrivers === false ? [] : await budgetDrivers(q, budget, period.start, tomorrow, sumNanos(byDay.values()));
      return statusFrom({ budget, byDay, team, drivers }, now, o.timezone);
    }),
  );
}

/** Every budget's status at `now`, in scope order. */
export async function budgetStatuses(q: Queryable, now: Date, options: { withDrivers?: boolean } = {}): Promise<BudgetStatus[]> {
  const [{ timezone }, budgets] = await Promise.all([getOrgSettings(q), listBudgets(q)]);
  return budgetStatusesOf(q, budgets, now, { timezone, ...options });
}

/** A team's budgets at `now` (monthly before weekly); empty when it has none. For `/cost team` and digests. */
export async function teamBudgetStatuses(q: Queryable, teamKey: string, now: Date): Promise<BudgetStatus[]> {
  const [{ timezone }, budgets] = await Promise.all([getOrgSettings(q), listTeamBudgets(q, teamKey)]);
  return Promise.all(budgets.map((b) => budgetStatus(q, b, now, { timezone })));
}

/** A status in the shape the `/cost team` answer shows (`TeamSpendSummary.budget`). */
export function teamBudgetLine(s: BudgetStatus): TeamBudgetStatus {
  return {
    period: s.budget.period,
    budgetNanos: s.budget.amountNanos,
    spentNanos: s.spentNanos,
    forecastNanos: s.forecast.status === 'ok' ? s.forecast.projected : null,
    projectedCrossDay: s.forecast.status === 'ok' ? s.forecast.crossingDay : null,
  };
}
