import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AppDeps } from '../src/app-deps.js';
import { buildDeps } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { seededRandom, zipfPicker } from '../src/demo/random.js';
import { createLogger } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { getOrgSettings, replaceTeams, saveOrgSettings } from '../src/store/teams-store.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../test/helpers/slack-requests.js';
import { compareTeamMonth, loadSpendLog, type BaselineResult, type TeamMonth } from './baseline-spend-log.js';
import { ADMIN_USER, benchTeams, buildOrg, defaultShape, generateBatches, taskId, type BenchOrg } from './bench-data.js';
import { openBenchDatabase } from './bench-database.js';
import { ingestOverHttp, ingestWithCli, postBatch, writeJsonl, type IngestTotals } from './bench-ingest.js';
import { seedJobFixtures, timeJobs, withFakeNotifier } from './bench-jobs.js';
import { isBuilt, ResponseWaiter, sampleEndToEnd, sampleService, type CostQuery } from './bench-queries.js';
import { describeLatency, renderTables, round, target, type Latency, type Target } from './bench-report.js';
import { diskUsage, rssMb, tableBytes } from './bench-resources.js';
import { sampleLatency, timed, type Percentiles } from './measure.js';

const BATCH = 5_000;
const INGEST_TOKEN = 'bench-ingest-token-0001';

const optionsSchema = z.object({
  events: z.coerce.number().int().min(BATCH),
  clients: z.coerce.number().int().min(1).max(32),
  samples: z.coerce.number().int().min(5),
  seed: z.coerce.number().int(),
  'pg-port': z.coerce.number().int().min(1024).max(65535),
  'cli-share': z.coerce.number().min(0).max(0.5),
});
type BenchOptions = z.infer<typeof optionsSchema>;

function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '10000000' },
      clients: { type: 'string', default: '4' },
      samples: { type: 'string', default: '200' },
      seed: { type: 'string', default: '7' },
      'pg-port': { type: 'string', default: '54333' },
      'cli-share': { type: 'string', default: '0.05' },
    },
    strict: true,
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`bench options: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Seeds the directory: every team with one member and a channel, one admin who may see everything. */
async function seedDirectory(db: Db, org: BenchOrg, slack: FakeSlack): Promise<void> {
  await db.tx((q) => replaceTeams(q, benchTeams(org)));
  await saveOrgSettings(db, { ...(await getOrgSettings(db)), admins: [ADMIN_USER] });
  slack.addUser({ id: ADMIN_USER, email: 'admin@bench.example' });
  for (const t of org.teams) slack.addUser({ id: t.memberId, email: `${t.key}-lead@bench.example` });
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = fork('bench/bench-server.ts', [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => [null])])) as [{ port: number } | null];
  if (!message) throw new Error('the bench server exited before listening');
  return { child, baseUrl: `http://127.0.0.1:${message.port}` };
}

/** The four `/cost` answers, asked the way people would: heavy teams ask more often. */
function costQueries(org: BenchOrg): CostQuery[] {
  const random = seededRandom(org.shape.seed + 3);
  const pickTeam = zipfPicker(org.teams.length, 1, random);
  const teamAt = () => org.teams[pickTeam()]!;
  return [
    { name: 'myteam', ask: () => ({ text: 'myteam', userId: teamAt().memberId }) },
    { name: 'team', ask: () => ({ text: `team ${teamAt().key}`, userId: ADMIN_USER }) },
    { name: 'task', ask: () => ({ text: `task ${taskId(org.shape.seed, Math.floor(random() * org.shape.tasks * 0.9))}`, userId: ADMIN_USER }) },
    { name: 'top', ask: () => ({ text: 'top', userId: ADMIN_USER }) },
  ];
}

async function measureQuery(q: CostQuery, deps: AppDeps, waiter: ResponseWaiter, baseUrl: string, samples: number): Promise<Latency> {
  if (!isBuilt(q.name)) return { notBuilt: `/cost ${q.name}` };
  const e2e = await sampleEndToEnd(waiter, baseUrl, q, samples);
  const service = await sampleService(deps, q, samples);
  return { e2e, service };
}

