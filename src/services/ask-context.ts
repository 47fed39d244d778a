import type { Viewer } from '../domain/access.js';
import { UNATTRIBUTED_LABEL, type OrgSettings, type Team } from '../domain/team-directory.js';
import { dayInZone } from '../domain/time-zone.js';
import { UserError } from '../errors.js';
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

/** Give the viewer as a promise (or a lazy lookup) to read the directory while Slack is asked who they are. */
export async function loadAskContext(db: Queryable, viewer: Viewer | Promise<Viewer> | (() => Promise<Viewer>), now: Date): Promise<AskContext> {
  const pending = typeof viewer === 'function' ? viewer() : viewer;
  const [resolved, org, teams] = await Promise.all([pending, getOrgSettings(db), listTeams(db)]);
  return { db, viewer: resolved, org, teams, now, today: dayInZone(now, org.timezone) };
}

/** The team a key names (case-insensitively); an unknown key is the user's mistake, answered with the valid ones. */
export function teamByKey(ctx: AskContext, key: string): Team {
  const team = ctx.teams.find((t) => t.key === key.toLowerCase());
  if (!team) throw new UserError(unknownTeamMessage(key, ctx.teams));
  return team;
}

/** A team key as people read it: its name, or "Unattributed" for spend with no team (''). */
export function teamLabel(ctx: AskContext, key: string): string {
  return key === '' ? UNATTRIBUTED_LABEL : (ctx.teams.find((t) => t.key === key)?.name ?? key);
}

const MAX_LISTED_TEAMS = 15;

function unknownTeamMessage(key: string, teams: readonly Team[]): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  if (teams.length === 0) return `There is no team "${shown}": no teams are configured yet (teams.yml).`;
  const keys = teams.slice(0, MAX_LISTED_TEAMS).map((t) => t.key).join(', ');
  return `There is no team "${shown}". Teams: ${keys}${teams.length > MAX_LISTED_TEAMS ? ', …' : ''}.`;
}
