import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app-deps.js';
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { runDigests } from '../../src/jobs/digest-run.js';
import { createLogger } from '../../src/log.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../../src/slack/slack-web.js';
import type { Db } from '../../src/store/db.js';
import { claimDelivery, findDelivery, listDeliveries } from '../../src/store/deliveries-store.js';
import { saveSlackSubscription } from '../../src/store/digest-subscriptions-store.js';
import { spawnTally } from '../helpers/child-process.js';
import { freshDatabase } from '../helpers/database.js';
import { DIGEST_NOW, seedDigestData } from '../helpers/digest-fixtures.js';
import { FakeSlack, type SlackCall } from '../helpers/fake-slack.js';

const log = createLogger({ level: 'error', write: () => undefined });
const HOUR = 3_600_000;
let db: Db;
let url: string;
let fake: FakeSlack;

beforeAll(async () => {
  ({ db, url } = await freshDatabase());
  await seedDigestData(db);
  fake = await new FakeSlack().start();
});
afterAll(async () => fake.stop());
beforeEach(async () => {
  fake.reset();
  await db.query('DELETE FROM slack_deliveries');
  await db.query("DELETE FROM digest_subscriptions WHERE source = 'slack'");
});

function notifier(minIntervalMs = 0): SlackNotifier {
  return new SlackNotifier(createSlackWebClient({ token: 'xoxb-test', apiUrl: fake.apiUrl, log, retries: 1, minRetryMs: 10 }), log, { minIntervalMs });
}

async function deps(n: SlackNotifier | null = notifier()): Promise<AppDeps> {
  return { ...(await buildDeps(loadConfig({}), db, log, () => DIGEST_NOW)), notifier: n };
}

function later(ms: number): Date {
  return new Date(DIGEST_NOW.getTime() + ms);
}

function postsTo(channel: string): SlackCall[] {
  return fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
}

type Block = { type: string; slack_file?: { id: string }; text?: { text: string } };
function blocksOf(call: SlackCall): Block[] {
  return call.params.blocks as Block[];
}

