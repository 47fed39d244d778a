import { hostname } from 'node:os';
import { runAsDelivery } from '../slack/delivery-context.js';
import { SlackDeliveryError } from '../slack/slack-notifier.js';
import type { Db } from '../store/db.js';
import { claimDelivery, markDeliveryFailed, markDeliverySent } from '../store/deliveries-store.js';

export type DeliveryOutcome =
  | { status: 'sent'; channel?: string; messageTs?: string }
  | { status: 'skipped' }
  | { status: 'failed'; error: string; permanent: boolean };

export interface DeliverOnceOptions {
  kind: string;
  key: string;
  now: Date;
  maxAttempts?: number;
  leaseMs?: number;
  detail?: Record<string, unknown>;
}

/**
 * Sends a Slack message at most once per (kind, key) and retries it on later runs when Slack failed:
 * the claim is committed before sending, so a crash or a second replica can't send it again, and a
 * failure is recorded for the next run instead of being lost.
 */
export async function deliverOnce(
  db: Db,
  o: DeliverOnceOptions,
  send: () => Promise<{ channel?: string; messageTs?: string }>,
): Promise<DeliveryOutcome> {
  const maxAttempts = o.maxAttempts ?? 5;
  const claim = await claimDelivery(db, o.kind, o.key, {
    claimedBy: `${hostname()}:${process.pid}`,
    now: o.now,
    maxAttempts,
    leaseMs: o.leaseMs ?? 15 * 60 * 1000,
    detail: o.detail,
  });
  if (!claim) return { status: 'skipped' };
  try {
    // On a retry, SlackNotifier.post first looks for the message an earlier attempt may have landed
    // just before crashing or timing out (found by the delivery key in its metadata).
    const sent = await runAsDelivery({ key: `${o.kind}:${o.key}`, retry: claim.attempts > 1, now: o.now }, send);
    await markDeliverySent(db, o.kind, o.key, { now: o.now, ...sent });
    return { status: 'sent', ...sent };
  } catch (err) {
    const permanent = err instanceof SlackDeliveryError && err.permanent;
    const error = err instanceof SlackDeliveryError ? err.code : (err as Error).message;
    await markDeliveryFailed(db, o.kind, o.key, error, { final: permanent, maxAttempts });
    return { status: 'failed', error, permanent };
  }
}
