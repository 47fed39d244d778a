import type { Team } from '../domain/team-directory.js';
import type { TeamsFile } from '../ingest/teams-file.js';
import type { Db } from '../store/db.js';
import { syncFileSubscriptions } from '../store/digest-subscriptions-store.js';
import { getOrgSettings, replaceTeams, saveOrgSettings, saveOrgTimezone } from '../store/teams-store.js';
import { redateAllOutcomes } from '../store/outcomes-store.js';
import { redateAllEvents } from '../store/usage-events-store.js';
import { syncFileBudgets } from './sync-file-budgets.js';

export interface ApplyTeamsSummary {
  teams: number;
  added: string[];
  removed: string[];
  timezone: string;
  timezoneChanged: boolean;
}

function teamFromFile(t: TeamsFile['teams'][number]): Team {
  return {
    key: t.key,
    name: t.name ?? t.key,
    owners: t.owners,
    members: t.members,
    usergroup: t.usergroup ?? null,
    channel: t.channel ?? null,
    digest: t.digest,
    valueMetric: t.value_metric ?? null,
    settings: t.anomaly
      ? { anomaly: { minUsd: t.anomaly.min_usd, minIncreasePct: t.anomaly.min_increase_pct, minZ: t.anomaly.min_z } }
      : {},
  };
}

/**
 * Makes the database match teams.yml in one transaction (idempotent). The file's timezone wins over
 * TALLY_TIMEZONE; changing it re-files every event under its new calendar day.
 */
export async function applyTeamsFile(db: Db, file: TeamsFile, defaultTimezone?: string): Promise<ApplyTeamsSummary> {
  return db.tx(async (q) => {
    const current = await getOrgSettings(q);
    const timezone = file.timezone ?? defaultTimezone ?? current.timezone;
    const timezoneChanged = await saveOrgSettings(q, {
      timezone,
      visibility: file.visibility,
      admins: file.admins,
      config: {
        ...current.config,
        shared: file.shared ? { monthlyUsd: file.shared.monthly_usd, split: file.shared.split } : undefined,
        litellmTeamMap: file.litellm_team_map,
      },
    });
    if (timezoneChanged) await redateAllEvents(q).then(() => redateAllOutcomes(q));
    const { added, removed } = await replaceTeams(q, file.teams.map(teamFromFile));
    await syncFileSubscriptions(q, file.teams);
    await syncFileBudgets(q, file);
    return { teams: file.teams.length, added, removed, timezone, timezoneChanged };
  });
}

/** Without a teams file, TALLY_TIMEZONE sets the org calendar. */
export async function applyTimezone(db: Db, timezone: string): Promise<boolean> {
  return db.tx(async (q) => {
    const changed = await saveOrgTimezone(q, timezone);
    if (changed) await redateAllEvents(q).then(() => redateAllOutcomes(q));
    return changed;
  });
}
