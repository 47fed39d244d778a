import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { DimensionHistoryRow, RootCause, RootCauseDimension } from '../domain/root-cause.js';
import type { Queryable } from './db.js';

export type AnomalyScopeKind = 'team' | 'product' | 'tag';

/** Mirrors `anomalies`. */
export interface AnomalyRow {
  id: string;
  scope_kind: AnomalyScopeKind;
  scope_key: string;
  day: string;
  team: string;
  actual_nanos: string;
  usual_nanos: string;
  z: number;
  partial: boolean;
  causes: { dimension: RootCauseDimension; value: string; contributionNanos: string; sharePct: number }[];
  detected_at: Date;
  updated_at: Date;
  feedback: 'expected' | null;
  feedback_by: string | null;
  feedback_at: Date | null;
}

export interface Anomaly {
  id: string;
  scopeKind: AnomalyScopeKind;
  scopeKey: string;
  day: string;
  team: string;
  actualNanos: Nanos;
  usualNanos: Nanos;
  z: number;
  partial: boolean;
  causes: RootCause[];
  detectedAt: Date;
  updatedAt: Date;
  feedback: 'expected' | null;
  feedbackBy: string | null;
  feedbackAt: Date | null;
}

export type NewAnomaly = Pick<Anomaly, 'scopeKind' | 'scopeKey' | 'day' | 'team' | 'actualNanos' | 'usualNanos' | 'z' | 'partial' | 'causes'>;

function anomalyFromRow(r: AnomalyRow): Anomaly {
  return {
    id: String(r.id),
    scopeKind: r.scope_kind,
    scopeKey: r.scope_key,
    day: r.day,
    team: r.team,
    actualNanos: nanosFromDb(r.actual_nanos),
    usualNanos: nanosFromDb(r.usual_nanos),
    z: Number(r.z),
    partial: r.partial,
    causes: r.causes.map((c) => ({ ...c, contributionNanos: nanosFromDb(c.contributionNanos) })),
    detectedAt: r.detected_at,
    updatedAt: r.updated_at,
    feedback: r.feedback,
    feedbackBy: r.feedback_by,
    feedbackAt: r.feedback_at,
  };
}

const COLUMNS = `id::text AS id, scope_kind, scope_key, day::text AS day, team, actual_nanos::text AS actual_nanos,
  usual_nanos::text AS usual_nanos, z, partial, causes, detected_at, updated_at, feedback, feedback_by, feedback_at`;

/**
 * Records the anomaly of a scope and day, or refreshes its figures (the daily scan supersedes the
 * hourly one). Once someone said it looks expected, the row is left as it is.
 */
export async function upsertAnomaly(q: Queryable, a: NewAnomaly, now: Date): Promise<Anomaly> {
  const causes = JSON.stringify(a.causes.map((c) => ({ ...c, contributionNanos: c.contributionNanos.toString() })));
  const rows = await q.query<AnomalyRow>(
    `INSERT INTO anomalies AS x (scope_kind, scope_key, day, team, actual_nanos, usual_nanos, z, partial, causes, detected_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
     ON CONFLICT (scope_kind, scope_key, day) DO UPDATE SET team = EXCLUDED.team, actual_nanos = EXCLUDED.actual_nanos,
       usual_nanos = EXCLUDED.usual_nanos, z = EXCLUDED.z, partial = EXCLUDED.partial, causes = EXCLUDED.causes,
       updated_at = EXCLUDED.updated_at
     WHERE x.feedback IS NULL
     RETURNING ${COLUMNS}`,
    [a.scopeKind, a.scopeKey, a.day, a.team, a.actualNanos.toString(), a.usualNanos.toString(), a.z, a.partial, causes, now],
  );
  const row = rows[0] ?? (await q.query<AnomalyRow>(`SELECT ${COLUMNS} FROM anomalies WHERE scope_kind = $1 AND scope_key = $2 AND day = $3`, [a.scopeKind, a.scopeKey, a.day]))[0];
  if (!row) throw new Error(`anomaly ${a.scopeKind}:${a.scopeKey}:${a.day} vanished while being saved`);
  return anomalyFromRow(row);
}

export async function findAnomaly(q: Queryable, id: string): Promise<Anomaly | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const rows = await q.query<AnomalyRow>(`SELECT ${COLUMNS} FROM anomalies WHERE id = $1`, [id]);
  return rows[0] && anomalyFromRow(rows[0]);
}

