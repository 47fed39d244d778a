import type { Viewer } from '../domain/access.js';
import type { Team } from '../domain/team-directory.js';
import type { Logger } from '../log.js';
import { slackErrorCode, type WebClient } from './slack-web.js';

interface Cached<T> {
  value: T;
  at: number;
}

/**
 * Learns who a Slack user is for access checks: their email (users.info) and the user groups teams
 * name (usergroups.users.list). Cached, because every command needs it and Slack rate-limits both.
 * A lookup that fails degrades to "not a member" rather than failing the command.
 */
export class SlackDirectory {
  private readonly emails = new Map<string, Cached<string | null>>();
  private readonly groups = new Map<string, Cached<ReadonlySet<string>>>();

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly ttlMs = 10 * 60 * 1000,
  ) {}

  private fresh<T>(entry: Cached<T> | undefined): entry is Cached<T> {
    return entry !== undefined && Date.now() - entry.at < this.ttlMs;
  }

  async emailOf(userId: string): Promise<string | null> {
    const hit = this.emails.get(userId);
    if (this.fresh(hit)) return hit.value;
    let email: string | null = null;
    try {
      const result = await this.client.users.info({ user: userId });
      email = result.user?.profile?.email?.toLowerCase() ?? null;
    } catch (err) {
      this.log.warn('users.info failed; treating the user as having no email', { code: slackErrorCode(err) });
    }
    this.emails.set(userId, { value: email, at: Date.now() });
    return email;
  }

  async usergroupMembers(usergroup: string): Promise<ReadonlySet<string>> {
    const hit = this.groups.get(usergroup);
    if (this.fresh(hit)) return hit.value;
    let members: ReadonlySet<string> = new Set();
    try {
      const result = await this.client.usergroups.users.list({ usergroup });
      members = new Set(result.users ?? []);
    } catch (err) {
      this.log.warn('usergroups.users.list failed; group treated as empty', { usergroup, code: slackErrorCode(err) });
    }
    this.groups.set(usergroup, { value: members, at: Date.now() });
    return members;
  }

  async viewer(userId: string, teams: readonly Team[]): Promise<Viewer> {
    const groupIds = [...new Set(teams.map((t) => t.usergroup).filter((g): g is string => g !== null))];
    const [email, memberships] = await Promise.all([
      this.emailOf(userId),
      Promise.all(groupIds.map(async (g) => ((await this.usergroupMembers(g)).has(userId) ? g : null))),
    ]);
    return { userId, email, usergroups: new Set(memberships.filter((g): g is string => g !== null)) };
  }
}
