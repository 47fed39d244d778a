import type { KnownBlock } from '@slack/types';
import type { RecordedAlert } from '../domain/budgets.js';
import { formatPercent, formatUsd, progressBar } from '../domain/format.js';
import { dayjs } from '../domain/time-zone.js';
import type { BudgetDriver, BudgetStatus } from '../services/budget-status.js';
import { budgetForecastLine, budgetLeftLine, budgetPeriodLabel, budgetTitle, budgetUsedLine } from './budget-status-blocks.js';
import { context, escapeMrkdwn, section } from './message-blocks.js';

export const VIEW_BREAKDOWN_ACTION = 'budget_view_breakdown';
export const SNOOZE_ACTION = 'budget_snooze';

/** What the Snooze button carries: the budget and the owner as written in its owner list. */
export interface SnoozeValue {
  budgetId: number;
  owner: string;
}

export function encodeSnoozeValue(v: SnoozeValue): string {
  return JSON.stringify({ b: v.budgetId, o: v.owner });
}

const DRIVER_NAMES: Record<BudgetDriver['kind'], string> = { model: 'Model', product: 'Product', user: 'User', task: 'Task', team: 'Team' };

function headline(s: BudgetStatus, alert: RecordedAlert): string {
  const title = budgetTitle(s);
  if (alert.kind === 'forecast') {
    const day = s.forecast.status === 'ok' && s.forecast.crossingDay ? dayjs.utc(s.forecast.crossingDay).format('MMM D') : 'before the period ends';
    return `:crystal_ball: *${title}* is projected to use up its budget on *${day}*`;
  }
  const icon = alert.threshold >= 100 ? ':rotating_light:' : ':warning:';
  return `${icon} *${title}* has used *${alert.threshold}%* of its budget`;
}

function driverLines(drivers: readonly BudgetDriver[]): string {
  if (drivers.length === 0) return '_No spend broken down yet this period._';
  return drivers.map((d) => `• ${DRIVER_NAMES[d.kind]} \`${escapeMrkdwn(d.label)}\` — ${formatUsd(d.costNanos)}`).join('\n');
}

/** The owner DM for a budget alert: scope, spent / budget, %, forecast, top drivers, and two buttons. */
export function renderBudgetAlertBlocks(s: BudgetStatus, alert: RecordedAlert, owner: string): { text: string; blocks: KnownBlock[] } {
  const buttons: KnownBlock = {
    type: 'actions',
    elements: [
      ...(s.team
        ? [{ type: 'button' as const, action_id: VIEW_BREAKDOWN_ACTION, text: { type: 'plain_text' as const, text: 'View breakdown' }, value: s.team.key }]
        : []),
      {
        type: 'button',
        action_id: SNOOZE_ACTION,
        text: { type: 'plain_text', text: 'Snooze 24 h' },
        value: encodeSnoozeValue({ budgetId: s.budget.id, owner }),
      },
    ],
  };
  const blocks: KnownBlock[] = [
    section(headline(s, alert)),
    section([`${budgetPeriodLabel(s)}`, `\`${progressBar(s.percent)}\` ${budgetUsedLine(s)}`, budgetLeftLine(s), budgetForecastLine(s)].join('\n')),
    section(`*Top drivers this period*\n${driverLines(s.drivers)}`),
    buttons,
    context(`You get this because you own this budget. Each threshold is sent once per period.`),
  ];
  const what = alert.kind === 'forecast' ? 'is projected to exceed its budget' : `passed ${alert.threshold}% of its budget`;
  const text = `Budget alert: ${s.scopeLabel} ${what} — ${formatUsd(s.spentNanos)} of ${formatUsd(s.budget.amountNanos)} (${formatPercent(s.percent)})`;
  return { text, blocks };
}

/** The one-line notice a team channel gets when its budget reaches 100%. */
export function renderBudgetChannelNotice(s: BudgetStatus): string {
  return `:rotating_light: ${budgetTitle(s)} has used its ${s.budget.period} budget: ${budgetUsedLine(s)}. Owners have been notified.`;
}
