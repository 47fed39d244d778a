import type { KnownBlock } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import type { Config } from '../config.js';
import { budgetAlertsToSend, budgetRecipients, type RecordedAlert } from '../domain/budgets.js';
import { formatUsd } from '../domain/format.js';
import { renderBudgetAlertBlocks, renderBudgetChannelNotice } from '../render/budget-alert-blocks.js';
import { budgetStatus, budgetStatuses, type BudgetStatus } from '../services/budget-status.js';
import { settledDeliveries } from '../store/budget-check-store.js';
import { listBudgetAlerts, listPeriodAlerts, lockBudget, recordBudgetAlerts, snoozedOwners, type BudgetAlert } from '../store/budgets-store.js';
import type { Db } from '../store/db.js';
import { getOrgSettings } from '../store/teams-store.js';
import type { SlackNotifier } from '../slack/slack-notifier.js';
import { deliverOnce } from './deliver-once.js';
import type { ScheduledJob } from './scheduled-job.js';

export const BUDGET_ALERT_KIND = 'budget_alert';
export const BUDGET_NOTICE_KIND = 'budget_channel_notice';

export interface BudgetCheckSummary {
  budgets: number;
  alertsRecorded: number;
  dmsSent: number;
  /** DMs and notices Slack refused: retried by the next run unless the error is permanent. */
  failed: number;
  channelNotices: number;
  /** Slack not configured: what would have been sent; nothing was recorded. */
  wouldSend: string[];
}

function decide(status: BudgetStatus, recorded: readonly RecordedAlert[]) {
  const f = status.forecast;
  return budgetAlertsToSend({
    thresholds: status.budget.thresholds,
    spent: status.spentNanos,
    amount: status.budget.amountNanos,
    forecastCrossesBeforeEnd: f.status === 'ok' && f.crossingDay !== null,
    recorded,
  });
}

function describeAlert(status: BudgetStatus, alert: RecordedAlert): string {
  const what = alert.kind === 'forecast' ? 'projected to exceed its budget' : `passed ${alert.threshold}%`;
  return `${status.scopeLabel} ${what} (${formatUsd(status.spentNanos)} of ${formatUsd(status.budget.amountNanos)})`;
}

/**
 * Records this period's new crossings for one budget, under a row lock so concurrent checks (two
 * replicas, a CLI run beside the server) decide one after the other and the second finds nothing new.
 */
async function recordNewAlerts(db: Db, status: BudgetStatus, recipients: readonly string[], now: Date): Promise<number> {
  return db.tx(async (q) => {
    const budget = await lockBudget(q, status.budget.id);
    if (!budget) return 0;
    const periodStart = status.period.start;
    const decision = decide({ ...status, budget }, await listBudgetAlerts(q, budget.id, periodStart));
    if (decision.actual.length === 0 && !decision.forecast) return 0;
    const snoozed = await snoozedOwners(q, budget.id, now);
    const base = {
      budgetId: budget.id,
      periodStart,
      spentNanos: status.spentNanos,
      amountNanos: budget.amountNanos,
      recipients: recipients.filter((o) => !snoozed.has(o)),
    };
    const isNotified = (a: RecordedAlert) => decision.notify?.kind === a.kind && decision.notify.threshold === a.threshold;
    const alerts: BudgetAlert[] = [
      ...decision.actual.map((threshold) => ({ ...base, kind: 'actual' as const, threshold, projectedDay: null })),
      ...(decision.forecast && status.forecast.status === 'ok'
        ? [{ ...base, kind: 'forecast' as const, threshold: 100, projectedDay: status.forecast.crossingDay }]
        : []),
    ].map((a) => ({ ...a, notify: isNotified(a) }));
    return recordBudgetAlerts(q, alerts, now);
  });
}

/** `budget:42:2026-03-01:actual:80:U0AAA`: one DM per owner per alert, ever. */
function dmKey(a: BudgetAlert, owner: string): string {
  return `budget:${a.budgetId}:${a.periodStart}:${a.kind}:${a.threshold}:${owner}`;
}

interface Sender {
  db: Db;
  notifier: SlackNotifier;
  now: Date;
  timezone: string;
  summary: BudgetCheckSummary;
}

function count(summary: BudgetCheckSummary, outcome: { status: string }, field: 'dmsSent' | 'channelNotices'): void {
  if (outcome.status === 'sent') summary[field] += 1;
  if (outcome.status === 'failed') summary.failed += 1;
}

/** What a check already knows before deciding anything: every budget's alerts this period, and which sends are settled. */
interface Known {
  alerts: Map<number, BudgetAlert[]>;
  settled: Set<string>;
}

/** The sends this period's recorded alerts owe: each recipient's DM and, at 100%, the team channel notice. */
function owedDeliveries(status: BudgetStatus, alerts: readonly BudgetAlert[]): { kind: string; key: string }[] {
  const dms = alerts.filter((a) => a.notify).flatMap((a) => a.recipients.map((owner) => ({ kind: BUDGET_ALERT_KIND, key: dmKey(a, owner) })));
  const notice = status.team?.channel && status.spentNanos >= status.budget.amountNanos ? [{ kind: BUDGET_NOTICE_KIND, key: channelKey(status) }] : [];
  return [...dms, ...notice];
}

function channelKey(status: BudgetStatus): string {
  return `budget:${status.budget.id}:${status.period.start}:channel`;
}