/** Team-month answers for the heaviest, a middle and a tail team, in the last full month of data. */
function teamMonths(org: BenchOrg): TeamMonth[] {
  const end = org.shape.end;
  const monthStart = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  const monthEnd = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const n = org.teams.length;
  return [0, Math.floor(n / 10), n - 1].filter((i, k, all) => i < n && all.indexOf(i) === k).map((i) => ({ team: org.teams[i]!.key, from: day(monthStart), to: day(monthEnd) }));
}

/** p95 of the team-month answer from the store: the growth figure that exists whatever commands are built. */
async function teamMonthP95(db: Db, months: readonly TeamMonth[], samples: number): Promise<Percentiles> {
  const { spendTotals, spendByDay, spendBy } = await import('../src/store/spend-store.js');
  return sampleLatency(samples, async (i) => {
    const m = months[i % months.length]!;
    const f = { from: m.from, to: m.to, teams: [m.team] };
    await spendTotals(db, f);
    await spendByDay(db, f);
    await spendBy(db, f, 'model', 10);
    await spendBy(db, f, 'user', 10);
  });
}

function perSecond(t: IngestTotals): number {
  return t.ms > 0 ? Math.round((t.events / t.ms) * 1000) : 0;
}

/** Weekly digests go out on Monday mornings (org timezone, UTC here). */
function mondayMorningBefore(end: Date): Date {
  const daysSinceMonday = (end.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() - daysSinceMonday, 9, 5));
}

