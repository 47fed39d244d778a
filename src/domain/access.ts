import type { OrgSettings, Team } from './team-directory.js';

/** Who is asking: a Slack user, with what we could learn about them. */
export interface Viewer {
  userId: string;
  email: string | null;
  /** Ids of the Slack user groups the viewer is in (only those referenced by teams are resolved). */
  usergroups: ReadonlySet<string>;
}

function names(viewer: Viewer): string[] {
  return viewer.email ? [viewer.userId, viewer.email.toLowerCase()] : [viewer.userId];
}

function listed(list: readonly string[], viewer: Viewer): boolean {
  const ids = names(viewer);
  return list.some((entry) => ids.includes(entry.startsWith('U') || entry.startsWith('W') ? entry : entry.toLowerCase()));
}

export function isAdmin(viewer: Viewer, org: OrgSettings): boolean {
  return listed(org.admins, viewer);
}

export function isTeamOwner(viewer: Viewer, team: Team): boolean {
  return listed(team.owners, viewer);
}

/** Owner, member, or in the team's user group. */
export function belongsToTeam(viewer: Viewer, team: Team): boolean {
  return listed(team.owners, viewer) || listed(team.members, viewer) || (team.usergroup !== null && viewer.usergroups.has(team.usergroup));
}

/** `visibility: open` shows every team to everyone; otherwise members, owners and admins only. */
export function canSeeTeam(viewer: Viewer, team: Team | undefined, org: OrgSettings): boolean {
  if (org.visibility === 'open' || isAdmin(viewer, org)) return true;
  return team !== undefined && belongsToTeam(viewer, team);
}

/** May see every team's figures at once (org-wide `top`, `tag` across teams, unattributed spend). */
export function canSeeOrg(viewer: Viewer, org: OrgSettings): boolean {
  return org.visibility === 'open' || isAdmin(viewer, org);
}

/** The team keys whose figures this viewer may see; null means all of them (and unattributed). */
export function visibleTeamKeys(viewer: Viewer, teams: readonly Team[], org: OrgSettings): string[] | null {
  if (canSeeOrg(viewer, org)) return null;
  return teams.filter((t) => belongsToTeam(viewer, t)).map((t) => t.key);
}

export function teamsOf(viewer: Viewer, teams: readonly Team[]): Team[] {
  return teams.filter((t) => belongsToTeam(viewer, t));
}

/** Budgets and subscriptions: owners and admins may change a team's settings. */
export function canManageTeam(viewer: Viewer, team: Team, org: OrgSettings): boolean {
  return isAdmin(viewer, org) || isTeamOwner(viewer, team);
}