/**
 * Sends what this period's recorded alerts still owe. deliverOnce claims each in Postgres first, so
 * what was sent is skipped and what Slack refused is retried here on the next run; sends already
 * settled when the check started are skipped without a claim.
 */
async function sendOwed(s: Sender, status: BudgetStatus, alerts: readonly BudgetAlert[], settled: ReadonlySet<string>): Promise<void> {
  const owed = alerts.filter((a) => a.notify);
  let detailed: Promise<BudgetStatus> | undefined;
  const withDrivers = () => (detailed ??= budgetStatus(s.db, status.budget, s.now, { timezone: s.timezone }));
  for (const alert of owed) {
    for (const owner of alert.recipients) {
      const key = dmKey(alert, owner);
      if (settled.has(`${BUDGET_ALERT_KIND}:${key}`)) continue;
      const outcome = await deliverOnce(s.db, { kind: BUDGET_ALERT_KIND, key, now: s.now, detail: { owner } }, async () => {
        const channel = await s.notifier.openDm(owner);
        const messageTs = await s.notifier.post(channel, renderBudgetAlertBlocks(await withDrivers(), alert, owner));
        return { channel, messageTs };
      });
      count(s.summary, outcome, 'dmsSent');
    }
  }
  const channel = status.team?.channel;
  const key = channelKey(status);
  if (channel && status.spentNanos >= status.budget.amountNanos && !settled.has(`${BUDGET_NOTICE_KIND}:${key}`)) {
    const outcome = await deliverOnce(s.db, { kind: BUDGET_NOTICE_KIND, key, now: s.now }, async () => {
      const text = renderBudgetChannelNotice(status);
      return { channel, messageTs: await s.notifier.post(channel, { text }) };
    });
    count(s.summary, outcome, 'channelNotices');
  }
}

/** One read for every budget's alerts this period and one for the sends they owe that are already settled. */
async function readKnown(db: Db, statuses: readonly BudgetStatus[]): Promise<Known> {
  const alerts = await listPeriodAlerts(db, statuses.map((s) => ({ budgetId: s.budget.id, periodStart: s.period.start })));
  const owed = statuses.flatMap((s) => owedDeliveries(s, alerts.get(s.budget.id) ?? []));
  return { alerts, settled: await settledDeliveries(db, owed) };
}

/**
 * Evaluates every budget at `now`: records new threshold crossings and forecast warnings (exactly
 * once per budget, period and threshold) and DMs the owners one message naming the highest. Without
 * Slack it only reports what it would send. Budgets are read in bulk; only a budget with something
 * new to record or owed to send costs queries of its own.
 */
export async function checkBudgets(deps: AppDeps, now: Date): Promise<BudgetCheckSummary> {
  const { db, notifier } = deps;
  const [org, statuses] = await Promise.all([getOrgSettings(db), budgetStatuses(db, now, { withDrivers: false })]);
  const known = await readKnown(db, statuses);
  const summary: BudgetCheckSummary = { budgets: statuses.length, alertsRecorded: 0, dmsSent: 0, failed: 0, channelNotices: 0, wouldSend: [] };
  for (const status of statuses) {
    const recipients = budgetRecipients(status.budget, status.team?.owners ?? [], org.admins);
    const recorded = known.alerts.get(status.budget.id) ?? [];
    const decision = decide(status, recorded);
    if (!notifier) {
      const { notify } = decision;
      if (notify) summary.wouldSend.push(`DM ${recipients.join(', ') || '(no owners)'}: ${describeAlert(status, notify)}`);
      if (notify && status.team?.channel && status.spentNanos >= status.budget.amountNanos) {
        summary.wouldSend.push(`post in ${status.team.channel}: ${status.scopeLabel} used its budget`);
      }
      continue;
    }
    // Alerts only accumulate, so nothing new against the bulk read means nothing new under the lock either.
    const isNew = decision.actual.length > 0 || decision.forecast;
    const added = isNew ? await recordNewAlerts(db, status, recipients, now) : 0;
    summary.alertsRecorded += added;
    const alerts = added > 0 ? await listBudgetAlerts(db, status.budget.id, status.period.start) : recorded;
    if (owedDeliveries(status, alerts).some((d) => !known.settled.has(`${d.kind}:${d.key}`))) {
      await sendOwed({ db, notifier, now, timezone: org.timezone, summary }, status, alerts, known.settled);
    }
  }
  return summary;
}

export function budgetCheckJob(config: Config): ScheduledJob {
  return { name: 'budget-check', cron: config.budgetCron, run: checkBudgets };
}

/** The DM the most-used budget would send now (its highest crossed threshold, else its forecast), for the demo. */
export async function previewBudgetAlert(db: Db, now: Date): Promise<{ text: string; blocks: KnownBlock[] } | null> {
  const statuses = await budgetStatuses(db, now, { withDrivers: false });
  const top = statuses.reduce<BudgetStatus | undefined>((best, s) => (!best || s.percent > best.percent ? s : best), undefined);
  if (!top) return null;
  const { notify } = decide(top, []);
  if (!notify) return null;
  const { timezone } = await getOrgSettings(db);
  const recipients = budgetRecipients(top.budget, top.team?.owners ?? [], []);
  return renderBudgetAlertBlocks(await budgetStatus(db, top.budget, now, { timezone }), notify, recipients[0] ?? 'owner');
}
