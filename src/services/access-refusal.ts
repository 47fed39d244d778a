import type { OrgSettings, Team } from '../domain/team-directory.js';

/** A polite "not for you": names whom to ask, carries no figure. */
export interface AccessRefusal {
  refused: true;
  /** The team whose numbers were asked for; null for cross-team questions (tag, top, unattributed). */
  teamName: string | null;
  /** Slack user ids or emails of the people who can grant access or answer. */
  askWhom: string[];
}

export function refuseTeam(team: Team, org: OrgSettings): AccessRefusal {
  return { refused: true, teamName: team.name, askWhom: team.owners.length > 0 ? team.owners : org.admins };
}

export function refuseCrossTeam(org: OrgSettings): AccessRefusal {
  return { refused: true, teamName: null, askWhom: org.admins };
}

export function isRefusal(value: unknown): value is AccessRefusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}
