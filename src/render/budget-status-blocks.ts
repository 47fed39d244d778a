import type { KnownBlock } from '@slack/types';
import { FORECAST_MIN_DAYS_WITH_SPEND } from '../domain/forecast.js';
import { formatPercent, formatUsd, progressBar } from '../domain/format.js';
import { addDays, dayjs } from '../domain/time-zone.js';
import type { BudgetStatus } from '../services/budget-status.js';
import { context, escapeMrkdwn, header, section, textReply } from './message-blocks.js';

function shortDay(day: string): string {
  return dayjs.utc(day).format('MMM D');
}

/** `Search Relevance (team search)` or `product answers`. */
export function budgetTitle(s: BudgetStatus): string {
  return escapeMrkdwn(s.team ? `${s.team.name} (${s.scopeLabel})` : s.scopeLabel);
}

/** `Monthly budget, Mar 1–31` / `Weekly budget, Mar 30–Apr 5`. */
export function budgetPeriodLabel(s: BudgetStatus): string {
  const last = addDays(s.period.end, -1);
  const kind = s.budget.period === 'weekly' ? 'Weekly' : 'Monthly';
  const lastShown = last.slice(0, 7) === s.period.start.slice(0, 7) ? dayjs.utc(last).format('D') : shortDay(last);
  return `${kind} budget, ${shortDay(s.period.start)}–${lastShown}`;
}

/** `$1,520.00 of $1,800.00 · 84.4%` */
export function budgetUsedLine(s: BudgetStatus): string {
  return `${formatUsd(s.spentNanos)} of ${formatUsd(s.budget.amountNanos)} · ${formatPercent(s.percent)}`;
}

export function budgetLeftLine(s: BudgetStatus): string {
  const left = s.leftNanos >= 0n ? `${formatUsd(s.leftNanos)} left` : `${formatUsd(-s.leftNanos)} over`;
  return `${left} · ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'} left in the period`;
}

/** Forecast at period end and the projected day of crossing 100%, or why there is none yet. */
export function budgetForecastLine(s: BudgetStatus): string {
  const f = s.forecast;
  if (f.status === 'insufficient-data') {
    return `Forecast: not enough data yet (needs ${FORECAST_MIN_DAYS_WITH_SPEND} full days with spend this period, has ${f.daysWithSpend})`;
  }
  const atEnd = `Forecast: ${formatUsd(f.projected)} by period end`;
  if (s.spentNanos >= s.budget.amountNanos) return `${atEnd} (budget already used up)`;
  if (f.crossingDay) return `${atEnd} — projected to cross 100% on *${shortDay(f.crossingDay)}*`;
  return `${atEnd} (within budget)`;
}

function budgetSection(s: BudgetStatus): KnownBlock[] {
  return [
    section(
      [
        `*${budgetTitle(s)}* — ${budgetPeriodLabel(s)}`,
        `\`${progressBar(s.percent)}\` ${budgetUsedLine(s)}`,
        budgetLeftLine(s),
        budgetForecastLine(s),
      ].join('\n'),
    ),
  ];
}

/** `/cost budget [team]`: one section per budget. */
export function renderBudgetStatusBlocks(statuses: readonly BudgetStatus[], heading: string): { text: string; blocks: KnownBlock[] } {
  if (statuses.length === 0) {
    const text = `${heading}: no budget set. Set one with \`/cost budget set <team> <amount> [monthly|weekly]\` or in teams.yml.`;
    return { text, blocks: [section(escapeMrkdwn(heading) + ': no budget set.'), context('Set one with `/cost budget set <team> <amount> [monthly|weekly]` or in teams.yml.')] };
  }
  // A header and a context around at most 45 budget sections keeps within Slack's 50 blocks.
  const shown = statuses.slice(0, 45);
  const blocks: KnownBlock[] = [header(heading), ...shown.flatMap(budgetSection)];
  const more = statuses.length - shown.length;
  blocks.push(context(`Days in ${escapeMrkdwn(statuses[0]!.timezone)}.${more > 0 ? ` ${more} more budget${more === 1 ? '' : 's'} not shown.` : ''}`));
  const text = shown.map((s) => `${s.scopeLabel}: ${budgetUsedLine(s)}`).join('; ');
  return { text: `${heading} — ${text}`, blocks };
}

function ownerRef(owner: string): string {
  return /^[UW][A-Z0-9]+$/.test(owner) ? `<@${owner}>` : escapeMrkdwn(owner);
}

/** Refusal for `/cost budget set`: who may set it instead. */
export function renderBudgetSetRefusalBlocks(teamName: string, askWhom: readonly string[]): { text: string; blocks: KnownBlock[] } {
  const whom = askWhom.length > 0 ? askWhom.slice(0, 5).map(ownerRef).join(', ') : 'your platform team';
  return textReply(`:lock: Only *${escapeMrkdwn(teamName)}*'s owners and Tally admins can set its budget. Ask ${whom}.`);
}

/** Confirmation of `/cost budget set`, with where the budget stands now. */
export function renderBudgetSetBlocks(s: BudgetStatus, setBy: string): { text: string; blocks: KnownBlock[] } {
  const done = `:white_check_mark: ${budgetTitle(s)}: ${s.budget.period} budget set to *${formatUsd(s.budget.amountNanos)}* by <@${setBy}>. It stays until teams.yml changes this team's ${s.budget.period} budget.`;
  return { text: `${s.scopeLabel}: ${s.budget.period} budget set to ${formatUsd(s.budget.amountNanos)}`, blocks: [section(done), ...budgetSection(s)] };
}
