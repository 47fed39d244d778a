/** The org's team directory as configured in teams.yml (and stored in `teams` / `org_settings`). */
export interface Team {
  key: string;
  name: string;
  owners: string[];
  members: string[];
  usergroup: string | null;
  channel: string | null;
  digest: 'weekly' | 'daily' | 'off';
  valueMetric: string | null;
  settings: TeamSettings;
}

export interface TeamSettings {
  anomaly?: { minUsd?: number; minIncreasePct?: number; minZ?: number };
}

export type Visibility = 'team' | 'open';

export interface OrgSettings {
  timezone: string;
  visibility: Visibility;
  admins: string[];
  config: OrgConfig;
}

export interface OrgConfig {
  shared?: { monthlyUsd: number; split: 'proportional' | 'even' };
  litellmTeamMap?: Record<string, string>;
}

/** Label used wherever spend without a team is listed: shown, never hidden. */
export const UNATTRIBUTED_LABEL = 'Unattributed';
