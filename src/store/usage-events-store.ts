import type { UsageEvent } from '../domain/usage-event.js';
import { UserError } from '../errors.js';
import type { Db, Queryable } from './db.js';

/**
 * The rollup upserts shared by ingest and `rollup rebuild`, as CTEs reading usage_events-shaped rows:
 * `dayRows` feed the daily rollups, `taskRows` the per-task totals (whole-task, whatever the day).
 */
function rollupUpserts(dayRows: string, taskRows: string): string {
  return `
daily AS (
  INSERT INTO daily_spend AS d (team, day, product, user_id, model, calls, error_calls, unpriced_calls, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, tool_calls, cost_nanos, last_event_at)
  SELECT coalesce(team, ''), day, coalesce(product, ''), coalesce(user_id, ''), coalesce(model, ''),
    count(*), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE cost_nanos IS NULL),
    sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(tool_calls),
    coalesce(sum(cost_nanos), 0), max(occurred_at)
  FROM ${dayRows} GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5  -- one lock order for every writer: concurrent batches cannot deadlock
  ON CONFLICT (team, day, product, user_id, model) DO UPDATE SET
    calls = d.calls + EXCLUDED.calls, error_calls = d.error_calls + EXCLUDED.error_calls,
    unpriced_calls = d.unpriced_calls + EXCLUDED.unpriced_calls, input_tokens = d.input_tokens + EXCLUDED.input_tokens,
    output_tokens = d.output_tokens + EXCLUDED.output_tokens,
    cache_read_tokens = d.cache_read_tokens + EXCLUDED.cache_read_tokens,
    cache_write_tokens = d.cache_write_tokens + EXCLUDED.cache_write_tokens,
    tool_calls = d.tool_calls + EXCLUDED.tool_calls, cost_nanos = d.cost_nanos + EXCLUDED.cost_nanos,
    last_event_at = greatest(d.last_event_at, EXCLUDED.last_event_at)
  RETURNING 1
),
team_daily AS (
  INSERT INTO team_daily_spend AS td (team, day, calls, error_calls, unpriced_calls, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, tool_calls, cost_nanos, last_event_at)
  SELECT coalesce(team, ''), day, count(*), count(*) FILTER (WHERE status = 'error'),
    count(*) FILTER (WHERE cost_nanos IS NULL), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
    sum(cache_write_tokens), sum(tool_calls), coalesce(sum(cost_nanos), 0), max(occurred_at)
  FROM ${dayRows} GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT (team, day) DO UPDATE SET
    calls = td.calls + EXCLUDED.calls, error_calls = td.error_calls + EXCLUDED.error_calls,
    unpriced_calls = td.unpriced_calls + EXCLUDED.unpriced_calls, input_tokens = td.input_tokens + EXCLUDED.input_tokens,
    output_tokens = td.output_tokens + EXCLUDED.output_tokens,
    cache_read_tokens = td.cache_read_tokens + EXCLUDED.cache_read_tokens,
    cache_write_tokens = td.cache_write_tokens + EXCLUDED.cache_write_tokens,
    tool_calls = td.tool_calls + EXCLUDED.tool_calls, cost_nanos = td.cost_nanos + EXCLUDED.cost_nanos,
    last_event_at = greatest(td.last_event_at, EXCLUDED.last_event_at)
  RETURNING 1
),
breakdown AS (
  INSERT INTO team_daily_breakdown AS b (dimension, team, day, key, calls, unpriced_calls, cost_nanos)
  SELECT k.dimension, coalesce(e.team, ''), e.day, k.key, count(*), count(*) FILTER (WHERE e.cost_nanos IS NULL),
    coalesce(sum(e.cost_nanos), 0)
  FROM ${dayRows} AS e CROSS JOIN LATERAL (VALUES ('product', coalesce(e.product, '')), ('model', coalesce(e.model, '')),
    ('user', coalesce(e.user_id, ''))) AS k(dimension, key)
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (dimension, team, day, key) DO UPDATE SET
    calls = b.calls + EXCLUDED.calls, unpriced_calls = b.unpriced_calls + EXCLUDED.unpriced_calls,
    cost_nanos = b.cost_nanos + EXCLUDED.cost_nanos
  RETURNING 1
),
tasks AS (
  INSERT INTO task_totals AS t (task_id, team, product, task_type, user_id, first_seen, last_seen, first_day, calls,
    error_calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, tool_calls,
    cost_nanos, models)
  SELECT task_id, coalesce(min(team), ''), coalesce(min(product), ''), coalesce(min(task_type), ''),
    coalesce(min(user_id), ''), min(occurred_at), max(occurred_at), min(day), count(*),
    count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE cost_nanos IS NULL), sum(input_tokens),
    sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(tool_calls), coalesce(sum(cost_nanos), 0),
    coalesce(array_agg(DISTINCT model ORDER BY model) FILTER (WHERE model IS NOT NULL), '{}')
  FROM ${taskRows} WHERE task_id IS NOT NULL GROUP BY task_id
  ORDER BY task_id
  ON CONFLICT (task_id) DO UPDATE SET
    team = CASE WHEN t.team = '' THEN EXCLUDED.team ELSE t.team END,
    product = CASE WHEN t.product = '' THEN EXCLUDED.product ELSE t.product END,
    task_type = CASE WHEN t.task_type = '' THEN EXCLUDED.task_type ELSE t.task_type END,
    user_id = CASE WHEN t.user_id = '' THEN EXCLUDED.user_id ELSE t.user_id END,
    first_seen = least(t.first_seen, EXCLUDED.first_seen), last_seen = greatest(t.last_seen, EXCLUDED.last_seen),
    first_day = least(t.first_day, EXCLUDED.first_day), calls = t.calls + EXCLUDED.calls,
    error_calls = t.error_calls + EXCLUDED.error_calls, unpriced_calls = t.unpriced_calls + EXCLUDED.unpriced_calls,
    input_tokens = t.input_tokens + EXCLUDED.input_tokens, output_tokens = t.output_tokens + EXCLUDED.output_tokens,
    cache_read_tokens = t.cache_read_tokens + EXCLUDED.cache_read_tokens,
    cache_write_tokens = t.cache_write_tokens + EXCLUDED.cache_write_tokens,
    tool_calls = t.tool_calls + EXCLUDED.tool_calls, cost_nanos = t.cost_nanos + EXCLUDED.cost_nanos,
    models = ARRAY(SELECT DISTINCT m FROM unnest(t.models || EXCLUDED.models) AS m ORDER BY m)
  RETURNING 1
),
tagged AS (
  INSERT INTO daily_tag_spend AS g (tag_key, tag_value, day, team, calls, unpriced_calls, cost_nanos)
  SELECT tag.key, tag.value, day, coalesce(team, ''), count(*), count(*) FILTER (WHERE cost_nanos IS NULL),
    coalesce(sum(cost_nanos), 0)
  FROM ${dayRows} AS e CROSS JOIN LATERAL jsonb_each_text(e.tags) AS tag
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (tag_key, tag_value, day, team) DO UPDATE SET
    calls = g.calls + EXCLUDED.calls, unpriced_calls = g.unpriced_calls + EXCLUDED.unpriced_calls,
    cost_nanos = g.cost_nanos + EXCLUDED.cost_nanos
  RETURNING 1
)`;
}

