import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobSlot } from '../../src/jobs/scheduler.js';
import { SlackDeliveryError, SlackNotifier } from '../../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../../src/slack/slack-web.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { postEvents, usageEvent } from '../helpers/post-events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;
const now = new Date('2026-03-10T12:00:00Z');

beforeAll(async () => {
  t = await freshDatabase();
  server = await startTestServer(t.db, { now: () => now });
});
afterAll(async () => server.close());

async function scrape(): Promise<string> {
  const res = await fetch(`${server.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics, /healthz, /readyz and request ids', () => {
  it('counts accepted, duplicate and rejected events, and times requests per route', async () => {
    const res = await postEvents(server.baseUrl, [usageEvent('m1', 'search', 1), usageEvent('m2', null, 2), usageEvent('m1', 'search', 1), { id: 'bad' }], undefined, {
      'x-request-id': 'batch-42',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('batch-42');
    await fetch(`${server.baseUrl}/no-such-path`);
    const text = await scrape();
    expect(sample(text, 'tally_events_total{outcome="accepted"}')).toBe(2);
    expect(sample(text, 'tally_events_total{outcome="duplicate"}')).toBe(1);
    expect(sample(text, 'tally_events_total{outcome="rejected"}')).toBe(1);
    expect(sample(text, 'tally_http_request_duration_seconds_count{method="POST",route="/v1/events",status="200"}')).toBe(1);
    expect(sample(text, 'tally_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(sample(text, 'tally_last_ingest_timestamp_seconds')).toBeGreaterThan(0);
    // The newest event (2026-03-09T08:00Z) is 28 hours old at the pinned now.
    expect(sample(text, 'tally_newest_event_age_seconds')).toBe(28 * 3600);
    expect(text).toContain('process_cpu_seconds_total');
    const line = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'events ingested');
    expect(line).toMatchObject({ level: 'info', requestId: 'batch-42', route: '/v1/events', accepted: 2, duplicates: 1, rejected: 1 });
  });

  it('counts job runs, failures and durations of the slots this replica ran', async () => {
    const ok = { name: 'metrics-ok', cron: '* * * * *', run: async () => ({ done: true }) };
    const failing = { name: 'metrics-fail', cron: '* * * * *', run: async () => Promise.reject(new Error('boom')) };
    expect(await runJobSlot(ok, server.deps, now)).toBe(true);
    expect(await runJobSlot(ok, server.deps, now)).toBe(false);
    expect(await runJobSlot(failing, server.deps, now)).toBe(true);
    const text = await scrape();
    expect(sample(text, 'tally_job_runs_total{job="metrics-ok",outcome="ok"}')).toBe(1);
    expect(sample(text, 'tally_job_runs_total{job="metrics-fail",outcome="failed"}')).toBe(1);
    expect(sample(text, 'tally_job_duration_seconds_count{job="metrics-ok"}')).toBe(1);
  });

  it('counts Slack API errors by method and code', async () => {
    const notifier = new SlackNotifier(createSlackWebClient({ token: 'xoxb-test', apiUrl: server.slack.apiUrl, log: server.deps.log, retries: 0 }), server.deps.log, {
      minIntervalMs: 0,
      metrics: server.deps.metrics,
    });
    server.slack.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await expect(notifier.post('C404', { text: 'hi' })).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(sample(await scrape(), 'tally_slack_api_errors_total{method="chat.postMessage",code="channel_not_found"}')).toBe(1);
  });

  it('says alive on /healthz and ready on /readyz with every migration applied', async () => {
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.baseUrl}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('gives every Slack request a request id', async () => {
    const text = await server.cost('help', 'U1');
    expect(text.all).toContain('/cost');
    const res = await fetch(`${server.baseUrl}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
