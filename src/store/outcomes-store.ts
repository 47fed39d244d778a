import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { Outcome } from '../ingest/outcome-schema.js';
import type { Queryable } from './db.js';

/**
 * One statement: store outcomes whose id was never seen and fold only those into the rollups, so a
 * re-sent batch changes nothing. The day is the org-calendar day, as for events.
 */
const INSERT_OUTCOMES = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(outcome_id text, occurred_at timestamptz, team text, task_id text, metric text, value numeric)
),
inserted AS (
  INSERT INTO outcomes (outcome_id, occurred_at, day, team, task_id, metric, value)
  SELECT i.outcome_id, i.occurred_at, (i.occurred_at AT TIME ZONE s.timezone)::date, i.team, i.task_id, i.metric, i.value
  FROM input i CROSS JOIN org_settings s ORDER BY i.outcome_id
  ON CONFLICT (outcome_id) DO NOTHING
  RETURNING *
),
daily AS (
  INSERT INTO daily_outcomes AS d (team, day, metric, value, outcomes)
  SELECT team, day, metric, sum(value), count(*) FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (team, day, metric) DO UPDATE SET value = d.value + EXCLUDED.value, outcomes = d.outcomes + EXCLUDED.outcomes
  RETURNING 1
),
tasks AS (
  INSERT INTO task_outcomes AS t (task_id, outcomes, first_outcome_at)
  SELECT task_id, count(*), min(occurred_at) FROM inserted WHERE task_id IS NOT NULL GROUP BY 1 ORDER BY 1
  ON CONFLICT (task_id) DO UPDATE SET outcomes = t.outcomes + EXCLUDED.outcomes,
    first_outcome_at = least(t.first_outcome_at, EXCLUDED.first_outcome_at)
  RETURNING 1
)
SELECT outcome_id FROM inserted`;

/** Stores the outcomes (unique ids within the call) and updates the rollups; returns the ids that were new. */
export async function insertOutcomes(q: Queryable, outcomes: readonly Outcome[]): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const payload = JSON.stringify(
    outcomes.map((o) => ({ outcome_id: o.id, occurred_at: o.occurredAt.toISOString(), team: o.team, task_id: o.taskId, metric: o.metric, value: o.value })),
  );
  const rows = await q.query<{ outcome_id: string }>(INSERT_OUTCOMES, [payload]);
  return new Set(rows.map((r) => r.outcome_id));
}

/** A metric's daily totals for one team over days [from, to); `value` is the exact numeric as text. */
export async function outcomesByDay(q: Queryable, team: string, metric: string, from: string, to: string): Promise<{ day: string; value: string }[]> {
  return q.query<{ day: string; value: string }>(
    `SELECT day::text AS day, value::text AS value FROM daily_outcomes
     WHERE team = $1 AND metric = $2 AND day >= $3 AND day < $4 ORDER BY day`,
    [team, metric, from, to],
  );
}

export interface TaskTypeValue {
  taskType: string;
  tasks: number;
  successfulTasks: number;
  costNanos: Nanos;
  successfulCostNanos: Nanos;
}

/** Per task_type: the team's tasks that started in [from, to), and those with at least one outcome. */
export async function taskValueByType(q: Queryable, team: string, from: string, to: string): Promise<TaskTypeValue[]> {
  const rows = await q.query<{ task_type: string; tasks: string; ok_tasks: string; cost: string; ok_cost: string }>(
    `SELECT t.task_type, count(*) AS tasks, count(o.task_id) AS ok_tasks, sum(t.cost_nanos)::text AS cost,
       coalesce(sum(t.cost_nanos) FILTER (WHERE o.task_id IS NOT NULL), 0)::text AS ok_cost
     FROM task_totals t LEFT JOIN task_outcomes o USING (task_id)
     WHERE t.team = $1 AND t.first_day >= $2 AND t.first_day < $3
     GROUP BY t.task_type ORDER BY sum(t.cost_nanos) DESC, t.task_type`,
    [team, from, to],
  );
  return rows.map((r) => ({
    taskType: r.task_type,
    tasks: Number(r.tasks),
    successfulTasks: Number(r.ok_tasks),
    costNanos: nanosFromDb(r.cost),
    successfulCostNanos: nanosFromDb(r.ok_cost),
  }));
}

/** After the org timezone changed: re-files every outcome under its new calendar day and rebuilds the daily totals. */
export async function redateAllOutcomes(q: Queryable): Promise<void> {
  await q.query(
    `UPDATE outcomes o SET day = (o.occurred_at AT TIME ZONE s.timezone)::date
       FROM org_settings s WHERE o.day <> (o.occurred_at AT TIME ZONE s.timezone)::date`,
  );
  await q.query('TRUNCATE daily_outcomes');
  await q.query(
    `INSERT INTO daily_outcomes (team, day, metric, value, outcomes)
     SELECT team, day, metric, sum(value), count(*) FROM outcomes GROUP BY 1, 2, 3`,
  );
}
