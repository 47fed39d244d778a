import { canSeeOrg, canSeeTeam, teamsOf } from '../domain/access.js';
import type { Nanos } from '../domain/money.js';
import type { Period } from '../domain/periods.js';
import { topLinesWithOther, type SpendLine } from '../domain/spend-lines.js';
import type { Team } from '../domain/team-directory.js';
import type { Queryable } from '../store/db.js';
import { latestEventAt, spendBy, spendTotals } from '../store/spend-store.js';
import { topTasks } from '../store/tasks-store.js';
import { refuseTeam, type AccessRefusal } from './access-refusal.js';
import { teamByKey, type AskContext } from './ask-context.js';
import { teamBudgetLine, teamBudgetStatuses } from './budget-status.js';
import { sharedCostAllocation, teamCostShare, type SharedCostAllocation, type TeamCostShare } from './shared-costs.js';
import { readSpendHeadline, type SpendHeadline } from './spend-headline.js';
import { recentAnomalies, type Anomaly } from './team-anomalies.js';

/** Budget use for the period, when the team has a budget (filled by the budgets feature). */
export interface TeamBudgetStatus {
  period: 'monthly' | 'weekly';
  budgetNanos: Nanos;
  spentNanos: Nanos;
  /** Projected spend at the end of the budget period; null while there is too little data. */
  forecastNanos: Nanos | null;
  /** Day the forecast crosses 100 %, when it does. */
  projectedCrossDay: string | null;
}

export interface TaskLine {
  taskId: string;
  taskType: string;
  user: string;
  costNanos: Nanos;
}

export interface TeamSpendSummary extends SpendHeadline {
  team: { key: string; name: string };
  byProduct: SpendLine[];
  byModel: SpendLine[];
  topUsers: SpendLine[];
  topTasks: TaskLine[];
  /** Org-wide spend with no team in the period: only for viewers who may see it, null when zero. */
  unattributedNanos: Nanos | null;
  /** Newest event of the team ever (data freshness); null = the team has never sent any. */
  newestEventAt: Date | null;
  timezone: string;
  budget?: TeamBudgetStatus;
  /** Anomalies detected in the period (newest first), not marked expected. */
  anomalies?: Anomaly[];
  /** Direct vs shared cost, when teams.yml configures `shared:` (opt-in showback). */
  costShare?: { share: TeamCostShare; allocation: SharedCostAllocation };
}

const BREAKDOWN_ROWS = 5;
const TOP_TASKS = 3;

export const noneLabel = (what: string) => (key: string) => key || `(no ${what})`;

/**
 * A team's answer for a period, from the rollups only. All reads run concurrently on indexed ranges
 * (daily_spend by team and day, task_totals by team and first day): this is `/cost myteam`'s hot path.
 */
export async function teamSpendSummary(
  db: Queryable,
  team: Team,
  period: Period,
  options: { today: string; now: Date; timezone: string; showUnattributed: boolean; allocation?: Promise<SharedCostAllocation> },
): Promise<TeamSpendSummary> {
  const scope = { teams: [team.key] };
  const range = { ...scope, from: period.from, to: period.to };
  const [headline, products, models, users, tasks, newestEventAt, unattributed, budgets, anomalies, allocation] = await Promise.all([
    readSpendHeadline(db, scope, period, options.today),
    spendBy(db, range, 'product', BREAKDOWN_ROWS),
    spendBy(db, range, 'model', BREAKDOWN_ROWS),
    spendBy(db, range, 'user', BREAKDOWN_ROWS),
    topTasks(db, { from: period.from, to: period.to, teams: scope.teams }, TOP_TASKS),
    latestEventAt(db, scope.teams),
    options.showUnattributed ? spendTotals(db, { from: period.from, to: period.to, teams: [''] }) : null,
    teamBudgetStatuses(db, team.key, options.now),
    recentAnomalies(db, team.key, period.from, period.to),
    options.allocation,
  ]);
  const [budget] = budgets;
  return {
    ...headline,
    team: { key: team.key, name: team.name },
    byProduct: topLinesWithOther(products, headline.totalNanos, BREAKDOWN_ROWS, noneLabel('product')),
    byModel: topLinesWithOther(models, headline.totalNanos, BREAKDOWN_ROWS, noneLabel('model')),
    topUsers: users.filter((u) => u.costNanos > 0n).map((u) => ({ label: noneLabel('user')(u.key), costNanos: u.costNanos })),
    topTasks: tasks.map((t) => ({ taskId: t.taskId, taskType: t.taskType, user: t.user, costNanos: t.costNanos })),
    unattributedNanos: unattributed && unattributed.costNanos !== 0n ? unattributed.costNanos : null,
    newestEventAt,
    timezone: options.timezone,
    budget: budget && teamBudgetLine(budget),
    anomalies: anomalies.filter((a) => a.feedback !== 'expected'),
    costShare: allocation && { share: teamCostShare(allocation, team.key), allocation },
  };
}

/** `/cost team <key>`: unknown keys are a user error; a team the viewer may not see is refused. */
export async function teamAnswer(ctx: AskContext, key: string, period: Period): Promise<TeamSpendSummary | AccessRefusal> {
  const team = teamByKey(ctx, key);
  if (!canSeeTeam(ctx.viewer, team, ctx.org)) return refuseTeam(team, ctx.org);
  return summaryFor(ctx, team, period);
}

/** `/cost myteam`: every team the viewer belongs to (none → empty list). */
export async function myTeamsAnswer(ctx: AskContext, period: Period): Promise<TeamSpendSummary[]> {
  const teams = teamsOf(ctx.viewer, ctx.teams);
  const allocation = sharedAllocationFor(ctx, period);
  return Promise.all(teams.map((team) => summaryFor(ctx, team, period, allocation)));
}

// Allocation needs every team's spend for the period, so it is computed once per answer and only when configured.
function sharedAllocationFor(ctx: AskContext, period: Period): Promise<SharedCostAllocation> | undefined {
  return ctx.org.config.shared ? sharedCostAllocation(ctx.db, period) : undefined;
}

function summaryFor(ctx: AskContext, team: Team, period: Period, allocation = sharedAllocationFor(ctx, period)): Promise<TeamSpendSummary> {
  return teamSpendSummary(ctx.db, team, period, {
    today: ctx.today,
    now: ctx.now,
    timezone: ctx.org.timezone,
    showUnattributed: canSeeOrg(ctx.viewer, ctx.org),
    allocation,
  });
}
