import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { Queryable } from './db.js';

/** Mirrors `task_totals`. */
export interface TaskTotalsRow {
  task_id: string;
  team: string;
  product: string;
  task_type: string;
  user_id: string;
  first_seen: Date;
  last_seen: Date;
  first_day: string;
  calls: string;
  error_calls: string;
  unpriced_calls: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  tool_calls: string;
  cost_nanos: string;
  models: string[];
}

export interface TaskTotals {
  taskId: string;
  team: string;
  product: string;
  taskType: string;
  user: string;
  firstSeen: Date;
  lastSeen: Date;
  firstDay: string;
  calls: number;
  errorCalls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  toolCalls: number;
  costNanos: Nanos;
  models: string[];
}

function taskFromRow(r: TaskTotalsRow): TaskTotals {
  return {
    taskId: r.task_id,
    team: r.team,
    product: r.product,
    taskType: r.task_type,
    user: r.user_id,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    firstDay: r.first_day,
    calls: Number(r.calls),
    errorCalls: Number(r.error_calls),
    unpricedCalls: Number(r.unpriced_calls),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    cacheReadTokens: Number(r.cache_read_tokens),
    cacheWriteTokens: Number(r.cache_write_tokens),
    toolCalls: Number(r.tool_calls),
    costNanos: nanosFromDb(r.cost_nanos),
    models: r.models,
  };
}

const COLUMNS = `task_id, team, product, task_type, user_id, first_seen, last_seen, first_day::text AS first_day, calls,
  error_calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, tool_calls, cost_nanos, models`;

export async function findTask(q: Queryable, taskId: string): Promise<TaskTotals | undefined> {
  const rows = await q.query<TaskTotalsRow>(`SELECT ${COLUMNS} FROM task_totals WHERE task_id = $1`, [taskId]);
  return rows[0] && taskFromRow(rows[0]);
}

export interface TaskFilter {
  from: string;
  to: string;
  /** null = every team (admins); [''] = unattributed tasks. */
  teams: readonly string[] | null;
}

/**
 * Tasks that started in [from, to), most expensive first. The top ids are picked from the index alone
 * (task_totals_team_day / _day_cost carry cost and id); only those few rows are then read in full.
 */
export async function topTasks(q: Queryable, f: TaskFilter, limit: number): Promise<TaskTotals[]> {
  const params: unknown[] = [f.from, f.to, limit];
  const teamClause = f.teams ? `AND team = ANY($${params.push(f.teams)})` : '';
  const rows = await q.query<TaskTotalsRow>(
    `WITH top AS (
       SELECT task_id FROM task_totals WHERE first_day >= $1 AND first_day < $2 ${teamClause}
       ORDER BY cost_nanos DESC, task_id LIMIT $3)
     SELECT ${COLUMNS} FROM task_totals JOIN top USING (task_id) ORDER BY cost_nanos DESC, task_id`,
    params,
  );
  return rows.map(taskFromRow);
}

export async function countTasks(q: Queryable, f: TaskFilter): Promise<{ tasks: number; costNanos: Nanos }> {
  const rows = f.teams
    ? await q.query<{ n: string; cost: string | null }>(
        'SELECT count(*) AS n, sum(cost_nanos) AS cost FROM task_totals WHERE team = ANY($1) AND first_day >= $2 AND first_day < $3',
        [f.teams, f.from, f.to],
      )
    : await q.query<{ n: string; cost: string | null }>(
        'SELECT count(*) AS n, sum(cost_nanos) AS cost FROM task_totals WHERE first_day >= $1 AND first_day < $2',
        [f.from, f.to],
      );
  return { tasks: Number(rows[0]?.n ?? 0), costNanos: nanosFromDb(rows[0]?.cost) };
}
