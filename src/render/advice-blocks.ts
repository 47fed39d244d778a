import type { KnownBlock } from '@slack/types';
import { ADVICE_LIMITS, type AdviceTip } from '../domain/advice.js';
import { formatCompact, formatCount, formatPercent, formatUsd } from '../domain/format.js';
import type { TeamAdvice } from '../services/team-advice.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';

// Each tip is one section; the cap keeps a message far below Slack's 50 blocks.
const MAX_TIPS = 10;
const MAX_TASK_LINKS = 3;

const code = (text: string) => `\`${escapeMrkdwn(text)}\``;
const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** The tip's one-line headline, e.g. "Use claude-sonnet-4-5 for short jobs on claude-opus-4-1". */
export function adviceTipTitle(tip: AdviceTip): string {
  switch (tip.kind) {
    case 'expensive-model':
      return `Use ${code(tip.sibling)} for short jobs now on ${code(tip.model)}`;
    case 'low-cache':
      return `Cache the repeated long prompts sent to ${code(tip.model)}`;
    case 'failed-calls':
      return 'Cut spend on failed calls and retries';
    case 'runaway-tasks':
      return `Look into runaway ${code(tip.taskType || 'untyped')} tasks`;
    case 'long-context':
      return 'Trim long-context calls';
  }
}

/** The figures behind the tip, in words. */
export function adviceTipEvidence(tip: AdviceTip): string {
  switch (tip.kind) {
    case 'expensive-model':
      return (
        `${formatCount(tip.calls)} calls wrote at most ${formatCount(ADVICE_LIMITS.smallOutputTokens)} output tokens ` +
        `(median ${formatCount(tip.medianOutputTokens)}) and cost ${formatUsd(tip.costNanos)}; the same tokens on ${code(tip.sibling)} cost ${formatUsd(tip.siblingCostNanos)}.`
      );
    case 'low-cache':
      return (
        `${formatCount(tip.calls)} calls resent prompts of ${formatCount(ADVICE_LIMITS.longPromptTokens)}+ tokens within a task (or a user's day) ` +
        `(${formatCompact(tip.promptTokens)} prompt tokens), only ${formatPercent(tip.cacheReadSharePct)} read from cache; ` +
        `the saving assumes ${ADVICE_LIMITS.targetCacheSharePct}% cached.`
      );
    case 'failed-calls':
      return (
        `${formatCount(tip.errorCalls)} of ${formatCount(tip.calls)} calls failed (${formatPercent((tip.errorCalls / tip.calls) * 100)}), ` +
        `${formatCount(tip.retried)} of them retried within the task; most of the failed spend is on ${code(tip.topModel || 'no model')}.`
      );
    case 'runaway-tasks': {
      const links = tip.tasks
        .slice(0, MAX_TASK_LINKS)
        .map((t) => `${code(`/cost task ${t.taskId}`)} (${formatUsd(t.costNanos)}, ${formatCount(t.toolCalls)} tool calls)`);
      const more = tip.tasks.length > MAX_TASK_LINKS ? `, and ${formatCount(tip.tasks.length - MAX_TASK_LINKS)} more` : '';
      return (
        `${formatCount(tip.tasks.length)} of ${formatCount(tip.typeTasks)} tasks cost, or called tools, at least ${ADVICE_LIMITS.runawayFactor}× the median task ` +
        `(${formatUsd(tip.medianCostNanos)}, ${formatCount(tip.medianToolCalls)} tool calls): ${links.join(', ')}${more}.`
      );
    }
    case 'long-context':
      return (
        `${formatCount(tip.calls)} calls sent ${formatCount(tip.thresholdTokens)}+ prompt tokens, over ${ADVICE_LIMITS.longContextFactor}× the team's median ` +
        `of ${formatCount(tip.medianPromptTokens)} (most on ${code(tip.topModel)}); the saving is their prompt cost above ${formatCount(tip.thresholdTokens)} tokens.`
      );
  }
}

/** One line for digests: the headline and what it would have saved. */
export function renderAdviceTipLine(tip: AdviceTip): string {
  return `${adviceTipTitle(tip)} — would have saved *${formatUsd(tip.savingNanos)}*`;
}

export function renderAdviceBlocks(advice: TeamAdvice, teamName: string): { text: string; blocks: KnownBlock[] } {
  const title = `Advice for ${teamName} — ${advice.periodLabel}`;
  const blocks: KnownBlock[] = [header(title)];
  const minimum = `tips from ${formatUsd(advice.minimumNanos)} up ($10 or 5% of spend)`;
  if (advice.tips.length === 0) {
    const line =
      advice.calls === 0
        ? `No calls from *${escapeMrkdwn(teamName)}* in this period: nothing to advise.`
        : `Nothing to advise for *${escapeMrkdwn(teamName)}*: no saving found is worth your time next to its ${formatUsd(advice.costNanos)} of spend.`;
    blocks.push(section(line));
  }
  const shown = advice.tips.slice(0, MAX_TIPS);
  for (const [i, tip] of shown.entries()) {
    blocks.push(section(`*${i + 1}. ${adviceTipTitle(tip)}* — would have saved *${formatUsd(tip.savingNanos)}*\n${adviceTipEvidence(tip)}`));
  }
  const smaller = advice.belowMinimum + advice.tips.length - shown.length;
  const notes = [`Spend ${formatUsd(advice.costNanos)} over ${plural(advice.calls, 'call')}`, minimum, 'estimates at list prices from your own calls'];
  if (smaller > 0) notes.push(`${plural(smaller, 'smaller tip')} not shown`);
  blocks.push(context(notes.join(' · ')));
  const text = shown.length
    ? `${title}: ${plural(shown.length, 'tip')}, the top one would have saved ${formatUsd(shown[0]!.savingNanos)}.`
    : `${title}: nothing to advise.`;
  return { text, blocks };
}
