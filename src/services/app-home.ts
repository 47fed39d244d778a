import { canSeeOrg, isAdmin, teamsOf, type Viewer } from '../domain/access.js';
import type { Nanos } from '../domain/money.js';
import { monthStart } from '../domain/periods.js';
import type { Team } from '../domain/team-directory.js';
import { addDays, dayInZone } from '../domain/time-zone.js';
import type { Db } from '../store/db.js';
import { spendTotals } from '../store/spend-store.js';
import { topTasks, type TaskTotals } from '../store/tasks-store.js';
import { getOrgSettings, listTeams } from '../store/teams-store.js';
import { teamBudgetStatuses, type BudgetStatus } from './budget-status.js';
import { recentAnomalies, type Anomaly } from './team-anomalies.js';

export const MAX_HOME_TEAMS = 12;
const TOP_TASKS = 3;
const LATEST_ANOMALIES = 3;
const ANOMALY_DAYS = 14;

export interface HomeTeam {
  key: string;
  name: string;
  mtdNanos: Nanos;
  calls: number;
  unpricedCalls: number;
  budgets: BudgetStatus[];
  topTasks: TaskTotals[];
  anomalies: Anomaly[];
}

export interface AppHome {
  monthFrom: string;
  today: string;
  /** Whole-org month to date, for those who may see every team; null otherwise. */
  orgMtdNanos: Nanos | null;
  teams: HomeTeam[];
  /** Teams not shown for space (admins of big orgs). */
  moreTeams: number;
  /** True when the viewer is in no team and may not see others: the view explains how to get access. */
  noTeams: boolean;
}

async function homeTeam(db: Db, team: Team, from: string, to: string, now: Date): Promise<HomeTeam> {
  const [totals, budgets, tasks, anomalies] = await Promise.all([
    spendTotals(db, { from, to, teams: [team.key] }),
    teamBudgetStatuses(db, team.key, now),
    topTasks(db, { from, to, teams: [team.key] }, TOP_TASKS),
    recentAnomalies(db, team.key, addDays(to, -ANOMALY_DAYS), to),
  ]);
  return {
    key: team.key,
    name: team.name,
    mtdNanos: totals.costNanos,
    calls: totals.calls,
    unpricedCalls: totals.unpricedCalls,
    budgets,
    topTasks: tasks,
    anomalies: anomalies.filter((a) => a.feedback !== 'expected').slice(0, LATEST_ANOMALIES),
  };
}

/**
 * What the App Home shows this viewer: their own teams (admins: every team) this month, never another
 * team's figures to a non-member, whatever `visibility` says — the Home tab is "yours", not a browser.
 */
export async function appHomeFor(db: Db, viewer: Viewer, now: Date): Promise<AppHome> {
  const [org, teams] = await Promise.all([getOrgSettings(db), listTeams(db)]);
  const today = dayInZone(now, org.timezone);
  const from = monthStart(today);
  const to = addDays(today, 1);
  const shown = isAdmin(viewer, org) ? teams : teamsOf(viewer, teams);
  const homeTeams = await Promise.all(shown.slice(0, MAX_HOME_TEAMS).map((t) => homeTeam(db, t, from, to, now)));
  const orgMtd = canSeeOrg(viewer, org) ? (await spendTotals(db, { from, to })).costNanos : null;
  return {
    monthFrom: from,
    today,
    orgMtdNanos: orgMtd,
    teams: homeTeams,
    moreTeams: Math.max(0, shown.length - MAX_HOME_TEAMS),
    noTeams: shown.length === 0,
  };
}
