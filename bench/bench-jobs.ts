import type { AppDeps } from '../src/app-deps.js';
import type { BudgetPeriodKind } from '../src/domain/budgets.js';
import { checkBudgets } from '../src/jobs/budget-check.js';
import { runDigests } from '../src/jobs/digest-run.js';
import { scanAnomalies } from '../src/jobs/anomaly-scan.js';
import { createLogger } from '../src/log.js';
import { SlackNotifier } from '../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../src/slack/slack-web.js';
import { upsertFileBudget } from '../src/store/budgets-store.js';
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
  let budgets = 0;
  for (const team of org.teams) {
    await saveSlackSubscription(db, { channel: team.channel, team: team.key, cadence: 'weekly', subscribedBy: team.memberId });
    for (const period of PERIODS) {
      // Sized to the team's traffic share so some budgets cross thresholds and alert, as in real life.
      const amount = BigInt(50 + (budgets % 400)) * 1_000_000_000n;
      const spec = { amount_nanos: amount.toString(), thresholds: [50, 80, 100], owners: [] };
      await upsertFileBudget(db, { scope: { kind: 'team', team: team.key }, period, spec });
      budgets++;
      for (let n = 0; n < COST_CENTERS_PER_TEAM; n++) {
        await upsertFileBudget(db, { scope: { kind: 'tag', key: 'cost_center', value: costCenterOf(team, n) }, period, spec });
        budgets++;
      }
    }
  }
  return { channels: org.teams.length, budgets };
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
