import type { AppDeps } from '../app-deps.js';
import type { Config } from '../config.js';
import { digestPeriod, isDigestDue } from '../domain/digest-period.js';
import type { Period } from '../domain/periods.js';
import type { OrgSettings, Team } from '../domain/team-directory.js';
import { UserError } from '../errors.js';
import { renderDigestBlocks, renderDigestInviteNotice, type DigestChart } from '../render/digest-blocks.js';
import { renderDigestText } from '../render/digest-text.js';
import { digestTrendChart, renderTrendChart } from '../render/trend-chart.js';
import { digestContent, type DigestContent, type DigestReport } from '../services/digest-content.js';
import { SlackDeliveryError, type SlackNotifier } from '../slack/slack-notifier.js';
import { findDelivery } from '../store/deliveries-store.js';
import { listDigestSubscriptions, type DigestSubscription } from '../store/digest-subscriptions-store.js';
import { getOrgSettings, listTeams } from '../store/teams-store.js';
import { deliverOnce } from './deliver-once.js';
import type { ScheduledJob } from './scheduled-job.js';

/** First run 09:00 in the org timezone; the later hourly ticks that day retry failures and resume a crashed run. */
export const DEFAULT_DIGEST_CRON = '0 9-17 * * *';
const KIND = 'digest';
const MAX_ATTEMPTS = 5;
const DEFAULT_CONCURRENCY = 8;
// Slack calls these permanent, but an invite (or a renamed channel) fixes them, so later runs retry them.
const FIXABLE_CODES = new Set(['not_in_channel', 'channel_not_found']);

export interface DigestRunOptions {
  /** Only this channel's subscriptions. */
  channel?: string;
  /** Compose and return the digests as text; post nothing, claim nothing. */
  dryRun?: boolean;
  /** Channels worked on at once; within one channel, posts go one after another (≤ 1 message/s). */
  concurrency?: number;
}

export interface DigestFailure {
  channel: string;
  team: string;
  error: string;
  /** No more attempts: recorded as gave_up. */
  final: boolean;
}

export interface DigestRunSummary {
  /** Subscriptions whose digest is due at `now`. */
  due: number;
  sent: number;
  /** Already posted, in flight in another run, or out of attempts. */
  skipped: number;
  failed: DigestFailure[];
  /** Posted with a text sparkline because the chart could not be uploaded or shown. */
  textFallbacks: number;
  /** Channels the bot must be invited to; `told` is who got a DM about it (null: only logged). */
  needsInvite: { channel: string; team: string; told: string | null }[];
  /** Dry runs only: each digest as terminal text. */
  previews: { channel: string; team: string; text: string }[];
}

/** Marks a Slack refusal that a human can fix, so deliverOnce records it as retryable. */
class FixableSlackError extends Error {
  constructor(readonly code: string, options: { cause: unknown }) {
    super(code, options);
    this.name = 'FixableSlackError';
  }
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** One promise per key: concurrent channels of the same team share its content and chart. */
function memoized<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) {
    hit = make();
    cache.set(key, hit);
  }
  return hit;
}

function groupByChannel(subscriptions: readonly DigestSubscription[]): DigestSubscription[][] {
  const groups = new Map<string, DigestSubscription[]>();
  for (const s of subscriptions) groups.set(s.channel, [...(groups.get(s.channel) ?? []), s]);
  return [...groups.values()];
}

