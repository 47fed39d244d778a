import { readFile } from 'node:fs/promises';
import type { Db } from '../src/store/db.js';

/** Peak (VmHWM) or current (VmRSS) resident set of a process, in MB; null where /proc is not available. */
export async function rssMb(pid: number, which: 'VmHWM' | 'VmRSS' = 'VmHWM'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`${which}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export interface DiskUsage {
  /** Bytes per table (indexes and TOAST included); partitions of usage_events summed. */
  tables: Record<string, number>;
  rawBytes: number;
  aggregateBytes: number;
}

const RAW_TABLES = new Set(['usage_events', 'usage_event_ids']);

/** Tally's own tables only: the baseline's spend-log table is measured apart. */
export async function diskUsage(db: Db): Promise<DiskUsage> {
  const rows = await db.query<{ name: string; bytes: string }>(
    `SELECT CASE WHEN c.relname LIKE 'usage_events_%' THEN 'usage_events' ELSE c.relname END AS name,
            sum(pg_total_relation_size(c.oid)) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'bench_spend_logs'
      GROUP BY 1 ORDER BY 2 DESC`,
  );
  const tables: Record<string, number> = {};
  let rawBytes = 0;
  let aggregateBytes = 0;
  for (const r of rows) {
    const bytes = Number(r.bytes);
    tables[r.name] = bytes;
    if (RAW_TABLES.has(r.name)) rawBytes += bytes;
    else aggregateBytes += bytes;
  }
  return { tables, rawBytes, aggregateBytes };
}

export async function tableBytes(db: Db, table: string): Promise<number> {
  const rows = await db.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass) AS bytes', [table]);
  return Number(rows[0]?.bytes ?? 0);
}
