import type { KnownBlock } from '@slack/types';
import { changeArrow, formatChange, formatCount, formatPercent, formatUsd, percentOf, sparkline } from '../domain/format.js';
import type { Nanos } from '../domain/money.js';
import type { SpendLine } from '../domain/spend-lines.js';
import { dayjs } from '../domain/time-zone.js';
import type { SpendHeadline } from '../services/spend-headline.js';
import { clip, context, escapeMrkdwn, section } from './message-blocks.js';

/** Pieces every spend answer shares (team, me, tag): headline, sparkline, breakdown lists, notes. */

const MAX_LABEL = 60;

/** A name someone else wrote (product, model, user, task id), safe inside mrkdwn and short. */
export function label(text: string): string {
  return escapeMrkdwn(clip(text, MAX_LABEL));
}

/** Task ids are never shortened: people copy them into `/cost task`. */
export function taskRef(taskId: string): string {
  return `\`${escapeMrkdwn(taskId)}\``;
}

export const TASK_HINT = '`/cost task &lt;id&gt;`';

/** `U0AAA` → a mention Slack renders as the person; anything else (an email) as plain text. */
export function personRef(entry: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(entry) ? `<@${entry}>` : label(entry);
}

export function headlineText(h: SpendHeadline): string {
  return [
    `*${formatUsd(h.totalNanos)}* · ${h.periodLabel}`,
    `${changeArrow(h.totalNanos, h.previousNanos)} ${formatChange(h.totalNanos, h.previousNanos)} vs ${h.previousLabel} (${formatUsd(h.previousNanos)})`,
  ].join('\n');
}

/** One-line daily shape; empty when the period has no days yet. */
export function sparklineBlock(h: SpendHeadline): KnownBlock[] {
  if (h.daily.length < 2) return [];
  const unit = h.daysPerPoint === 1 ? 'per day' : `per ${h.daysPerPoint} days`;
  return [context(`\`${sparkline(h.daily)}\`  spend ${unit}`)];
}

export function linesText(title: string, lines: readonly SpendLine[], totalNanos: Nanos): string {
  if (lines.length === 0) return `*${title}*\n—`;
  const rows = lines.map((l) => {
    const name = l.other ? '_other_' : label(l.label);
    return `• ${name} — ${formatUsd(l.costNanos)} (${formatPercent(percentOf(l.costNanos, totalNanos))})`;
  });
  return `*${title}*\n${rows.join('\n')}`;
}

/** Two breakdowns side by side (a section's fields), each list ≤ 6 short lines. */
export function breakdownFields(a: [string, readonly SpendLine[]], b: [string, readonly SpendLine[]], totalNanos: Nanos): KnownBlock {
  return {
    type: 'section',
    fields: [a, b].map(([title, lines]) => ({ type: 'mrkdwn' as const, text: clip(linesText(title, lines, totalNanos), 2000) })),
  };
}

/** "Data as of Mar 20, 2026 11:42 Europe/Berlin": the newest event, in the org's zone, named. */
export function freshnessText(newestEventAt: Date | null, timezone: string): string {
  if (!newestEventAt) return 'No usage events received yet.';
  return `Data as of ${dayjs(newestEventAt).tz(timezone).format('MMM D, YYYY HH:mm')} ${timezone} (newest event).`;
}

/** Notes that keep totals honest: calls we could not price are counted, never shown as $0. */
export function unpricedNote(unpricedCalls: number): string | null {
  if (unpricedCalls === 0) return null;
  return `:grey_question: ${formatCount(unpricedCalls)} call${unpricedCalls === 1 ? '' : 's'} unpriced (model not in the price table): counted, not valued, so the total is a floor.`;
}

export function notesBlock(notes: readonly (string | null)[]): KnownBlock[] {
  const shown = notes.filter((n): n is string => n !== null);
  return shown.length > 0 ? [section(shown.join('\n'))] : [];
}

/** Fallback text for notifications and screen readers: one line. */
export function headlineFallback(subject: string, h: SpendHeadline): string {
  return `${subject}: ${formatUsd(h.totalNanos)} for ${h.periodLabel} (${formatChange(h.totalNanos, h.previousNanos)} vs previous)`;
}
