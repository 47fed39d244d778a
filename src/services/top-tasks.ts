import { canSeeTeam, visibleTeamKeys } from '../domain/access.js';
import { percentOf } from '../domain/format.js';
import type { Nanos } from '../domain/money.js';
import { describePeriod, type Period } from '../domain/periods.js';
import { MAX_TOP_ROWS, topPercentRows } from '../domain/spend-lines.js';
import { spendTotals } from '../store/spend-store.js';
import { countTasks, topTasks } from '../store/tasks-store.js';
import { refuseCrossTeam, refuseTeam, type AccessRefusal } from './access-refusal.js';
import { teamByKey, teamLabel, type AskContext } from './ask-context.js';

export interface TopTaskRow {
  taskId: string;
  teamName: string;
  taskType: string;
  user: string;
  costNanos: Nanos;
  /** Share of the scope's total spend in the period; null when that total is zero. */
  sharePercent: number | null;
}

export interface TopTasksReport {
  /** "Search Relevance", "all teams", or the viewer's own teams by name. */
  scopeLabel: string;
  periodLabel: string;
  /** Tasks that started in the period within the scope. */
  taskCount: number;
  scopeTotalNanos: Nanos;
  rows: TopTaskRow[];
}

/**
 * `/cost top [team] [period]`: the most expensive 1 % of tasks (5 to 10 rows). Without a team, admins
 * (or everyone under `visibility: open`) rank the whole org; anyone else ranks only their own teams.
 */
export async function topTasksReport(ctx: AskContext, teamKey: string | null, period: Period): Promise<TopTasksReport | AccessRefusal> {
  let teams: string[] | null;
  let scopeLabel: string;
  if (teamKey !== null) {
    const team = teamByKey(ctx, teamKey);
    if (!canSeeTeam(ctx.viewer, team, ctx.org)) return refuseTeam(team, ctx.org);
    teams = [team.key];
    scopeLabel = team.name;
  } else {
    teams = visibleTeamKeys(ctx.viewer, ctx.teams, ctx.org);
    if (teams !== null && teams.length === 0) return refuseCrossTeam(ctx.org);
    scopeLabel = teams === null ? 'all teams' : teams.map((key) => teamLabel(ctx, key)).join(', ');
  }
  const range = { from: period.from, to: period.to, teams };
  const [count, totals, candidates] = await Promise.all([
    countTasks(ctx.db, range),
    spendTotals(ctx.db, range),
    topTasks(ctx.db, range, MAX_TOP_ROWS),
  ]);
  const rows = candidates.slice(0, topPercentRows(count.tasks));
  return {
    scopeLabel,
    periodLabel: describePeriod(period),
    taskCount: count.tasks,
    scopeTotalNanos: totals.costNanos,
    rows: rows.map((t) => ({
      taskId: t.taskId,
      teamName: teamLabel(ctx, t.team),
      taskType: t.taskType,
      user: t.user,
      costNanos: t.costNanos,
      sharePercent: percentOf(t.costNanos, totals.costNanos),
    })),
  };
}
