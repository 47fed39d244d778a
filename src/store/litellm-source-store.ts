import type { Db, Queryable } from './db.js';

/**
 * Reads LiteLLM's own spend log, never writes it. Prisma created the table, so names are quoted and
 * mixed-case, and "startTime" is a `timestamp` without zone holding UTC: it is read back as text so
 * node-pg cannot reinterpret it in the local zone.
 */
export interface LitellmSpendLogRow {
  request_id: string;
  /** "startTime" as `YYYY-MM-DDTHH:MM:SS.ffffff`, UTC. */
  start_time: string;
  spend: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  model: string | null;
  custom_llm_provider: string | null;
  user_id: string | null;
  team_id: string | null;
  end_user: string | null;
  session_id: string | null;
  status: string | null;
  request_tags: unknown;
  metadata: unknown;
}

/** Where a keyset read resumes: strictly after this ("startTime", request_id). */
export interface SpendLogPosition {
  startTime: string;
  requestId: string;
}

// Columns added in later LiteLLM releases; an older proxy's table reads them as NULL.
const OPTIONAL_COLUMNS = ['custom_llm_provider', 'team_id', 'end_user', 'session_id', 'status', 'request_tags', 'metadata'] as const;

/** Finds which optional columns this LiteLLM version has, so one query works across versions. */
export async function spendLogColumns(q: Queryable): Promise<Set<string>> {
  const rows = await q.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'LiteLLM_SpendLogs' AND table_schema = ANY(current_schemas(false))`,
  );
  if (rows.length === 0) throw new Error('table "LiteLLM_SpendLogs" not found: is this the LiteLLM proxy database?');
  return new Set(rows.map((r) => r.column_name));
}

function selectList(columns: ReadonlySet<string>): string {
  const optional = OPTIONAL_COLUMNS.map((c) => (columns.has(c) ? c : `NULL AS ${c}`));
  return [
    'request_id',
    `to_char("startTime", 'YYYY-MM-DD"T"HH24:MI:SS.US') AS start_time`,
    'spend',
    'prompt_tokens',
    'completion_tokens',
    'total_tokens',
    'model',
    '"user" AS user_id',
    ...optional,
  ].join(', ');
}

/** One keyset page in a READ ONLY transaction, oldest first; `after` null starts at the beginning. */
export async function readSpendLogPage(
  source: Db,
  columns: ReadonlySet<string>,
  after: SpendLogPosition | null,
  limit: number,
): Promise<LitellmSpendLogRow[]> {
  return source.tx(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    const start = after ?? { startTime: '0001-01-01T00:00:00', requestId: '' };
    return q.query<LitellmSpendLogRow>(
      `SELECT ${selectList(columns)} FROM "LiteLLM_SpendLogs"
       WHERE ("startTime", request_id) > ($1::timestamp, $2)
       ORDER BY "startTime", request_id LIMIT $3`,
      [start.startTime, start.requestId, limit],
    );
  });
}
