import { belongsToTeam, isAdmin, type Viewer } from './access.js';
import type { OrgSettings, Team } from './team-directory.js';

/** What an answer is about: the viewer's own spend, or the figures of some teams. */
export type ShareScope = { kind: 'self' } | { kind: 'teams'; teams: readonly Team[] };

/**
 * Whether `/cost … share` may post this answer in `channelId`. With `visibility: open` anything may
 * be shared; otherwise admins may share anywhere, anyone may share their own spend, and team figures
 * go only to a channel that is the configured channel of every team shown, by someone in those teams —
 * so a channel never sees a team's numbers its members could not have asked for themselves.
 */
export function mayShareIn(viewer: Viewer, org: OrgSettings, scope: ShareScope, channelId: string): boolean {
  if (org.visibility === 'open' || isAdmin(viewer, org)) return true;
  if (scope.kind === 'self') return true;
  return scope.teams.length > 0 && scope.teams.every((t) => t.channel === channelId && belongsToTeam(viewer, t));
}