/** Posts the due digests of one run; what one team's digest needs is composed and uploaded once per run. */
class DigestRun {
  private readonly contents = new Map<string, Promise<DigestContent>>();
  private readonly charts = new Map<string, Promise<DigestChart>>();
  private uploadsDisabled = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly notifier: SlackNotifier,
    private readonly org: OrgSettings,
    private readonly teams: ReadonlyMap<string, Team>,
    private readonly now: Date,
    private readonly summary: DigestRunSummary,
  ) {}

  content(s: DigestSubscription): Promise<DigestContent> {
    return memoized(this.contents, `${s.team}:${s.cadence}`, () =>
      digestContent(this.deps.db, { team: this.teams.get(s.team)!, org: this.org, cadence: s.cadence, now: this.now, prices: this.deps.prices }),
    );
  }

  /** Renders and uploads the chart once per team; null (text sparkline) when Slack won't take files. */
  private chart(report: DigestReport): Promise<DigestChart> {
    return memoized(this.charts, `${report.team.key}:${report.cadence}`, () => this.uploadChart(report));
  }

  private async uploadChart(report: DigestReport): Promise<DigestChart> {
    if (this.uploadsDisabled) return null;
    try {
      const chart = digestTrendChart(report);
      const data = await renderTrendChart(chart);
      const fileId = await this.notifier.uploadPrivateImage({ filename: `tally-digest-${report.team.key}-${report.period.from}.png`, data, altText: chart.subtitle });
      return { fileId };
    } catch (err) {
      const error = err instanceof SlackDeliveryError ? err.code : (err as Error).message;
      // Without files:write every upload fails the same way: stop trying for this run.
      if (error === 'missing_scope' || error === 'not_allowed_token_type') this.uploadsDisabled = true;
      this.deps.log.warn('digest chart upload failed; posting a text sparkline instead', { team: report.team.key, error });
      return null;
    }
  }

  async deliver(s: DigestSubscription): Promise<void> {
    const period = digestPeriod(s.cadence, this.now, this.org.timezone);
    const key = `${s.channel}:${s.team}:${period.from}`;
    const outcome = await deliverOnce(
      this.deps.db,
      { kind: KIND, key, now: this.now, maxAttempts: MAX_ATTEMPTS, detail: { channel: s.channel, team: s.team, cadence: s.cadence, periodStart: period.from } },
      () => this.send(s),
    );
    if (outcome.status === 'sent') this.summary.sent++;
    else if (outcome.status === 'skipped') this.summary.skipped++;
    else {
      const row = await findDelivery(this.deps.db, KIND, key);
      this.summary.failed.push({ channel: s.channel, team: s.team, error: outcome.error, final: row?.status === 'gave_up' });
      if (FIXABLE_CODES.has(outcome.error)) await this.askForInvite(s, period, key, outcome.error);
    }
  }

  /** Runs inside deliverOnce: on a retry the notifier first looks for the message a crashed attempt may have posted. */
  private async send(s: DigestSubscription): Promise<{ channel: string; messageTs: string }> {
    const content = await this.content(s);
    const chart = content.kind === 'report' ? await this.chart(content) : null;
    try {
      const posted = await this.post(s.channel, content, chart);
      if (content.kind === 'report' && !posted.withChart) this.summary.textFallbacks++;
      return { channel: s.channel, messageTs: posted.ts };
    } catch (err) {
      if (err instanceof SlackDeliveryError && FIXABLE_CODES.has(err.code)) throw new FixableSlackError(err.code, { cause: err });
      throw err;
    }
  }

  /** Posts with the chart; a just-uploaded private file can be refused as an image source (invalid_blocks), then without. */
  private async post(channel: string, content: DigestContent, chart: DigestChart): Promise<{ ts: string; withChart: boolean }> {
    if (chart) {
      try {
        return { ts: await this.notifier.post(channel, renderDigestBlocks(content, chart)), withChart: true };
      } catch (err) {
        if (!(err instanceof SlackDeliveryError && err.code === 'invalid_blocks')) throw err;
      }
    }
    return { ts: await this.notifier.post(channel, renderDigestBlocks(content, null)), withChart: false };
  }

  /** DMs whoever subscribed (once per digest) how to invite the bot; teams.yml channels are only logged. */
  private async askForInvite(s: DigestSubscription, period: Period, key: string, code: string): Promise<void> {
    const team = this.teams.get(s.team)!;
    const notice = renderDigestInviteNotice({ channel: s.channel, teamName: team.name, cadence: s.cadence, code });
    if (!s.subscribedBy) {
      this.deps.log.warn('digest channel needs the bot: invite it with /invite in that channel (or fix the channel in teams.yml)', { channel: s.channel, team: s.team, code });
      this.summary.needsInvite.push({ channel: s.channel, team: s.team, told: null });
      return;
    }
    const subscriber = s.subscribedBy;
    const told = await deliverOnce(this.deps.db, { kind: 'digest_invite', key, now: this.now, maxAttempts: 2, detail: { channel: s.channel, team: s.team, periodStart: period.from } }, async () => ({
      messageTs: await this.notifier.dm(subscriber, notice),
    }));
    this.summary.needsInvite.push({ channel: s.channel, team: s.team, told: told.status === 'failed' ? null : subscriber });
  }
}

function emptySummary(): DigestRunSummary {
  return { due: 0, sent: 0, skipped: 0, failed: [], textFallbacks: 0, needsInvite: [], previews: [] };
}

/**
 * Posts every digest due at `now`: each (channel, team, period) is claimed in Postgres before posting,
 * so a crashed run resumes where it stopped and two runs never both post. Channels run concurrently.
 */
export async function runDigests(deps: AppDeps, now: Date, o: DigestRunOptions = {}): Promise<DigestRunSummary> {
  const [org, teamList, subscriptions] = await Promise.all([getOrgSettings(deps.db), listTeams(deps.db), listDigestSubscriptions(deps.db, { channel: o.channel })]);
  const teams = new Map(teamList.map((t) => [t.key, t]));
  const due = subscriptions.filter((s) => teams.has(s.team) && isDigestDue(s.cadence, now, org.timezone));
  const summary = emptySummary();
  summary.due = due.length;
  if (o.dryRun) {
    for (const s of due) {
      const content = await digestContent(deps.db, { team: teams.get(s.team)!, org, cadence: s.cadence, now, prices: deps.prices });
      summary.previews.push({ channel: s.channel, team: s.team, text: renderDigestText(content, s.channel) });
    }
    return summary;
  }
  if (!deps.notifier) throw new UserError('Slack is not configured (set SLACK_BOT_TOKEN); use --dry-run to see the digests without posting.');
  const run = new DigestRun(deps, deps.notifier, org, teams, now, summary);
  await forEachConcurrently(groupByChannel(due), o.concurrency ?? DEFAULT_CONCURRENCY, async (channelSubscriptions) => {
    for (const s of channelSubscriptions) {
      try {
        await run.deliver(s);
      } catch (err) {
        // The database failing for one digest should not stop the other channels; the next run retries.
        deps.log.error('digest delivery failed', { channel: s.channel, team: s.team, err });
        summary.failed.push({ channel: s.channel, team: s.team, error: (err as Error).message, final: false });
      }
    }
  });
  return summary;
}

/** The scheduled digest job: TALLY_DIGEST_CRON, else 09:00–17:00 hourly in the org timezone. */
export function digestJob(config: Config): ScheduledJob {
  return {
    name: 'digests',
    cron: config.digestCron ?? DEFAULT_DIGEST_CRON,
    run: async (deps, now) => (deps.notifier ? runDigests(deps, now) : { skipped: 'Slack is not configured' }),
  };
}
