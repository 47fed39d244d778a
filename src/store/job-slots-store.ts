import type { Queryable } from './db.js';

/** Mirrors `job_slots`. */
export interface JobSlotRow {
  job: string;
  slot: string;
  claimed_by: string;
  claimed_at: Date;
  finished_at: Date | null;
  summary: unknown;
  error: string | null;
}

/** True for exactly one caller per (job, slot), across every replica. */
export async function claimJobSlot(q: Queryable, job: string, slot: string, claimedBy: string): Promise<boolean> {
  const rows = await q.query('INSERT INTO job_slots (job, slot, claimed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [job, slot, claimedBy]);
  return rows.length === 1;
}

export async function finishJobSlot(q: Queryable, job: string, slot: string, outcome: { summary?: unknown; error?: string }): Promise<void> {
  await q.query('UPDATE job_slots SET finished_at = now(), summary = $3, error = $4 WHERE job = $1 AND slot = $2', [
    job,
    slot,
    outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
    outcome.error ?? null,
  ]);
}

export async function listJobSlots(q: Queryable, job: string): Promise<JobSlotRow[]> {
  return q.query<JobSlotRow>('SELECT * FROM job_slots WHERE job = $1 ORDER BY slot', [job]);
}
