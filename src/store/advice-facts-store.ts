import { ADVICE_LIMITS, type AdviceFacts, type CallBucket, type ModelFacts } from '../domain/advice.js';
import { nanosFromDb } from '../domain/money.js';
import type { Queryable } from './db.js';

/**
 * The facts the advice rules need for one team and one period. This is the one read path over raw
 * `usage_events` (the rollups cannot tell a 50-token call from a 5,000-token one): it runs on demand,
 * for one team and one period, bounded by the period's instants so only its monthly partitions are read.
 */
export interface AdviceFactsScope {
  team: string;
  /** Org-calendar days [from, to), as in the rollups. */
  from: string;
  to: string;
  /** The instants those days start and end at in the org timezone. */
  startsAt: Date;
  endsAt: Date;
}

type BucketRow = Record<`${'small' | 'repeated' | 'long'}_${'calls' | 'cost' | 'input' | 'output' | 'cache_read' | 'cache_write'}`, string>;

interface ModelFactsRow extends BucketRow {
  model: string;
  calls: string;
  cost_nanos: string;
  small_median_output: number | null;
  error_calls: string;
  error_cost: string;
  error_retried: string;
  median_prompt: number;
  long_threshold: number;
}

interface OutlierTaskRow {
  task_id: string;
  task_type: string;
  cost_nanos: string;
  tool_calls: string;
  tasks: string;
  median_cost: number;
  median_tools: number;
}

/** Sums of a bucket of priced calls picked by `condition`, as `<name>_calls`, `<name>_cost`, `<name>_input`, …. */
function bucketColumns(name: string, condition: string): string {
  const where = `FILTER (WHERE cost_nanos IS NOT NULL AND ${condition})`;
  return `count(*) ${where} AS ${name}_calls, coalesce(sum(cost_nanos) ${where}, 0) AS ${name}_cost,
    coalesce(sum(input_tokens) ${where}, 0) AS ${name}_input, coalesce(sum(output_tokens) ${where}, 0) AS ${name}_output,
    coalesce(sum(cache_read_tokens) ${where}, 0) AS ${name}_cache_read, coalesce(sum(cache_write_tokens) ${where}, 0) AS ${name}_cache_write`;
}

// A call that reported only a cost says nothing about its size.
const SMALL_JOB = 'output_tokens <= $7 AND prompt_tokens + output_tokens > 0';

// An event's day is its org-timezone date (re-filed when the timezone changes), so both filters select the
// same rows; the day filter matches the rollups exactly, the instant filter lets Postgres prune partitions.
const MODEL_FACTS = `
WITH calls AS (
  SELECT model, status, cost_nanos, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
    input_tokens + cache_read_tokens + cache_write_tokens AS prompt_tokens,
    count(*) FILTER (WHERE input_tokens + cache_read_tokens + cache_write_tokens >= $6)
      OVER (PARTITION BY model, coalesce(task_id, coalesce(user_id, '') || ' ' || day::text)) AS long_in_group,
    task_id IS NOT NULL AND lead(occurred_at) OVER (PARTITION BY task_id ORDER BY occurred_at, event_id) IS NOT NULL AS followed
  FROM usage_events
  WHERE team = $1 AND day >= $2::date AND day < $3::date
    AND occurred_at >= $4::timestamptz AND occurred_at < $5::timestamptz
),
-- MATERIALIZED: inlined, the planner may re-run the median once per call (it guesses one row for a fresh partition).
typical AS MATERIALIZED (
  SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY prompt_tokens), 0) AS median_prompt FROM calls
),
gated AS (
  SELECT calls.*, typical.median_prompt, ceil(greatest($8 * typical.median_prompt, $9)) AS long_threshold
  FROM calls CROSS JOIN typical
)
SELECT coalesce(model, '') AS model, count(*) AS calls, coalesce(sum(cost_nanos), 0) AS cost_nanos,
  ${bucketColumns('small', SMALL_JOB)},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY output_tokens) FILTER (WHERE cost_nanos IS NOT NULL AND ${SMALL_JOB}) AS small_median_output,
  ${bucketColumns('repeated', 'prompt_tokens >= $6 AND long_in_group >= 2')},
  ${bucketColumns('long', 'prompt_tokens >= long_threshold')},
  count(*) FILTER (WHERE status = 'error') AS error_calls,
  coalesce(sum(cost_nanos) FILTER (WHERE status = 'error'), 0) AS error_cost,
  count(*) FILTER (WHERE status = 'error' AND followed) AS error_retried,
  min(median_prompt) AS median_prompt, min(long_threshold)::float8 AS long_threshold
FROM gated GROUP BY coalesce(model, '') ORDER BY 1`;

