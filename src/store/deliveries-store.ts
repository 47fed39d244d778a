import type { Queryable } from './db.js';

/** Mirrors `slack_deliveries`. */
export interface DeliveryRow {
  kind: string;
  dedupe_key: string;
  status: 'sending' | 'sent' | 'failed' | 'gave_up';
  attempts: number;
  claimed_by: string;
  claimed_at: Date;
  sent_at: Date | null;
  channel: string | null;
  message_ts: string | null;
  last_error: string | null;
  detail: Record<string, unknown>;
}

export interface ClaimOptions {
  claimedBy: string;
  now: Date;
  maxAttempts: number;
  /** A 'sending' claim older than this is taken to belong to a crashed run. */
  leaseMs: number;
  detail?: Record<string, unknown>;
}

/**
 * Claims a delivery for sending. Returns the row when this caller may send now: never claimed, failed
 * with attempts left, or abandoned by a crashed run. Returns undefined when it is sent, in flight
 * elsewhere, or out of attempts. One INSERT … ON CONFLICT: two replicas can't both win.
 */
export async function claimDelivery(q: Queryable, kind: string, key: string, o: ClaimOptions): Promise<DeliveryRow | undefined> {
  const rows = await q.query<DeliveryRow>(
    `INSERT INTO slack_deliveries AS d (kind, dedupe_key, status, attempts, claimed_by, claimed_at, detail)
     VALUES ($1, $2, 'sending', 1, $3, $4, $7)
     ON CONFLICT (kind, dedupe_key) DO UPDATE SET status = 'sending', attempts = d.attempts + 1,
       claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at
     WHERE d.attempts < $5 AND (d.status = 'failed' OR (d.status = 'sending' AND d.claimed_at < $4::timestamptz - make_interval(secs => $6::double precision / 1000)))
     RETURNING *`,
    [kind, key, o.claimedBy, o.now, o.maxAttempts, o.leaseMs, JSON.stringify(o.detail ?? {})],
  );
  return rows[0];
}

export async function markDeliverySent(q: Queryable, kind: string, key: string, sent: { now: Date; channel?: string; messageTs?: string }): Promise<void> {
  await q.query(
    `UPDATE slack_deliveries SET status = 'sent', sent_at = $3, channel = $4, message_ts = $5, last_error = NULL
     WHERE kind = $1 AND dedupe_key = $2`,
    [kind, key, sent.now, sent.channel ?? null, sent.messageTs ?? null],
  );
}

/** Records a failure; `final` (or running out of attempts) stops further retries. */
export async function markDeliveryFailed(q: Queryable, kind: string, key: string, error: string, options: { final: boolean; maxAttempts: number }): Promise<void> {
  await q.query(
    `UPDATE slack_deliveries SET status = CASE WHEN $4 OR attempts >= $5 THEN 'gave_up' ELSE 'failed' END, last_error = $3
     WHERE kind = $1 AND dedupe_key = $2`,
    [kind, key, error, options.final, options.maxAttempts],
  );
}

export async function findDelivery(q: Queryable, kind: string, key: string): Promise<DeliveryRow | undefined> {
  const rows = await q.query<DeliveryRow>('SELECT * FROM slack_deliveries WHERE kind = $1 AND dedupe_key = $2', [kind, key]);
  return rows[0];
}

export async function listDeliveries(q: Queryable, kind: string): Promise<DeliveryRow[]> {
  return q.query<DeliveryRow>('SELECT * FROM slack_deliveries WHERE kind = $1 ORDER BY dedupe_key', [kind]);
}
