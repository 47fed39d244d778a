import type { Queryable } from './db.js';
import type { SpendLogPosition } from './litellm-source-store.js';

/** Mirrors `litellm_import_cursors` (start_time read as text: it is a zone-less UTC timestamp). */
export interface LitellmCursorRow {
  source: string;
  start_time: string;
  request_id: string;
  rows_read: string;
}

export async function findLitellmCursor(q: Queryable, source: string): Promise<SpendLogPosition | null> {
  const rows = await q.query<LitellmCursorRow>(
    `SELECT source, to_char(start_time, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS start_time, request_id, rows_read::text
     FROM litellm_import_cursors WHERE source = $1`,
    [source],
  );
  const row = rows[0];
  return row ? { startTime: row.start_time, requestId: row.request_id } : null;
}

/** Moves the cursor forward only: a slower concurrent run finishing late cannot move it back. */
export async function advanceLitellmCursor(q: Queryable, source: string, position: SpendLogPosition, rowsRead: number): Promise<void> {
  await q.query(
    `INSERT INTO litellm_import_cursors AS c (source, start_time, request_id, rows_read)
     VALUES ($1, $2::timestamp, $3, $4)
     ON CONFLICT (source) DO UPDATE SET
       start_time = CASE WHEN (EXCLUDED.start_time, EXCLUDED.request_id) > (c.start_time, c.request_id) THEN EXCLUDED.start_time ELSE c.start_time END,
       request_id = CASE WHEN (EXCLUDED.start_time, EXCLUDED.request_id) > (c.start_time, c.request_id) THEN EXCLUDED.request_id ELSE c.request_id END,
       rows_read = c.rows_read + EXCLUDED.rows_read,
       updated_at = now()`,
    [source, position.startTime, position.requestId, rowsRead],
  );
}
