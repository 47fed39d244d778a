import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/log.js';
import { spendTotals } from '../../src/store/spend-store.js';
import { spawnServer } from '../helpers/child-process.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { usageEvent } from '../helpers/post-events.js';
import { TEST_INGEST_TOKEN } from '../helpers/test-server.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
});

/** Starts a POST whose body arrives in two parts, so the request is in flight for as long as we like. */
function slowPost(baseUrl: string, body: string) {
  const url = new URL('/v1/events', baseUrl);
  const half = Math.floor(body.length / 2);
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${TEST_INGEST_TOKEN}` } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, half));
    finish = () => req.end(body.slice(half));
  });
  return { response, finish: () => finish() };
}

describe('SIGTERM', () => {
  it('stops accepting, finishes the request in flight, closes the pool and exits 0', async () => {
    const server = await spawnServer({ DATABASE_URL: t.url, TALLY_INGEST_TOKENS: TEST_INGEST_TOKEN });
    const events = Array.from({ length: 200 }, (_, i) => usageEvent(`term-${i}`, 'search', 0.5, { timestamp: new Date(Date.now() - 3_600_000).toISOString() }));
    const inFlight = slowPost(server.baseUrl, JSON.stringify({ events }));
    // Give the first half time to reach the server, so the request is in flight when the signal lands.
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await server.waitForLine('"stopping"');
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
    inFlight.finish();
    const answer = await inFlight.response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ accepted: 200, duplicates: 0 });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    // main.ts logs "stopped" only after the pool has closed.
    expect(server.lines.some((l) => l.includes('"stopped"'))).toBe(true);
    expect((await spendTotals(t.db, { from: '2020-01-01', to: '2100-01-01' })).calls).toBe(200);
  });

  it('waits for a running job before the scheduler reports stopped', async () => {
    const config = loadConfig({ DATABASE_URL: t.url });
    const deps = await buildDeps(config, t.db, createLogger({ write: () => undefined }));
    let finished = false;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    // A six-field cron fires every second, so the test waits at most a second for the tick.
    const job = {
      name: 'slow-job',
      cron: '* * * * * *',
      run: async () => {
        started();
        await new Promise((r) => setTimeout(r, 400));
        finished = true;
        return {};
      },
    };
    const scheduler = startScheduler(deps, [job], 'UTC');
    await running;
    await scheduler.stop();
    expect(finished).toBe(true);
  });
});
