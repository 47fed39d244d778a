import { canSeeTeam } from '../domain/access.js';
import { costPerUnit, unitsFromDecimal, weeklyCostPerUnit, type Units, type WeekCostPerUnit } from '../domain/cost-per-unit.js';
import { percentOf } from '../domain/format.js';
import { roundDiv, type Nanos } from '../domain/money.js';
import { describePeriod, previousPeriod, weekStart, type Period } from '../domain/periods.js';
import type { Team } from '../domain/team-directory.js';
import { addDays } from '../domain/time-zone.js';
import type { Queryable } from '../store/db.js';
import { outcomesByDay, taskValueByType } from '../store/outcomes-store.js';
import { spendByDay, spendTotals } from '../store/spend-store.js';
import { refuseTeam, type AccessRefusal } from './access-refusal.js';
import { teamByKey, type AskContext } from './ask-context.js';

/** How much one unit of a team's value metric cost over some days. */
export interface ValueUnitCost {
  metric: string;
  costNanos: Nanos;
  units: Units;
  /** null when no unit was recorded. */
  perUnitNanos: Nanos | null;
}

export interface TaskTypeValueLine {
  taskType: string;
  tasks: number;
  successfulTasks: number;
  successRatePct: number | null;
  /** Everything the task type spent, divided by its successful tasks: failures are part of the price. */
  costPerSuccessNanos: Nanos | null;
}

export interface TeamValue {
  team: { key: string; name: string };
  periodLabel: string;
  previousLabel: string;
  metric: string | null;
  current: ValueUnitCost | null;
  previous: ValueUnitCost | null;
  /** The 8 ISO weeks up to the period's last day. */
  weeks: WeekCostPerUnit[];
  taskTypes: TaskTypeValueLine[];
  totalNanos: Nanos;
  /** Spend not on a task with an outcome: tasks without one and calls without a task id. */
  unvaluedNanos: Nanos;
  unvaluedPct: number | null;
}

const TREND_WEEKS = 8;

/** Cost per unit of the team's `value_metric` over [from, to), for digests too; null when the team has none. */
export async function costPerValueUnit(q: Queryable, team: Team, days: { from: string; to: string }): Promise<ValueUnitCost | null> {
  if (!team.valueMetric) return null;
  const [spend, outcomes] = await Promise.all([
    spendTotals(q, { from: days.from, to: days.to, teams: [team.key] }),
    outcomesByDay(q, team.key, team.valueMetric, days.from, days.to),
  ]);
  const units = outcomes.reduce((sum, o) => sum + unitsFromDecimal(o.value), 0n);
  return { metric: team.valueMetric, costNanos: spend.costNanos, units, perUnitNanos: costPerUnit(spend.costNanos, units) };
}

/** `/cost value <team> [period]`: what a unit of value cost, its trend, cost per successful task, and unvalued spend. */
export async function teamValueAnswer(ctx: AskContext, key: string, period: Period): Promise<TeamValue | AccessRefusal> {
  const team = teamByKey(ctx, key);
  if (!canSeeTeam(ctx.viewer, team, ctx.org)) return refuseTeam(team, ctx.org);
  return teamValue(ctx.db, team, period, ctx.today);
}

export async function teamValue(q: Queryable, team: Team, period: Period, today: string): Promise<TeamValue> {
  const previous = previousPeriod(period, today);
  const trendFrom = addDays(weekStart(addDays(period.to, -1)), -7 * (TREND_WEEKS - 1));
  const [current, before, byType, totals, trendCosts, trendUnits] = await Promise.all([
    costPerValueUnit(q, team, period),
    costPerValueUnit(q, team, previous),
    taskValueByType(q, team.key, period.from, period.to),
    spendTotals(q, { from: period.from, to: period.to, teams: [team.key] }),
    spendByDay(q, { from: trendFrom, to: period.to, teams: [team.key] }),
    team.valueMetric ? outcomesByDay(q, team.key, team.valueMetric, trendFrom, period.to) : Promise.resolve([]),
  ]);
  const valuedNanos = byType.reduce((sum, t) => sum + t.successfulCostNanos, 0n);
  const unvaluedNanos = totals.costNanos > valuedNanos ? totals.costNanos - valuedNanos : 0n;
  return {
    team: { key: team.key, name: team.name },
    periodLabel: describePeriod(period),
    previousLabel: describePeriod(previous),
    metric: team.valueMetric,
    current,
    previous: before,
    weeks: team.valueMetric ? weeklyCostPerUnit(trendCosts, trendUnits.map((u) => ({ day: u.day, units: unitsFromDecimal(u.value) }))) : [],
    taskTypes: byType.map((t) => ({
      taskType: t.taskType,
      tasks: t.tasks,
      successfulTasks: t.successfulTasks,
      successRatePct: t.tasks > 0 ? (t.successfulTasks / t.tasks) * 100 : null,
      costPerSuccessNanos: t.successfulTasks > 0 ? roundDiv(t.costNanos, BigInt(t.successfulTasks)) : null,
    })),
    totalNanos: totals.costNanos,
    unvaluedNanos,
    unvaluedPct: percentOf(unvaluedNanos, totals.costNanos),
  };
}