/** Marks an anomaly as expected; the first person to say so is kept. */
export async function markAnomalyExpected(q: Queryable, id: string, userId: string, now: Date): Promise<Anomaly | undefined> {
  const rows = await q.query<AnomalyRow>(
    `UPDATE anomalies SET feedback = 'expected', feedback_by = coalesce(feedback_by, $2), feedback_at = coalesce(feedback_at, $3)
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, userId, now],
  );
  return rows[0] && anomalyFromRow(rows[0]);
}

/** A team's anomalies on days [from, to), newest first. */
export async function listTeamAnomalies(q: Queryable, team: string, from: string, to: string): Promise<Anomaly[]> {
  const rows = await q.query<AnomalyRow>(
    `SELECT ${COLUMNS} FROM anomalies WHERE team = $1 AND day >= $2 AND day < $3 ORDER BY day DESC, actual_nanos - usual_nanos DESC, id`,
    [team, from, to],
  );
  return rows.map(anomalyFromRow);
}

/** Daily spend of one scope; `team` is the team that spent most of it on the day judged. */
export interface ScopeDaySpend {
  key: string;
  team: string;
  day: string;
  costNanos: Nanos;
}

const SCOPE_SOURCES: Record<AnomalyScopeKind, { table: string; key: string }> = {
  team: { table: 'daily_spend', key: 'team' },
  product: { table: 'daily_spend', key: 'product' },
  tag: { table: 'daily_tag_spend', key: "tag_key || '=' || tag_value" },
};

/**
 * Daily spend over days [from, day] for every scope of a kind that spent at least `minDayNanos` on
 * `day` (no scope below it can pass the $ gate, so the rest is never read). Unattributed spend and
 * calls without a product are not scopes.
 */
export async function scopeDailySpend(q: Queryable, kind: AnomalyScopeKind, from: string, day: string, minDayNanos: Nanos): Promise<ScopeDaySpend[]> {
  const { table, key } = SCOPE_SOURCES[kind];
  const rows = await q.query<{ key: string; team: string; day: string; cost: string }>(
    `WITH hot AS (
       SELECT DISTINCT ON (key) key, team FROM (
         SELECT ${key} AS key, team, sum(cost_nanos) AS cost FROM ${table}
         WHERE day = $2 AND ${key} <> '' GROUP BY 1, 2) AS by_team
       WHERE key IN (SELECT ${key} FROM ${table} WHERE day = $2 GROUP BY 1 HAVING sum(cost_nanos) >= $3)
       ORDER BY key, cost DESC, team)
     SELECT s.key, hot.team, s.day::text AS day, s.cost::text AS cost FROM (
       SELECT ${key} AS key, day, sum(cost_nanos) AS cost FROM ${table}
       WHERE day >= $1 AND day <= $2 AND ${key} IN (SELECT key FROM hot) GROUP BY 1, 2) AS s
     JOIN hot USING (key) ORDER BY s.key, s.day`,
    [from, day, minDayNanos.toString()],
  );
  return rows.map((r) => ({ key: r.key, team: r.team, day: r.day, costNanos: nanosFromDb(r.cost) }));
}

/**
 * Per-dimension daily spend of a team or product over [from, day]: model, product and user from
 * daily_spend, task_type from task_totals (a task counts on the day it started), and the day's
 * costliest single tasks.
 */
export async function scopeDimensionHistory(q: Queryable, kind: 'team' | 'product', key: string, from: string, day: string): Promise<DimensionHistoryRow[]> {
  const column = kind === 'team' ? 'team' : 'product';
  const rows = await q.query<{ dimension: RootCauseDimension; value: string; day: string; cost: string }>(
    `SELECT CASE WHEN grouping(model) = 0 THEN 'model' WHEN grouping(product) = 0 THEN 'product' ELSE 'user' END AS dimension,
       coalesce(model, product, user_id) AS value, day::text AS day, sum(cost_nanos)::text AS cost
     FROM daily_spend WHERE ${column} = $1 AND day >= $2 AND day <= $3
     GROUP BY GROUPING SETS ((day, model), (day, product), (day, user_id))
     UNION ALL
     SELECT 'task_type', task_type, first_day::text, sum(cost_nanos)::text FROM task_totals
     WHERE ${column} = $1 AND first_day >= $2 AND first_day <= $3 GROUP BY task_type, first_day
     UNION ALL
     (SELECT 'task', task_id, first_day::text, cost_nanos::text FROM task_totals
      WHERE ${column} = $1 AND first_day = $3 ORDER BY cost_nanos DESC, task_id LIMIT 5)`,
    [key, from, day],
  );
  return rows.map((r) => ({ dimension: r.dimension, value: r.value, day: r.day, costNanos: nanosFromDb(r.cost) }));
}

/**
 * One day of one tag value by dimension. The tag rollup has no per-dimension split, so this reads the
 * raw events of that single day (bounded by `occurred_at` so only that day's partition is scanned).
 */
export async function tagDayByDimension(
  q: Queryable,
  tag: { key: string; value: string },
  day: string,
  instants: { from: Date; to: Date },
): Promise<Omit<DimensionHistoryRow, 'day'>[]> {
  const rows = await q.query<{ dimension: RootCauseDimension; value: string; cost: string }>(
    `SELECT CASE WHEN grouping(model) = 0 THEN 'model' WHEN grouping(product) = 0 THEN 'product'
         WHEN grouping(user_id) = 0 THEN 'user' WHEN grouping(task_type) = 0 THEN 'task_type' ELSE 'task' END AS dimension,
       coalesce(model, product, user_id, task_type, task_id) AS value, sum(cost_nanos)::text AS cost
     FROM (SELECT coalesce(model, '') AS model, coalesce(product, '') AS product, coalesce(user_id, '') AS user_id,
             coalesce(task_type, '') AS task_type, coalesce(task_id, '') AS task_id, coalesce(cost_nanos, 0) AS cost_nanos
           FROM usage_events WHERE occurred_at >= $1 AND occurred_at < $2 AND day = $3 AND tags ->> $4 = $5) AS e
     GROUP BY GROUPING SETS ((model), (product), (user_id), (task_type), (task_id))`,
    [instants.from, instants.to, day, tag.key, tag.value],
  );
  return rows.filter((r) => !(r.dimension === 'task' && r.value === '')).map((r) => ({ dimension: r.dimension, value: r.value, costNanos: nanosFromDb(r.cost) }));
}
