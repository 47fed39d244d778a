import { canSeeOrg, canSeeTeam } from '../domain/access.js';
import { UserError } from '../errors.js';
import { findTask, type TaskTotals } from '../store/tasks-store.js';
import { refuseCrossTeam, refuseTeam, type AccessRefusal } from './access-refusal.js';
import { teamLabel, type AskContext } from './ask-context.js';

/** A task's outcome, when one was recorded (filled by the value feature). */
export interface TaskOutcome {
  metric: string;
  value: number;
}

/** The task's rollup as is, plus its team by name, its span and (when recorded) its outcome. */
export interface TaskDetail extends Omit<TaskTotals, 'team' | 'firstDay'> {
  /** '' = unattributed. */
  teamKey: string;
  teamName: string;
  durationMs: number;
  timezone: string;
  outcome?: TaskOutcome;
}

/** `/cost task <id>`: a team's task only for those who may see the team; an unattributed one for admins. */
export async function taskDetail(ctx: AskContext, taskId: string): Promise<TaskDetail | AccessRefusal> {
  const task = await findTask(ctx.db, taskId);
  if (!task) throw new UserError(`No task "${taskId}" found. Task ids are the task_id your agents send with each call.`);
  const team = ctx.teams.find((t) => t.key === task.team);
  if (task.team === '' ? !canSeeOrg(ctx.viewer, ctx.org) : !canSeeTeam(ctx.viewer, team, ctx.org)) {
    return team ? refuseTeam(team, ctx.org) : refuseCrossTeam(ctx.org);
  }
  const { team: teamKey, firstDay: _firstDay, ...totals } = task;
  return {
    ...totals,
    teamKey,
    teamName: teamLabel(ctx, teamKey),
    durationMs: task.lastSeen.getTime() - task.firstSeen.getTime(),
    timezone: ctx.org.timezone,
  };
}
