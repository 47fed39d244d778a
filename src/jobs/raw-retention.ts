import type { AppDeps } from '../app-deps.js';
import { forgetKnownPartitions } from '../store/usage-events-store.js';
import { advanceRawRetentionHorizon, dropUsagePartition, listUsagePartitions, pruneEventIds } from '../store/retention-store.js';
import type { ScheduledJob } from './scheduled-job.js';

export interface RawRetentionSummary {
  /** now − TALLY_RAW_RETENTION_DAYS: raw events before it may go. */
  cutoff: string;
  /** Ingest refuses events older than this from now on. */
  horizon: string;
  droppedPartitions: string[];
  prunedEventIds: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Drops whole monthly partitions of raw events that lie entirely before the retention window and
 * forgets their ids; the rollups (daily_spend, team_daily_spend, team_daily_breakdown, task_totals,
 * daily_tag_spend) are kept.
 * The horizon moves first, so an old event re-sent while this runs is refused rather than counted
 * twice. Idempotent: a second run at the same `now` finds nothing to do.
 */
export async function runRawRetention(deps: AppDeps, now: Date): Promise<RawRetentionSummary> {
  const cutoff = new Date(now.getTime() - deps.config.rawRetentionDays * DAY_MS);
  const horizon = await advanceRawRetentionHorizon(deps.db, cutoff);
  const prunedEventIds = await pruneEventIds(deps.db, horizon);
  const expired = (await listUsagePartitions(deps.db)).filter((p) => p.to.getTime() <= horizon.getTime());
  for (const partition of expired) await dropUsagePartition(deps.db, partition);
  if (expired.length > 0) forgetKnownPartitions();
  const summary = {
    cutoff: cutoff.toISOString(),
    horizon: horizon.toISOString(),
    droppedPartitions: expired.map((p) => p.name),
    prunedEventIds,
  };
  if (expired.length > 0 || prunedEventIds > 0) deps.log.info('raw retention applied', { ...summary });
  return summary;
}

/** Daily, off the hour most jobs use; job_slots makes one replica run it. */
export const rawRetentionJob: ScheduledJob = {
  name: 'raw-retention',
  cron: '17 3 * * *',
  run: runRawRetention,
};
