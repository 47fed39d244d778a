import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverOnce } from '../../src/jobs/deliver-once.js';
import { runAsDelivery } from '../../src/slack/delivery-context.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../../src/slack/slack-web.js';
import { claimDelivery, findDelivery } from '../../src/store/deliveries-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { SlackChannels } from '../helpers/slack-channels.js';

let t: TestDatabase;
let slack: FakeSlack;
const logs: string[] = [];
const log = createLogger({ level: 'debug', write: (l) => logs.push(l) });
const KIND = 'fault_test';
const EVENT_TYPE = 'tally_fault_test';
const now = new Date('2026-03-10T09:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

beforeAll(async () => {
  t = await freshDatabase();
  slack = await new FakeSlack().start();
});
afterAll(async () => slack.stop());
beforeEach(() => {
  channels = new SlackChannels(slack);
});
afterEach(() => slack.reset());

function notifier(o: { retries?: number; timeoutMs?: number } = {}) {
  const metrics = createMetrics({ processMetrics: false });
  const client = createSlackWebClient({ token: 'xoxb-test', apiUrl: slack.apiUrl, log, retries: o.retries ?? 2, minRetryMs: 10, timeoutMs: o.timeoutMs ?? 2_000 });
  return { n: new SlackNotifier(client, log, { minIntervalMs: 0, metrics }), metrics };
}

let channels: SlackChannels;

/** Messages for delivery `key` the channel shows. */
function accepted(key: string) {
  return channels.withDeliveryKey(`${KIND}:${key}`);
}

function send(n: SlackNotifier, key: string, channel = 'C0ALERTS') {
  return async () => ({ channel, messageTs: await n.post(channel, { text: `alert ${key}`, metadata: { event_type: EVENT_TYPE, event_payload: { key } } }) });
}

function deliver(n: SlackNotifier, key: string, at: Date, extra: { maxAttempts?: number; leaseMs?: number } = {}) {
  return deliverOnce(t.db, { kind: KIND, key, now: at, ...extra }, send(n, key));
}

describe('Slack faults during job deliveries', () => {
  it('waits out a 429 Retry-After and sends once', async () => {
    const { n } = notifier();
    slack.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const started = Date.now();
    expect(await deliver(n, 'r429', now)).toMatchObject({ status: 'sent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(await findDelivery(t.db, KIND, 'r429')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await deliver(n, 'r429', later(15))).toEqual({ status: 'skipped' });
  });

  it('retries 500s within the client bound, records the failure, and the next run sends exactly once', async () => {
    const { n, metrics } = notifier({ retries: 2 });
    slack.failNext('chat.postMessage', { status: 500, body: 'oops' }, 3);
    expect(await deliver(n, 'r500', now)).toMatchObject({ status: 'failed', permanent: false });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(await findDelivery(t.db, KIND, 'r500')).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/500|request_failed/) });
    expect((await metrics.slackApiErrors.get()).values.reduce((s, v) => s + v.value, 0)).toBe(1);
    expect(await deliver(n, 'r500', later(15))).toMatchObject({ status: 'sent' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(4);
    expect(accepted('r500')).toHaveLength(1);
    expect(await findDelivery(t.db, KIND, 'r500')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('treats a ratelimited body (HTTP 200, ok:false) as retryable, not permanent', async () => {
    const { n } = notifier({ retries: 0 });
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'ratelimited' } });
    expect(await deliver(n, 'rbody', now)).toEqual({ status: 'failed', error: 'ratelimited', permanent: false });
    expect(await findDelivery(t.db, KIND, 'rbody')).toMatchObject({ status: 'failed', last_error: 'ratelimited' });
    expect(await deliver(n, 'rbody', later(15))).toMatchObject({ status: 'sent' });
    expect(accepted('rbody')).toHaveLength(1);
  });

  it('after a timeout whose post Slack did accept, finds the message instead of sending it again', async () => {
    const { n } = notifier({ retries: 0, timeoutMs: 200 });
    slack.failNext('chat.postMessage', { hang: true });
    expect(await deliver(n, 'rhang', now)).toMatchObject({ status: 'failed', permanent: false });
    // Slack took the post; only its answer was lost.
    channels.land(slack.callsTo('chat.postMessage')[0]!);
    expect(await deliver(n, 'rhang', later(15))).toMatchObject({ status: 'sent', messageTs: channels.messages[0]?.ts });
    expect(accepted('rhang')).toHaveLength(1);
    expect(await findDelivery(t.db, KIND, 'rhang')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('after a crash between Slack accepting and the claim being marked sent, the lease expiry does not resend', async () => {
    const { n } = notifier();
    // The crashed run: claimed, posted, died before markDeliverySent.
    await claimDelivery(t.db, KIND, 'rcrash', { claimedBy: 'dead:1', now, maxAttempts: 5, leaseMs: 60_000 });
    await runAsDelivery({ key: `${KIND}:rcrash`, retry: false, now }, send(n, 'rcrash'));
    expect(await deliver(n, 'rcrash', later(0.5), { leaseMs: 60_000 })).toEqual({ status: 'skipped' });
    expect(await deliver(n, 'rcrash', later(2), { leaseMs: 60_000 })).toMatchObject({ status: 'sent' });
    expect(accepted('rcrash')).toHaveLength(1);
    // The job's own metadata survives beside the delivery key.
    expect(accepted('rcrash')[0]?.metadata).toEqual({ event_type: EVENT_TYPE, event_payload: { key: 'rcrash', delivery_key: `${KIND}:rcrash` } });
  });

  it('posts anyway when the history lookup fails (missing scope), so a message is never held back', async () => {
    const { n } = notifier({ retries: 0 });
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'ratelimited' } });
    await deliver(n, 'rscope', now);
    slack.failNext('conversations.history', { body: { ok: false, error: 'missing_scope' } });
    expect(await deliver(n, 'rscope', later(15))).toMatchObject({ status: 'sent' });
    expect(accepted('rscope')).toHaveLength(1);
    expect(logs.some((l) => l.includes('could not look for an earlier attempt'))).toBe(true);
  });

  it('gives up after maxAttempts, and at once on a permanent error; never calls Slack again after that', async () => {
    const { n } = notifier({ retries: 0 });
    slack.failNext('chat.postMessage', { status: 503, body: 'down' }, 3);
    for (let run = 0; run < 5; run++) await deliver(n, 'rbound', later(run * 15), { maxAttempts: 3 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(accepted('rbound')).toHaveLength(0);
    expect(await findDelivery(t.db, KIND, 'rbound')).toMatchObject({ status: 'gave_up', attempts: 3 });

    slack.calls.length = 0;
    slack.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    expect(await deliver(n, 'rperm', now)).toEqual({ status: 'failed', error: 'channel_not_found', permanent: true });
    expect(await deliver(n, 'rperm', later(15))).toEqual({ status: 'skipped' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await findDelivery(t.db, KIND, 'rperm')).toMatchObject({ status: 'gave_up' });
  });
});
