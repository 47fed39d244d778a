import type { OrgConfig, OrgSettings, Team, TeamSettings, Visibility } from '../domain/team-directory.js';
import type { Queryable } from './db.js';

/** Mirrors `teams`. */
export interface TeamRow {
  key: string;
  name: string;
  owners: string[];
  members: string[];
  usergroup: string | null;
  channel: string | null;
  digest: 'weekly' | 'daily' | 'off';
  value_metric: string | null;
  settings: TeamSettings;
}

/** Mirrors `org_settings`. */
export interface OrgSettingsRow {
  timezone: string;
  visibility: Visibility;
  admins: string[];
  config: OrgConfig;
}

function teamFromRow(row: TeamRow): Team {
  return {
    key: row.key,
    name: row.name,
    owners: row.owners,
    members: row.members,
    usergroup: row.usergroup,
    channel: row.channel,
    digest: row.digest,
    valueMetric: row.value_metric,
    settings: row.settings,
  };
}

export async function listTeams(q: Queryable): Promise<Team[]> {
  const rows = await q.query<TeamRow>('SELECT * FROM teams ORDER BY key');
  return rows.map(teamFromRow);
}

export async function findTeam(q: Queryable, key: string): Promise<Team | undefined> {
  const rows = await q.query<TeamRow>('SELECT * FROM teams WHERE key = $1', [key]);
  return rows[0] && teamFromRow(rows[0]);
}

/** Makes `teams` exactly the given list: upserts each, deletes the rest. Returns what changed. */
export async function replaceTeams(q: Queryable, teams: readonly Team[]): Promise<{ added: string[]; removed: string[] }> {
  const before = new Set((await q.query<{ key: string }>('SELECT key FROM teams')).map((r) => r.key));
  for (const t of teams) {
    await q.query(
      `INSERT INTO teams (key, name, owners, members, usergroup, channel, digest, value_metric, settings, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (key) DO UPDATE SET name = $2, owners = $3, members = $4, usergroup = $5, channel = $6,
         digest = $7, value_metric = $8, settings = $9,
         updated_at = CASE WHEN (teams.name, teams.owners, teams.members, teams.usergroup, teams.channel, teams.digest,
           teams.value_metric, teams.settings) IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8, $9::jsonb)
           THEN now() ELSE teams.updated_at END`,
      [t.key, t.name, t.owners, t.members, t.usergroup, t.channel, t.digest, t.valueMetric, JSON.stringify(t.settings)],
    );
  }
  const keep = teams.map((t) => t.key);
  const removed = await q.query<{ key: string }>('DELETE FROM teams WHERE NOT (key = ANY($1)) RETURNING key', [keep]);
  return { added: keep.filter((k) => !before.has(k)), removed: removed.map((r) => r.key).sort() };
}

export async function getOrgSettings(q: Queryable): Promise<OrgSettings> {
  const rows = await q.query<OrgSettingsRow>('SELECT timezone, visibility, admins, config FROM org_settings');
  const row = rows[0];
  if (!row) throw new Error('org_settings row missing: run migrations');
  return { timezone: row.timezone, visibility: row.visibility, admins: row.admins, config: row.config };
}

/** Saves settings; returns true when the timezone changed, which re-dates every rollup. */
export async function saveOrgSettings(q: Queryable, settings: OrgSettings): Promise<boolean> {
  const rows = await q.query<{ changed: boolean }>(
    `UPDATE org_settings n SET timezone = $1, visibility = $2, admins = $3, config = $4, updated_at = now()
       FROM (SELECT timezone FROM org_settings FOR UPDATE) o
     RETURNING o.timezone <> n.timezone AS changed`,
    [settings.timezone, settings.visibility, settings.admins, JSON.stringify(settings.config)],
  );
  return rows[0]?.changed ?? false;
}

export async function saveOrgTimezone(q: Queryable, timezone: string): Promise<boolean> {
  const rows = await q.query<{ changed: boolean }>(
    `UPDATE org_settings n SET timezone = $1, updated_at = now()
       FROM (SELECT timezone FROM org_settings FOR UPDATE) o
     RETURNING o.timezone <> n.timezone AS changed`,
    [timezone],
  );
  return rows[0]?.changed ?? false;
}
