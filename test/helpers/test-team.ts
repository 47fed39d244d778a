import type { Team } from '../../src/domain/team-directory.js';

/** A directory team with defaults for everything a test does not care about. */
export function testTeam(key: string, name: string, members: string[], owners: string[] = []): Team {
  return { key, name, owners, members, usergroup: null, channel: null, digest: 'weekly', valueMetric: null, settings: {} };
}