const OUTLIER_TASKS = `
WITH tasks AS (
  SELECT task_id, task_type, cost_nanos, tool_calls FROM task_totals WHERE team = $1 AND first_day >= $2::date AND first_day < $3::date
),
typical AS (
  SELECT task_type, count(*) AS tasks, percentile_cont(0.5) WITHIN GROUP (ORDER BY cost_nanos) AS median_cost,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY tool_calls) AS median_tools
  FROM tasks GROUP BY task_type HAVING count(*) >= $5
)
SELECT t.task_id, y.task_type, t.cost_nanos, t.tool_calls, y.tasks, y.median_cost, y.median_tools
FROM tasks t JOIN typical y USING (task_type)
WHERE (t.cost_nanos > 0 AND t.cost_nanos >= $4 * y.median_cost) OR (t.tool_calls >= $6 AND t.tool_calls >= $4 * y.median_tools)
ORDER BY t.cost_nanos - y.median_cost DESC, t.task_id LIMIT $7`;

function bucket(row: BucketRow, name: 'small' | 'repeated' | 'long'): CallBucket {
  return {
    calls: Number(row[`${name}_calls`]),
    costNanos: nanosFromDb(row[`${name}_cost`]),
    inputTokens: Number(row[`${name}_input`]),
    outputTokens: Number(row[`${name}_output`]),
    cacheReadTokens: Number(row[`${name}_cache_read`]),
    cacheWriteTokens: Number(row[`${name}_cache_write`]),
  };
}

function modelFacts(row: ModelFactsRow): ModelFacts {
  return {
    model: row.model,
    calls: Number(row.calls),
    costNanos: nanosFromDb(row.cost_nanos),
    small: { ...bucket(row, 'small'), medianOutputTokens: row.small_median_output ?? 0 },
    repeatedLong: bucket(row, 'repeated'),
    longContext: bucket(row, 'long'),
    errors: { calls: Number(row.error_calls), costNanos: nanosFromDb(row.error_cost), retried: Number(row.error_retried) },
  };
}

export async function readAdviceFacts(q: Queryable, scope: AdviceFactsScope): Promise<AdviceFacts> {
  const L = ADVICE_LIMITS;
  const [modelRows, taskRows] = await Promise.all([
    q.query<ModelFactsRow>(MODEL_FACTS, [
      scope.team, scope.from, scope.to, scope.startsAt, scope.endsAt,
      L.longPromptTokens, L.smallOutputTokens, L.longContextFactor, L.longContextMinTokens,
    ]),
    q.query<OutlierTaskRow>(OUTLIER_TASKS, [
      scope.team, scope.from, scope.to, L.runawayFactor, L.runawayMinTasks, L.runawayMinToolCalls, L.runawayMaxTasks,
    ]),
  ]);
  const models = modelRows.map(modelFacts);
  const types = new Map(taskRows.map((r) => [r.task_type, r]));
  return {
    costNanos: models.reduce((sum, m) => sum + m.costNanos, 0n),
    calls: models.reduce((sum, m) => sum + m.calls, 0),
    medianPromptTokens: modelRows[0]?.median_prompt ?? 0,
    longContextThresholdTokens: modelRows[0]?.long_threshold ?? L.longContextMinTokens,
    models,
    taskTypes: [...types.values()].map((r) => ({
      taskType: r.task_type,
      tasks: Number(r.tasks),
      medianCostNanos: BigInt(Math.round(r.median_cost)),
      medianToolCalls: r.median_tools,
    })),
    outlierTasks: taskRows.map((r) => ({ taskId: r.task_id, taskType: r.task_type, costNanos: nanosFromDb(r.cost_nanos), toolCalls: Number(r.tool_calls) })),
  };
}