describe('runDigests', () => {
  it('posts one message per team per channel, the chart uploaded privately and shown in an image block; a second run posts nothing', async () => {
    const s = await runDigests(await deps(), DIGEST_NOW);
    expect(s).toMatchObject({ due: 4, sent: 4, skipped: 0, failed: [], textFallbacks: 0 });
    const uploads = fake.callsTo('files.getUploadURLExternal');
    expect(uploads).toHaveLength(2); // the two reports; quiet and new teams get one line and no chart
    const bytes = fake.callsTo('file_upload').map((c) => c.params);
    expect(bytes.every((p) => p.multipart === true && Number(p.bytes) > 5_000)).toBe(true);
    const completes = fake.callsTo('files.completeUploadExternal');
    expect(completes.every((c) => c.params.channel_id === undefined && c.params.channels === undefined)).toBe(true);

    const [search] = postsTo('C0SEARCH');
    const image = blocksOf(search!).find((b) => b.type === 'image');
    expect(image?.slack_file?.id).toMatch(/^F\d+$/);
    expect(uploads.some((u) => fake.calls.some((c) => c.path === `/upload/${image!.slack_file!.id}`))).toBe(true);
    expect(blocksOf(search!).length).toBeLessThanOrEqual(15);
    expect(search!.params.text).toBe('Search Relevance: $135.00 spent Mar 2–8, 2026 (+92.9% vs the week before)');
    expect(search!.params.metadata).toEqual({ event_type: 'tally_delivery', event_payload: { delivery_key: 'digest:C0SEARCH:search:2026-03-02' } });
    expect(postsTo('C0QUIET')[0]!.params.text).toContain('no agent spend Mar 2–8, 2026');
    expect(postsTo('C0FRESH')[0]!.params.text).toContain('no history yet');
    expect(postsTo('C0ADS')[0]!.params.text).toContain('Ads: $2.00 spent Mar 8, 2026');
    expect((await listDeliveries(db, 'digest')).map((d) => [d.dedupe_key, d.status])).toEqual([
      ['C0ADS:ads:2026-03-08', 'sent'],
      ['C0FRESH:fresh:2026-03-02', 'sent'],
      ['C0QUIET:quiet:2026-03-02', 'sent'],
      ['C0SEARCH:search:2026-03-02', 'sent'],
    ]);

    const again = await runDigests(await deps(), later(HOUR));
    expect(again).toMatchObject({ due: 4, sent: 0, skipped: 4 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('posts weekly digests only on the day after the week; daily ones every day', async () => {
    const wednesday = new Date('2026-03-11T09:00:00Z');
    const s = await runDigests(await deps(), wednesday);
    expect(s).toMatchObject({ due: 1, sent: 1 });
    expect(postsTo('C0ADS')).toHaveLength(1);
  });

  it('falls back to a text sparkline when files:write is missing, without retrying the upload per team', async () => {
    fake.failNext('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
    const s = await runDigests(await deps(), DIGEST_NOW, { concurrency: 1 });
    expect(s).toMatchObject({ sent: 4, textFallbacks: 2 });
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    const blocks = blocksOf(postsTo('C0SEARCH')[0]!);
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
    expect(blocks.some((b) => b.text?.text.includes('▅▅▅▅▅▅▅█'))).toBe(true);
  });

  it('posts without the picture when Slack refuses the just-uploaded file as an image source', async () => {
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'invalid_blocks' } });
    const s = await runDigests(await deps(), DIGEST_NOW, { channel: 'C0SEARCH' });
    expect(s).toMatchObject({ sent: 1, textFallbacks: 1 });
    const posts = postsTo('C0SEARCH');
    expect(posts).toHaveLength(2);
    expect(blocksOf(posts[1]!).some((b) => b.type === 'image')).toBe(false);
  });

  it('honours 429 Retry-After and posts once', async () => {
    fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const s = await runDigests(await deps(), DIGEST_NOW, { channel: 'C0SEARCH' });
    expect(s).toMatchObject({ sent: 1, failed: [] });
    const [first, second] = postsTo('C0SEARCH');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(postsTo('C0SEARCH')).toHaveLength(2);
  });

  it('records a failed post with its error, retries it on the next runs and gives up after five attempts', async () => {
    fake.failNext('chat.postMessage', { status: 503, body: 'unavailable' }, 2);
    const first = await runDigests(await deps(), DIGEST_NOW, { channel: 'C0QUIET' });
    expect(first.failed).toEqual([{ channel: 'C0QUIET', team: 'quiet', error: 'http_503', final: false }]);
    expect(await findDelivery(db, 'digest', 'C0QUIET:quiet:2026-03-02')).toMatchObject({ status: 'failed', last_error: 'http_503', attempts: 1 });
    const second = await runDigests(await deps(), later(HOUR), { channel: 'C0QUIET' });
    expect(second).toMatchObject({ sent: 1, failed: [] });

    await db.query('DELETE FROM slack_deliveries');
    fake.failNext('chat.postMessage', { status: 500, body: 'boom' }, 10);
    for (let i = 0; i < 5; i++) await runDigests(await deps(), later(i * HOUR), { channel: 'C0QUIET' });
    expect(await findDelivery(db, 'digest', 'C0QUIET:quiet:2026-03-02')).toMatchObject({ status: 'gave_up', attempts: 5 });
    const sixth = await runDigests(await deps(), later(6 * HOUR), { channel: 'C0QUIET' });
    expect(sixth).toMatchObject({ sent: 0, skipped: 1 });
  });

  it('on not_in_channel retries next run and DMs the subscriber how to invite the bot (once); teams.yml channels are logged', async () => {
    await saveSlackSubscription(db, { channel: 'C0NEW', team: 'search', cadence: 'weekly', subscribedBy: 'U0MEM' });
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const first = await runDigests(await deps(), DIGEST_NOW, { channel: 'C0NEW' });
    expect(first.failed).toEqual([{ channel: 'C0NEW', team: 'search', error: 'not_in_channel', final: false }]);
    expect(first.needsInvite).toEqual([{ channel: 'C0NEW', team: 'search', told: 'U0MEM' }]);
    const dm = postsTo('D0MEM');
    expect(dm).toHaveLength(1);
    expect(String(dm[0]!.params.text)).toContain('invite me');
    expect(JSON.stringify(dm[0]!.params.blocks)).toContain('/invite @Tally');

    fake.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await runDigests(await deps(), later(HOUR), { channel: 'C0NEW' });
    expect(postsTo('D0MEM')).toHaveLength(1);
    const third = await runDigests(await deps(), later(2 * HOUR), { channel: 'C0NEW' });
    expect(third.sent).toBe(1);

    fake.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const fileChannel = await runDigests(await deps(), DIGEST_NOW, { channel: 'C0QUIET' });
    expect(fileChannel.needsInvite).toEqual([{ channel: 'C0QUIET', team: 'quiet', told: null }]);
  });

  it('two concurrent runs post each digest exactly once', async () => {
    const [a, b] = await Promise.all([runDigests(await deps(notifier()), DIGEST_NOW), runDigests(await deps(notifier()), DIGEST_NOW)]);
    expect(a.sent + b.sent).toBe(4);
    expect(a.skipped + b.skipped).toBe(4);
    for (const channel of ['C0SEARCH', 'C0QUIET', 'C0FRESH', 'C0ADS']) expect(postsTo(channel)).toHaveLength(1);
  });

  it('paces posts to one channel at one per second, while other channels go on', async () => {
    await saveSlackSubscription(db, { channel: 'C0PAIR', team: 'search', cadence: 'weekly', subscribedBy: 'U0OWN' });
    await saveSlackSubscription(db, { channel: 'C0PAIR', team: 'quiet', cadence: 'weekly', subscribedBy: 'U0OWN' });
    await runDigests(await deps(notifier(1_000)), DIGEST_NOW);
    const [first, second] = postsTo('C0PAIR');
    // The notifier spaces the starts of two posts by 1 s; the first post's own latency can shave a little off.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(600);
    const others = fake.callsTo('chat.postMessage').filter((c) => c.params.channel !== 'C0PAIR');
    expect(others).toHaveLength(4);
    expect(others.every((c) => c.at < second!.at)).toBe(true);
  });

  it('a claim left by a dead run is skipped while its lease runs, then posted once (nothing found in the channel)', async () => {
    const key = 'C0QUIET:quiet:2026-03-02';
    await claimDelivery(db, 'digest', key, { claimedBy: 'dead:1', now: later(-5 * 60_000), maxAttempts: 5, leaseMs: 15 * 60_000 });
    expect(await runDigests(await deps(), DIGEST_NOW, { channel: 'C0QUIET' })).toMatchObject({ sent: 0, skipped: 1 });
    expect(await runDigests(await deps(), later(20 * 60_000), { channel: 'C0QUIET' })).toMatchObject({ sent: 1 });
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(postsTo('C0QUIET')).toHaveLength(1);
  });

  it('a run SIGKILLed mid-post resumes: finished channels are not re-posted, the message in flight is found, the rest are posted', async () => {
    for (const channel of ['C1', 'C2', 'C3', 'C4']) await saveSlackSubscription(db, { channel, team: 'search', cadence: 'weekly', subscribedBy: 'U0OWN' });
    const delivered: { channel: string; ts: string; metadata: unknown }[] = [];
    let posts = 0;
    fake.on('chat.postMessage', (call) => {
      const ts = `${1_800_000_000 + ++posts}.000100`;
      delivered.push({ channel: String(call.params.channel), ts, metadata: call.params.metadata });
      // The 5th post (C1) reaches Slack, but its answer never comes back: the process dies waiting.
      return posts === 5 ? { hang: true } : { body: { ok: true, channel: call.params.channel, ts } };
    });
    fake.on('conversations.history', (call) => ({ body: { ok: true, messages: delivered.filter((m) => m.channel === call.params.channel) } }));

    const child = spawnTally('test/helpers/digest-run-child.ts', [], { DATABASE_URL: url, SLACK_API_URL: fake.apiUrl, DIGEST_NOW: DIGEST_NOW.toISOString() });
    await fake.waitFor('chat.postMessage', 5, 20_000);
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const statuses = (await listDeliveries(db, 'digest')).map((d) => d.status).sort();
    expect(statuses).toEqual(['sending', 'sent', 'sent', 'sent', 'sent']);

    const resumed = await runDigests(await deps(), later(20 * 60_000));
    expect(resumed).toMatchObject({ due: 8, sent: 4, skipped: 4, failed: [] });
    for (const channel of ['C0ADS', 'C0FRESH', 'C0QUIET', 'C0SEARCH', 'C1', 'C2', 'C3', 'C4']) expect(postsTo(channel)).toHaveLength(1);
    expect(await findDelivery(db, 'digest', 'C1:search:2026-03-02')).toMatchObject({ status: 'sent', message_ts: '1800000005.000100' });
  });

  it('1,000 subscribed channels finish in one run, with the default pacing', async () => {
    await db.query(
      `INSERT INTO digest_subscriptions (channel, team, cadence, source, subscribed_by)
       SELECT 'CBULK' || lpad(i::text, 4, '0'), 'quiet', 'weekly', 'slack', 'U0QOWN' FROM generate_series(1, 1000) i`,
    );
    const started = Date.now();
    const s = await runDigests(await deps(new SlackNotifier(createSlackWebClient({ token: 'xoxb-test', apiUrl: fake.apiUrl, log }), log)), DIGEST_NOW);
    expect(s).toMatchObject({ due: 1004, sent: 1004, failed: [] });
    expect(Date.now() - started).toBeLessThan(40_000);
  }, 60_000);

  it('tally digest run --dry-run prints the digests and posts nothing, with Slack unconfigured', async () => {
    const cli = spawnTally('src/cli/index.ts', ['digest', 'run', '--dry-run', '--at', DIGEST_NOW.toISOString(), '--channel', 'C0SEARCH'], { DATABASE_URL: url });
    expect((await cli.exited).code).toBe(0);
    const out = cli.lines.join('\n');
    expect(out).toContain('── to C0SEARCH ──');
    expect(out).toContain('SEARCH RELEVANCE: WEEKLY AGENT SPEND');
    expect(out).toContain('1 digest due at 2026-03-09T09:00:00.000Z; dry run: nothing posted or recorded.');
    expect(await listDeliveries(db, 'digest')).toEqual([]);
  });

  it('dry run returns every due digest as text and posts and records nothing, even without Slack', async () => {
    const s = await runDigests(await deps(null), DIGEST_NOW, { dryRun: true });
    expect(s.previews.map((p) => p.channel)).toEqual(['C0ADS', 'C0FRESH', 'C0QUIET', 'C0SEARCH']);
    const search = s.previews.find((p) => p.team === 'search')!.text;
    expect(search).toContain('── to C0SEARCH');
    expect(search).toContain('$135.00 spent Mar 2–8, 2026');
    expect(search).toContain('runaway-1');
    expect(fake.calls).toHaveLength(0);
    expect(await listDeliveries(db, 'digest')).toEqual([]);
    await expect(runDigests(await deps(null), DIGEST_NOW)).rejects.toBeInstanceOf(UserError);
  });
});