async function runBench(argv: string[]): Promise<Record<string, unknown>> {
  const options = readOptions(argv);
  const started = performance.now();
  const shape = defaultShape(options.events, options.seed);
  const org = buildOrg(shape);
  const growthAt = Math.max(BATCH, Math.min(1_000_000, Math.floor(options.events / 10 / BATCH) * BATCH));
  // Whole batches, and at least one whenever there is a CLI share at all, so the path is always exercised.
  const cliEvents = options['cli-share'] > 0 && options.events >= 2 * BATCH ? Math.max(BATCH, Math.floor((options.events * options['cli-share']) / BATCH) * BATCH) : 0;
  const env = process.env;
  const bench = await openBenchDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.TALLY_DATA_DIR ?? '.tally/bench', port: options['pg-port'] });
  const slack = await new FakeSlack().start();
  const work = await mkdtemp(join(tmpdir(), 'tally-bench-'));
  let server: ChildProcess | undefined;
  try {
    progress(`database ready (${bench.kind}); ${shape.teams} teams, ${shape.users} users, ${shape.events} events over ${shape.days} days`);
    await seedDirectory(bench.db, org, slack);
    const fixtures = await seedJobFixtures(bench.db, org);
    const serverEnv = {
      DATABASE_URL: bench.url,
      PORT: '0',
      TALLY_LOG_LEVEL: 'warn',
      TALLY_INGEST_TOKENS: INGEST_TOKEN,
      TALLY_INGEST_RATE_PER_MINUTE: '1000000',
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      BENCH_NOW: shape.end.toISOString(),
    };
    const { child, baseUrl } = await startServer(serverEnv);
    server = child;
    const idleRssMb = child.pid ? await rssMb(child.pid, 'VmRSS') : null;
    const config = loadConfig({ DATABASE_URL: bench.url });
    const deps = await buildDeps(config, bench.db, createLogger({ level: 'error', write: (l) => process.stderr.write(l + '\n') }), () => shape.end);
    const waiter = new ResponseWaiter(slack);
    const queries = costQueries(org);
    const months = teamMonths(org);
    const batches = generateBatches(org, BATCH);
    const firstBatch = generateBatches(org, BATCH).next().value ?? [];

    // 1. HTTP ingest up to the growth point, measure there, then on to the CLI share.
    const httpLimit = options.events - cliEvents;
    const early = await ingestOverHttp(baseUrl, INGEST_TOKEN, batches, options.clients, growthAt);
    progress(`${early.events} events over HTTP at ${perSecond(early)}/s; measuring at the growth point`);
    const growthSamples = Math.max(20, Math.floor(options.samples / 2));
    const myteam = queries[0]!;
    const atGrowth = {
      events: early.accepted,
      myteam: await measureQuery(myteam, deps, waiter, baseUrl, growthSamples),
      teamMonthStore: await teamMonthP95(bench.db, months, growthSamples),
    };
    const late = await ingestOverHttp(baseUrl, INGEST_TOKEN, batches, options.clients, httpLimit - early.events);
    const http: IngestTotals = {
      events: early.events + late.events,
      accepted: early.accepted + late.accepted,
      duplicates: early.duplicates + late.duplicates,
      rejected: early.rejected + late.rejected,
      ms: early.ms + late.ms,
    };
    progress(`${http.events} events over HTTP at ${perSecond(http)}/s`);

    // 2. Rollup lag: rollups are written by the statement that stores the events, so the first read
    // after the last acknowledged batch must already see every event.
    const lag = await timed(async () => {
      const rows = await bench.db.query<{ calls: string }>('SELECT coalesce(sum(calls), 0) AS calls FROM daily_spend');
      return Number(rows[0]?.calls ?? 0);
    });
    const rollupsCurrent = lag.result === http.accepted;
    const resend = await postBatch(baseUrl, INGEST_TOKEN, firstBatch);

    // 3. The rest through `tally ingest`.
    const jsonl = join(work, 'events.jsonl');
    await writeJsonl(jsonl, batches);
    const cli = cliEvents > 0 ? await ingestWithCli(jsonl, { DATABASE_URL: bench.url, TALLY_LOG_LEVEL: 'warn' }) : null;
    if (cli) progress(`${cli.events} events through tally ingest at ${perSecond(cli)}/s`);
    await bench.db.query('ANALYZE');

    // 4. Queries at full size.
    const full: Record<string, Latency> = {};
    for (const q of queries) {
      full[q.name] = await measureQuery(q, deps, waiter, baseUrl, options.samples);
      progress(`/cost ${q.name} measured`);
    }
    const teamMonthFull = await teamMonthP95(bench.db, months, options.samples);

    // 5. Jobs, whichever are built.
    const jobs = await timeJobs(withFakeNotifier(deps, slack), mondayMorningBefore(shape.end), shape.end);
    slack.calls.length = 0;
    progress('jobs done');

    // 6. Resources, before the baseline table exists.
    const peakRss = server.pid ? await rssMb(server.pid) : null;
    const disk = await diskUsage(bench.db);
    const totalEvents = http.accepted + (cli?.accepted ?? 0);
    const bytesPerEvent = totalEvents > 0 ? Math.round((disk.rawBytes + disk.aggregateBytes) / totalEvents) : 0;

    // 7. Baseline on the same server, same events.
    const loaded = await loadSpendLog(bench.db);
    progress(`baseline spend log loaded (${loaded.rows} rows in ${Math.round(loaded.ms / 1000)} s)`);
    const baseline: BaselineResult = await compareTeamMonth(bench.db, months);
    const baselineBytes = await tableBytes(bench.db, 'bench_spend_logs');

    const p95 = (l: Latency | undefined, part: 'e2e' | 'service') => (l && !('notBuilt' in l) ? l[part].p95 : null);
    const growthBase = p95(atGrowth.myteam, 'service') ?? atGrowth.teamMonthStore.p95;
    const growthFull = p95(full.myteam, 'service') ?? teamMonthFull.p95;
    const growthRatio = growthBase > 0 ? growthFull / growthBase : null;
    const targets: Target[] = [
      target('ingest over HTTP', '≥ 50,000 events/s', perSecond(http), (v) => v >= 50_000, ' events/s'),
      target('/cost myteam p95 end to end', '≤ 50 ms', p95(full.myteam, 'e2e'), (v) => v <= 50, ' ms'),
      target('/cost myteam p95 service+render', '≤ 20 ms', p95(full.myteam, 'service'), (v) => v <= 20, ' ms'),
      target(`p95 growth ${atGrowth.events} → ${totalEvents} events`, '≤ 1.5×', growthRatio, (v) => v <= 1.5, '×'),
      target('baseline / Tally, team-month answer', '≥ 100×', baseline.ratio, (v) => v >= 100, '×'),
      target(`${fixtures.channels.toLocaleString('en-US')} digests with charts`, '≤ 60 s', jobs.digestsWithCharts.ms / 1000, (v) => v <= 60, ' s'),
      target(`${fixtures.budgets.toLocaleString('en-US')} budgets`, '≤ 5 s', jobs.budgets.ms / 1000, (v) => v <= 5, ' s'),
      target('peak server RSS', '≤ 300 MB', peakRss, (v) => v <= 300, ' MB'),
      target('disk per event (raw + aggregates)', '≤ 400 bytes', bytesPerEvent, (v) => v <= 400, ' bytes'),
    ];
    const summary = {
      bench: 'tally',
      database: bench.kind,
      shape: { ...shape, end: shape.end.toISOString() },
      clients: options.clients,
      batchSize: BATCH,
      ingest: {
        http: { ...http, eventsPerSec: perSecond(http) },
        cli: cli ? { events: cli.events, accepted: cli.accepted, ms: Math.round(cli.ms), eventsPerSec: perSecond(cli) } : null,
        rollupLagMs: round(lag.ms),
        rollupsCurrent,
        resentBatch: { accepted: resend.accepted, duplicates: resend.duplicates },
      },
      query: full,
      growth: {
        at: { events: atGrowth.events, myteam: atGrowth.myteam, teamMonthStore: atGrowth.teamMonthStore },
        full: { events: totalEvents, teamMonthStore: teamMonthFull },
        ratio: growthRatio === null ? null : round(growthRatio),
        basis: p95(full.myteam, 'service') !== null ? '/cost myteam service+render p95' : 'team-month store answer p95',
      },
      jobs: { ...fixtures, ...jobs },
      resources: { peakServerRssMb: peakRss, idleServerRssMb: idleRssMb, bytesPerEvent, ...disk, baselineSpendLogBytes: baselineBytes },
      baseline: { ...baseline, spendLogRows: loaded.rows, loadMs: Math.round(loaded.ms) },
      targets,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    const figures: [string, string][] = [
      ['events', `${totalEvents.toLocaleString('en-US')} (${http.events.toLocaleString('en-US')} HTTP, ${(cli?.events ?? 0).toLocaleString('en-US')} CLI)`],
      ['ingest HTTP', `${perSecond(http).toLocaleString('en-US')} events/s (${options.clients} clients × ${BATCH})`],
      ['ingest tally ingest', cli ? `${perSecond(cli).toLocaleString('en-US')} events/s (process start included)` : 'skipped'],
      ['rollup lag after last batch', `${round(lag.ms)} ms (${rollupsCurrent ? 'rollups current' : 'ROLLUPS BEHIND'})`],
      ['re-sent batch', `${resend.accepted} accepted, ${resend.duplicates} duplicates`],
      ...queries.flatMap((q): [string, string][] => [[`/cost ${q.name}`, ''], ...describeLatency(full[q.name])]),
      ['team-month answer (store) p95', `${atGrowth.teamMonthStore.p95} ms at ${atGrowth.events.toLocaleString('en-US')} → ${teamMonthFull.p95} ms at ${totalEvents.toLocaleString('en-US')}`],
      ['baseline team-month', `${baseline.naiveMs} ms naive vs ${baseline.tallyMs} ms Tally (${baseline.ratio}×)`],
      ...Object.entries(jobs).map(([name, f]): [string, string] => [`job ${name}`, `${(f.ms / 1000).toFixed(2)} s ${JSON.stringify(f.summary)}`]),
      ['server RSS', peakRss === null ? 'n/a' : `peak ${peakRss} MB (${idleRssMb} MB right after start)`],
      ['disk', `${bytesPerEvent} bytes/event (raw ${Math.round(disk.rawBytes / 2 ** 20)} MB, aggregates ${Math.round(disk.aggregateBytes / 2 ** 20)} MB; spend-log baseline ${Math.round(baselineBytes / 2 ** 20)} MB)`],
      ['bench wall time', `${summary.seconds} s`],
    ];
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n\n${renderTables(figures, targets)}\n`);
    return summary;
  } finally {
    if (server && server.exitCode === null) {
      server.send('stop');
      await Promise.race([once(server, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
      if (server.exitCode === null) server.kill();
    }
    await slack.stop();
    await rm(work, { recursive: true, force: true });
    await bench.close();
  }
}

runBench(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
