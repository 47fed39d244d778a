import type { AppDeps } from '../src/app-deps.js';
import type { BudgetPeriodKind } from '../src/domain/budgets.js';
import { checkBudgets } from '../src/jobs/budget-check.js';
import { runDigests } from '../src/jobs/digest-run.js';
import { scanAnomalies } from '../src/jobs/anomaly-scan.js';
import { createLogger } from '../src/log.js';
import { SlackNotifier } from '../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../src/slack/slack-web.js';
import { upsertFileBudget, type FileBudget } from '../src/store/budgets-store.js';
import type { Db } from '../src/store/db.js';
import { saveSlackSubscription } from '../src/store/digest-subscriptions-store.js';
import type { FakeSlack } from '../test/helpers/fake-slack.js';
import { COST_CENTERS_PER_TEAM, costCenterOf, type BenchOrg } from './bench-data.js';
import { timed } from './measure.js';

export interface JobFigure {
  ms: number;
  summary: Record<string, unknown>;
}

const PERIODS: BudgetPeriodKind[] = ['monthly', 'weekly'];

/** One weekly digest per team channel, and budgets on every team and cost center (both periods). */
export async function seedJobFixtures(db: Db, org: BenchOrg): Promise<{ channels: number; budgets: number }> {
  const budgets: FileBudget[] = [];
  for (const team of org.teams) {
    for (const period of PERIODS) {
      // Spread over $50–$450 so that, against Zipf-skewed spend, some budgets cross thresholds and alert.
      const spec = { amount_nanos: (BigInt(50 + (budgets.length % 400)) * 1_000_000_000n).toString(), thresholds: [50, 80, 100], owners: [] };
      budgets.push({ scope: { kind: 'team', team: team.key }, period, spec });
      for (let n = 0; n < COST_CENTERS_PER_TEAM; n++) {
        budgets.push({ scope: { kind: 'tag', key: 'cost_center', value: costCenterOf(team, n) }, period, spec });
      }
    }
  }
  await inParallel(org.teams, (team) => saveSlackSubscription(db, { channel: team.channel, team: team.key, cadence: 'weekly', subscribedBy: team.memberId }));
  await inParallel(budgets, (b) => upsertFileBudget(db, b));
  return { channels: org.teams.length, budgets: budgets.length };
}

/** A few at a time: the pool has four connections. */
async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>, workers = 4): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Jobs send through the notifier; here it talks to the fake Slack, without the per-channel pacing. */
export function withFakeNotifier(deps: AppDeps, slack: FakeSlack): AppDeps {
  const log = createLogger({ level: 'error', write: (l) => process.stderr.write(l + '\n') });
  const client = createSlackWebClient({ token: 'xoxb-bench', apiUrl: slack.apiUrl, log, retries: 1, minRetryMs: 10 });
  return { ...deps, notifier: new SlackNotifier(client, log, { minIntervalMs: 0 }) };
}

async function figure(run: () => Promise<object>): Promise<JobFigure> {
  const { ms, result } = await timed(run);
  return { ms, summary: summarize(result as Record<string, unknown>) };
}

/** Counts stay, long lists are reduced to their length. */
function summarize(summary: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, Array.isArray(v) ? v.length : v]));
}

/**
 * Digests are composed for a Monday morning (weekly digests are due then): once as a dry run (text,
 * no chart, nothing posted) and once for real against the fake Slack (chart rendered and uploaded).
 */
export async function timeJobs(deps: AppDeps, digestAt: Date, now: Date) {
  return {
    digestsWithoutCharts: await figure(() => runDigests(deps, digestAt, { dryRun: true })),
    digestsWithCharts: await figure(() => runDigests(deps, digestAt)),
    budgets: await figure(() => checkBudgets(deps, now)),
    anomalyScan: await figure(() => scanAnomalies(deps, now)),
  };
}
