import { canSeeOrg, canSeeTeam, teamsOf } from '../domain/access.js';
import type { Nanos } from '../domain/money.js';
import type { Period } from '../domain/periods.js';
import { topLinesWithOther, type SpendLine } from '../domain/spend-lines.js';
import type { Team } from '../domain/team-directory.js';
import { UserError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { latestEventAt, spendBy, spendTotals } from '../store/spend-store.js';
import { topTasks } from '../store/tasks-store.js';
import { refuseTeam, type AccessRefusal } from './access-refusal.js';
import type { AskContext } from './ask-context.js';
import { readSpendHeadline, type SpendHeadline } from './spend-headline.js';

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

/** A recent anomaly for the team (filled by the anomaly scan). */
export interface TeamAnomalyNote {
  day: string;
  increaseNanos: Nanos;
  /** Root cause in words, e.g. "78 % from task_type=code-review on claude-opus". */
  explanation: string;
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
  anomalies?: TeamAnomalyNote[];
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
  options: { today: string; timezone: string; showUnattributed: boolean },
): Promise<TeamSpendSummary> {
  const scope = { teams: [team.key] };
  const range = { ...scope, from: period.from, to: period.to };
  const [headline, products, models, users, tasks, newestEventAt, unattributed] = await Promise.all([
    readSpendHeadline(db, scope, period, options.today),
    spendBy(db, range, 'product', BREAKDOWN_ROWS),
    spendBy(db, range, 'model', BREAKDOWN_ROWS),
    spendBy(db, range, 'user', BREAKDOWN_ROWS),
    topTasks(db, { from: period.from, to: period.to, teams: scope.teams }, TOP_TASKS),
    latestEventAt(db, scope.teams),
    options.showUnattributed ? spendTotals(db, { from: period.from, to: period.to, teams: [''] }) : null,
  ]);
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
  };
}

/** `/cost team <key>`: unknown keys are a user error; a team the viewer may not see is refused. */
export async function teamAnswer(ctx: AskContext, key: string, period: Period): Promise<TeamSpendSummary | AccessRefusal> {
  const team = ctx.teams.find((t) => t.key === key.toLowerCase());
  if (!team) throw new UserError(unknownTeamMessage(key, ctx.teams));
  if (!canSeeTeam(ctx.viewer, team, ctx.org)) return refuseTeam(team, ctx.org);
  return summaryFor(ctx, team, period);
}

/** `/cost myteam`: every team the viewer belongs to (none → empty list). */
export async function myTeamsAnswer(ctx: AskContext, period: Period): Promise<TeamSpendSummary[]> {
  return Promise.all(teamsOf(ctx.viewer, ctx.teams).map((team) => summaryFor(ctx, team, period)));
}

function summaryFor(ctx: AskContext, team: Team, period: Period): Promise<TeamSpendSummary> {
  return teamSpendSummary(ctx.db, team, period, {
    today: ctx.today,
    timezone: ctx.org.timezone,
    showUnattributed: canSeeOrg(ctx.viewer, ctx.org),
  });
}

const MAX_LISTED_TEAMS = 15;

export function unknownTeamMessage(key: string, teams: readonly Team[]): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  if (teams.length === 0) return `There is no team "${shown}": no teams are configured yet (teams.yml).`;
  const keys = teams.slice(0, MAX_LISTED_TEAMS).map((t) => t.key).join(', ');
  return `There is no team "${shown}". Teams: ${keys}${teams.length > MAX_LISTED_TEAMS ? ', …' : ''}.`;
}
