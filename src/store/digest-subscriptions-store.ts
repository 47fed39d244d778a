import type { Queryable } from './db.js';

import type { DigestCadence } from '../domain/digest-period.js';

export type { DigestCadence };
export type SubscriptionSource = 'file' | 'slack';

/** Mirrors `digest_subscriptions`. */
export interface DigestSubscriptionRow {
  channel: string;
  team: string;
  cadence: DigestCadence;
  source: SubscriptionSource;
  /** Slack user id of whoever subscribed from Slack; null for teams.yml rows. */
  subscribed_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DigestSubscription {
  channel: string;
  team: string;
  cadence: DigestCadence;
  source: SubscriptionSource;
  subscribedBy: string | null;
}

function subscriptionFromRow(r: DigestSubscriptionRow): DigestSubscription {
  return { channel: r.channel, team: r.team, cadence: r.cadence, source: r.source, subscribedBy: r.subscribed_by };
}

export async function listDigestSubscriptions(q: Queryable, filter: { channel?: string } = {}): Promise<DigestSubscription[]> {
  const rows = filter.channel
    ? await q.query<DigestSubscriptionRow>('SELECT * FROM digest_subscriptions WHERE channel = $1 ORDER BY channel, team', [filter.channel])
    : await q.query<DigestSubscriptionRow>('SELECT * FROM digest_subscriptions ORDER BY channel, team');
  return rows.map(subscriptionFromRow);
}

export async function findDigestSubscription(q: Queryable, channel: string, team: string): Promise<DigestSubscription | undefined> {
  const rows = await q.query<DigestSubscriptionRow>('SELECT * FROM digest_subscriptions WHERE channel = $1 AND team = $2', [channel, team]);
  return rows[0] && subscriptionFromRow(rows[0]);
}

/** A subscription made in Slack: it replaces a teams.yml row for the same channel and team, and outlives applies. */
export async function saveSlackSubscription(q: Queryable, s: { channel: string; team: string; cadence: DigestCadence; subscribedBy: string }): Promise<void> {
  await q.query(
    `INSERT INTO digest_subscriptions (channel, team, cadence, source, subscribed_by)
     VALUES ($1, $2, $3, 'slack', $4)
     ON CONFLICT (channel, team) DO UPDATE SET cadence = $3, source = 'slack', subscribed_by = $4, updated_at = now()`,
    [s.channel, s.team, s.cadence, s.subscribedBy],
  );
}

export async function deleteDigestSubscription(q: Queryable, channel: string, team: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM digest_subscriptions WHERE channel = $1 AND team = $2 RETURNING team', [channel, team]);
  return rows.length > 0;
}

export interface FileTeamDigest {
  key: string;
  channel?: string | null;
  digest: DigestCadence | 'off';
}

/**
 * Makes the teams.yml rows match the file: one per team with a channel and a digest other than off.
 * Rows made in Slack are left alone, even for the same channel and team (the explicit choice wins).
 */
export async function syncFileSubscriptions(q: Queryable, teams: readonly FileTeamDigest[]): Promise<{ subscribed: number; removed: number }> {
  const wanted = teams.filter((t): t is FileTeamDigest & { channel: string; digest: DigestCadence } => !!t.channel && t.digest !== 'off');
  const channels = wanted.map((t) => t.channel);
  const keys = wanted.map((t) => t.key);
  const cadences = wanted.map((t) => t.digest);
  await q.query(
    `INSERT INTO digest_subscriptions (channel, team, cadence, source)
     SELECT w.channel, w.team, w.cadence, 'file' FROM unnest($1::text[], $2::text[], $3::text[]) AS w(channel, team, cadence)
     ON CONFLICT (channel, team) DO UPDATE SET cadence = EXCLUDED.cadence, updated_at = now()
     WHERE digest_subscriptions.source = 'file' AND digest_subscriptions.cadence <> EXCLUDED.cadence`,
    [channels, keys, cadences],
  );
  const removed = await q.query(
    `DELETE FROM digest_subscriptions d WHERE d.source = 'file'
       AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS w(channel, team) WHERE w.channel = d.channel AND w.team = d.team)
     RETURNING team`,
    [channels, keys],
  );
  return { subscribed: wanted.length, removed: removed.length };
}
