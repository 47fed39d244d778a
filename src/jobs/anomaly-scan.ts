import type { Config } from '../config.js';
import type { AppDeps } from '../app-deps.js';
import { anomalyThresholdsFor } from '../domain/anomalies.js';
import { addDays, dayInZone } from '../domain/time-zone.js';
import { renderAnomalyBlocks } from '../render/anomaly-blocks.js';
import { findAnomalies, type ScanDay } from '../services/find-anomalies.js';
import { upsertAnomaly, type Anomaly } from '../store/anomalies-store.js';
import { getOrgSettings, listTeams } from '../store/teams-store.js';
import { deliverOnce } from './deliver-once.js';
import type { ScheduledJob } from './scheduled-job.js';

export interface AnomalyScanSummary {
  days: ScanDay[];
  found: number;
  posted: number;
  /** Already posted, in flight elsewhere, or out of attempts. */
  alreadyPosted: number;
  /** Someone said "looks expected": not posted, not retried, figures frozen. */
  suppressed: number;
  /** Folded into the same team's team-level alert. */
  folded: number;
  /** The team has no channel (or is unattributed), or Slack is not configured. */
  unposted: number;
  failed: number;
  anomalies: Anomaly[];
}

/**
 * Judges the last complete day and today so far (every run does both, so the first run after
 * midnight is the daily scan and the others catch a spike within the hour), stores what it finds
 * (one row per scope and day) and posts each new anomaly once to its team's channel. Today so far is
 * compared with a usual *whole* day: if the gates are already passed by noon the day is anomalous
 * whatever its hourly shape; smaller rises are caught when the complete day is judged.
 */
export async function scanAnomalies(deps: AppDeps, now: Date): Promise<AnomalyScanSummary> {
  const [org, teams] = await Promise.all([getOrgSettings(deps.db), listTeams(deps.db)]);
  const today = dayInZone(now, org.timezone);
  const days: ScanDay[] = [{ day: addDays(today, -1), partial: false }, { day: today, partial: true }];
  const summary: AnomalyScanSummary = { days, found: 0, posted: 0, alreadyPosted: 0, suppressed: 0, folded: 0, unposted: 0, failed: 0, anomalies: [] };
  const byKey = new Map(teams.map((t) => [t.key, t]));
  for (const scan of days) {
    const stored: Anomaly[] = [];
    for (const found of await findAnomalies(deps.db, teams, scan, org.timezone)) stored.push(await upsertAnomaly(deps.db, found, now));
    summary.found += stored.length;
    summary.anomalies.push(...stored);
    const teamAlerts = new Set(stored.filter((a) => a.scopeKind === 'team').map((a) => a.team));
    for (const a of stored) {
      if (a.feedback === 'expected') {
        summary.suppressed += 1;
        continue;
      }
      if (a.scopeKind !== 'team' && teamAlerts.has(a.team)) {
        summary.folded += 1;
        continue;
      }
      const team = byKey.get(a.team);
      if (!team?.channel || !deps.notifier) {
        summary.unposted += 1;
        continue;
      }
      const related = a.scopeKind === 'team' ? stored.filter((r) => r.scopeKind !== 'team' && r.team === a.team) : [];
      const message = renderAnomalyBlocks({ anomaly: a, teamName: team.name, related, thresholds: anomalyThresholdsFor(team.settings) });
      const { notifier } = deps;
      const channel = team.channel;
      const outcome = await deliverOnce(deps.db, { kind: 'anomaly', key: `${a.scopeKind}:${a.scopeKey}:${a.day}`, now, detail: { anomalyId: a.id } }, async () => ({
        channel,
        messageTs: await notifier.post(channel, message),
      }));
      if (outcome.status === 'sent') summary.posted += 1;
      else if (outcome.status === 'skipped') summary.alreadyPosted += 1;
      else {
        summary.failed += 1;
        deps.log.warn('anomaly alert not delivered', { anomaly: a.id, channel, error: outcome.error, permanent: outcome.permanent });
      }
    }
  }
  return summary;
}

/** Hourly by default (TALLY_ANOMALY_CRON); the slot summary keeps the counts, not the rows. */
export function anomalyScanJob(config: Config): ScheduledJob {
  return {
    name: 'anomaly-scan',
    cron: config.anomalyCron,
    async run(deps, now) {
      const { anomalies, ...counts } = await scanAnomalies(deps, now);
      return { ...counts, anomalyIds: anomalies.map((a) => a.id) };
    },
  };
}
