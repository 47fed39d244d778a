import type { Viewer } from '../domain/access.js';
import type { OrgSettings, Team } from '../domain/team-directory.js';
import { dayInZone } from '../domain/time-zone.js';
import type { Queryable } from '../store/db.js';
import { getOrgSettings, listTeams } from '../store/teams-store.js';

/** Everything a `/cost` question is answered against: who asks, the directory, and one `now`. */
export interface AskContext {
  db: Queryable;
  viewer: Viewer;
  org: OrgSettings;
  teams: Team[];
  now: Date;
  /** `now` as an org-calendar day. */
  today: string;
}

export async function loadAskContext(db: Queryable, viewer: Viewer, now: Date): Promise<AskContext> {
  const [org, teams] = await Promise.all([getOrgSettings(db), listTeams(db)]);
  return { db, viewer, org, teams, now, today: dayInZone(now, org.timezone) };
}