/**
 * One statement: claim ids in the ledger, store only the newly claimed events, and fold them into
 * every rollup. A re-sent id matches nothing in `fresh` and so touches nothing; neither does an event
 * older than the retention horizon, whose id may have been pruned.
 */
const INSERT_EVENTS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    event_id text, occurred_at timestamptz, team text, product text, user_id text, task_id text, task_type text,
    model text, provider text, input_tokens bigint, output_tokens bigint, cache_read_tokens bigint,
    cache_write_tokens bigint, tool_calls integer, cost_nanos bigint, cost_source text, status text, tags jsonb)
),
fresh AS (
  INSERT INTO usage_event_ids (event_id, occurred_at)
  SELECT event_id, occurred_at FROM input CROSS JOIN raw_retention r WHERE occurred_at >= r.horizon ORDER BY event_id
  ON CONFLICT DO NOTHING
  RETURNING event_id
),
inserted AS (
  INSERT INTO usage_events (event_id, occurred_at, day, team, product, user_id, task_id, task_type, model, provider,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, tool_calls, cost_nanos, cost_source, status, tags)
  SELECT i.event_id, i.occurred_at, (i.occurred_at AT TIME ZONE s.timezone)::date, i.team, i.product, i.user_id,
    i.task_id, i.task_type, i.model, i.provider, i.input_tokens, i.output_tokens, i.cache_read_tokens,
    i.cache_write_tokens, i.tool_calls, i.cost_nanos, i.cost_source, i.status, i.tags
  FROM input i JOIN fresh f USING (event_id) CROSS JOIN org_settings s
  RETURNING *
),
${rollupUpserts('inserted', 'inserted')}
SELECT event_id FROM inserted`;

function eventToJson(e: UsageEvent) {
  return {
    event_id: e.id,
    occurred_at: e.occurredAt.toISOString(),
    team: e.team,
    product: e.product,
    user_id: e.user,
    task_id: e.taskId,
    task_type: e.taskType,
    model: e.model,
    provider: e.provider,
    input_tokens: e.inputTokens,
    output_tokens: e.outputTokens,
    cache_read_tokens: e.cacheReadTokens,
    cache_write_tokens: e.cacheWriteTokens,
    tool_calls: e.toolCalls,
    cost_nanos: e.costNanos === null ? null : e.costNanos.toString(),
    cost_source: e.costSource,
    status: e.status,
    tags: e.tags,
  };
}

const knownPartitions = new Set<string>();

function monthStart(instant: Date): string {
  return `${instant.toISOString().slice(0, 7)}-01`;
}

/** Partitions are UTC months, created on first use in their own short transaction. */
export async function ensureUsagePartitions(db: Queryable, instants: Iterable<Date>): Promise<void> {
  const months = new Set<string>();
  for (const instant of instants) months.add(monthStart(instant));
  for (const month of months) {
    if (knownPartitions.has(month)) continue;
    await db.query('SELECT tally_ensure_usage_partition($1::date)', [month]);
    knownPartitions.add(month);
  }
}

/** Forgets cached partitions, e.g. after retention dropped some or in tests against a new database. */
export function forgetKnownPartitions(): void {
  knownPartitions.clear();
}

/**
 * Stores events whose ids were never seen and updates the rollups in the same transaction.
 * Events must have unique ids within the call. Returns the ids that were new.
 */
export async function insertUsageEvents(db: Db, events: readonly UsageEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  await ensureUsagePartitions(db, events.map((e) => e.occurredAt));
  const payload = JSON.stringify(events.map(eventToJson));
  const rows = await db.query<{ event_id: string }>(INSERT_EVENTS, [payload]);
  return new Set(rows.map((r) => r.event_id));
}

/** The rollups keyed by calendar day, i.e. every one that `rollupUpserts` fills from `dayRows`. */
const DAILY_ROLLUPS = ['daily_spend', 'team_daily_spend', 'team_daily_breakdown', 'daily_tag_spend'] as const;

/**
 * Recomputes the rollups for days [fromDay, toDay) from raw events in one transaction, so readers see
 * either the old or the new figures. Tasks are whole-lifetime totals: every task with an event in the
 * range is rebuilt from all of its events.
 */
export async function rebuildRollups(q: Queryable, fromDay: string, toDay: string): Promise<{ events: number }> {
  await refuseRebuildBeforeHorizon(q, fromDay);
  // Same table order as the ingest statement's CTEs.
  await q.query('LOCK TABLE daily_spend, team_daily_spend, team_daily_breakdown, task_totals, daily_tag_spend IN SHARE ROW EXCLUSIVE MODE');
  for (const table of DAILY_ROLLUPS) await q.query(`DELETE FROM ${table} WHERE day >= $1 AND day < $2`, [fromDay, toDay]);
  await q.query(
    `DELETE FROM task_totals WHERE task_id IN (
       SELECT task_id FROM usage_events WHERE day >= $1 AND day < $2 AND task_id IS NOT NULL)`,
    [fromDay, toDay],
  );
  const rows = await q.query<{ n: string }>(
    `WITH in_range AS (SELECT * FROM usage_events WHERE day >= $1 AND day < $2),
     task_events AS (SELECT * FROM usage_events WHERE task_id IN (
       SELECT task_id FROM in_range WHERE task_id IS NOT NULL)),
     ${rollupUpserts('in_range', 'task_events')}
     SELECT count(*) AS n FROM in_range`,
    [fromDay, toDay],
  );
  return { events: Number(rows[0]?.n ?? 0) };
}

/**
 * Rollups for days whose raw events retention removed can only be kept, never rebuilt: rebuilding would
 * replace them with totals over the few raw rows left (the horizon's own day may be partly dropped).
 * Returns the first day that may be rebuilt, or null when retention never ran.
 */
async function firstRebuildableDay(q: Queryable): Promise<string | null> {
  const rows = await q.query<{ first_day: string }>(
    `SELECT ((r.horizon AT TIME ZONE s.timezone)::date + 1)::text AS first_day
       FROM raw_retention r CROSS JOIN org_settings s WHERE r.horizon > '-infinity'`,
  );
  return rows[0]?.first_day ?? null;
}

async function refuseRebuildBeforeHorizon(q: Queryable, fromDay: string): Promise<void> {
  const firstDay = await firstRebuildableDay(q);
  if (firstDay && fromDay < firstDay) {
    throw new UserError(`raw events before ${firstDay} were removed by retention (TALLY_RAW_RETENTION_DAYS); their aggregates are kept and cannot be rebuilt. Rebuild from ${firstDay} or later.`);
  }
}

/**
 * Re-files every event under its calendar day in the org's (new) timezone and rebuilds the rollups.
 * After retention, the aggregates of days without full raw data are kept as they were (old calendar).
 */
export async function redateAllEvents(q: Queryable): Promise<void> {
  await q.query(
    `UPDATE usage_events e SET day = (e.occurred_at AT TIME ZONE s.timezone)::date
       FROM org_settings s WHERE e.day <> (e.occurred_at AT TIME ZONE s.timezone)::date`,
  );
  const keepBefore = await firstRebuildableDay(q);
  if (keepBefore) {
    for (const table of DAILY_ROLLUPS) await q.query(`DELETE FROM ${table} WHERE day >= $1`, [keepBefore]);
  } else {
    await q.query(`TRUNCATE ${DAILY_ROLLUPS.join(', ')}, task_totals`);
  }
  const range = await q.query<{ lo: string | null; hi: string | null }>(
    'SELECT greatest(min(day), $1::date)::text AS lo, (max(day) + 1)::text AS hi FROM usage_events',
    [keepBefore],
  );
  const { lo, hi } = range[0] ?? { lo: null, hi: null };
  if (lo && hi && lo < hi) await rebuildRollups(q, lo, hi);
}
