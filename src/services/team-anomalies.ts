import { canSeeTeam, type Viewer } from '../domain/access.js';
import { findAnomaly, listTeamAnomalies, markAnomalyExpected, type Anomaly } from '../store/anomalies-store.js';
import type { Db, Queryable } from '../store/db.js';
import { findTeam, getOrgSettings } from '../store/teams-store.js';

export type { Anomaly } from '../store/anomalies-store.js';

/** A team's spend anomalies on days [from, to), newest first, for `/cost team` and digests (render with `anomalyLine`). */
export async function recentAnomalies(db: Queryable, teamKey: string, from: string, to: string): Promise<Anomaly[]> {
  return listTeamAnomalies(db, teamKey, from, to);
}

export type ExpectedFeedback = { status: 'marked'; anomaly: Anomaly } | { status: 'not_found' } | { status: 'forbidden' };

/** *Looks expected*: anyone who may see the team may say so; later scans leave that scope and day alone. */
export async function markAnomalyExpectedBy(db: Db, id: string, viewer: Viewer, now: Date): Promise<ExpectedFeedback> {
  const anomaly = await findAnomaly(db, id);
  if (!anomaly) return { status: 'not_found' };
  const [team, org] = await Promise.all([findTeam(db, anomaly.team), getOrgSettings(db)]);
  if (!canSeeTeam(viewer, team, org)) return { status: 'forbidden' };
  const marked = await markAnomalyExpected(db, id, viewer.userId, now);
  return marked ? { status: 'marked', anomaly: marked } : { status: 'not_found' };
}
