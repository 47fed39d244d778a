import type { KnownBlock } from '@slack/types';
import { DEFAULT_ANOMALY_THRESHOLDS, type AnomalyThresholds } from '../domain/anomalies.js';
import { formatPercent, formatUsd, formatUsdDelta } from '../domain/format.js';
import type { Nanos } from '../domain/money.js';
import type { RootCause } from '../domain/root-cause.js';
import { dayjs } from '../domain/time-zone.js';
import type { Anomaly } from '../services/team-anomalies.js';
import { context, escapeMrkdwn, section } from './message-blocks.js';

export const ANOMALY_EXPECTED_ACTION = 'anomaly_expected';

export interface AnomalyAlertView {
  anomaly: Anomaly;
  teamName: string;
  /** Product and tag anomalies of the same team and day, folded into this alert. */
  related: readonly Anomaly[];
  thresholds?: AnomalyThresholds;
}

function shown(value: string): string {
  return value === '' ? '(none)' : value;
}

/** "team Code Review", "product pr-review", "tag env=prod". */
export function describeScope(a: Pick<Anomaly, 'scopeKind' | 'scopeKey'>, teamName?: string): string {
  return a.scopeKind === 'team' ? `team ${teamName ?? a.scopeKey}` : `${a.scopeKind} ${a.scopeKey}`;
}

/** "+$412.00 vs usual: 78.0% from task_type=code-review on model claude-opus, user bob". */
export function describeIncrease(increaseNanos: Nanos, causes: readonly RootCause[]): string {
  const head = `${formatUsdDelta(increaseNanos)} vs usual`;
  const [top, ...rest] = causes;
  if (!top) return head;
  const others = rest.map((c) => `${c.dimension} ${shown(c.value)}`).join(', ');
  return `${head}: ${formatPercent(top.sharePct)} from ${top.dimension}=${shown(top.value)}${others ? ` on ${others}` : ''}`;
}

function dayLabel(a: Anomaly): string {
  const day = dayjs.utc(a.day).format('ddd MMM D');
  return a.partial ? `${day} (so far)` : day;
}

/** The alert posted to the team's channel, with the *Looks expected* button. */
export function renderAnomalyBlocks(view: AnomalyAlertView): { text: string; blocks: KnownBlock[] } {
  const { anomaly: a } = view;
  const t = view.thresholds ?? DEFAULT_ANOMALY_THRESHOLDS;
  const increase = a.actualNanos - a.usualNanos;
  const scope = describeScope(a, view.teamName);
  const headline = describeIncrease(increase, a.causes);
  const blocks: KnownBlock[] = [
    section(`:rotating_light: *Unusual spend — ${escapeMrkdwn(scope)}*, ${dayLabel(a)}\n${escapeMrkdwn(headline)}`),
    section(
      `*${formatUsd(a.actualNanos)}*${a.partial ? ' so far' : ''} vs a usual day of *${formatUsd(a.usualNanos)}* · robust z ${a.z >= 100 ? '≥ 100' : a.z.toFixed(1)}`,
    ),
  ];
  if (a.causes.length > 0) {
    const lines = a.causes.map((c) => `• \`${escapeMrkdwn(`${c.dimension}=${shown(c.value)}`)}\` ${formatUsdDelta(c.contributionNanos)} (${formatPercent(c.sharePct)} of the increase)`);
    blocks.push(section(`*Where it came from*\n${lines.join('\n')}`));
  }
  if (view.related.length > 0) {
    const also = view.related.map((r) => `${escapeMrkdwn(describeScope(r))} (${formatUsdDelta(r.actualNanos - r.usualNanos)})`).join(', ');
    blocks.push(section(`Also unusual that day: ${also}`));
  }
  blocks.push(
    context(
      `Usual = median of the last 28 days (same weekday when there are 4 of them). Flagged at ≥ +${t.minIncreasePct}% with robust z ≥ ${t.minZ} and ≥ +$${t.minUsd} over usual.`,
    ),
  );
  if (a.feedback === 'expected') blocks.push(context(expectedNote(a.feedbackBy)));
  else {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: ANOMALY_EXPECTED_ACTION, value: a.id, text: { type: 'plain_text', text: 'Looks expected' } }],
    });
  }
  return { text: `Unusual spend — ${scope}, ${dayLabel(a)}: ${headline}`, blocks };
}

function expectedNote(userId: string | null): string {
  return `:white_check_mark: Marked as expected${userId ? ` by <@${escapeMrkdwn(userId)}>` : ''}; no more alerts for this scope today.`;
}

/** The posted alert after someone clicked *Looks expected*: the button gives way to who said so. */
export function markAlertExpected(blocks: readonly KnownBlock[], userId: string): KnownBlock[] {
  return [...blocks.filter((b) => b.type !== 'actions'), context(expectedNote(userId))];
}

/** One line per anomaly, for `/cost team` and digests. */
export function anomalyLine(a: Anomaly, teamName?: string): string {
  const note = a.feedback === 'expected' ? ' _(marked expected)_' : '';
  return `• ${dayLabel(a)} — ${escapeMrkdwn(describeScope(a, teamName))}: ${escapeMrkdwn(describeIncrease(a.actualNanos - a.usualNanos, a.causes))}${note}`;
}
