import type { KnownBlock } from '@slack/types';
import { formatCompact, formatCount, formatDuration, formatUsd } from '../domain/format.js';
import { dayjs } from '../domain/time-zone.js';
import type { TaskDetail } from '../services/task-detail.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';
import { label, unpricedNote } from './spend-blocks.js';
import type { RenderedMessage } from './team-summary-blocks.js';

/** `/cost task <id>`: what one agent task cost and what it did. */
export function renderTaskDetailBlocks(t: TaskDetail): RenderedMessage {
  const when = (d: Date) => dayjs(d).tz(t.timezone).format('MMM D, YYYY HH:mm');
  const or = (text: string) => (text ? label(text) : '—');
  const fields = [
    `*Cost*\n${formatUsd(t.costNanos)}`,
    `*Team*\n${escapeMrkdwn(t.teamName)}`,
    `*Product · type*\n${or(t.product)} · ${or(t.taskType)}`,
    `*User*\n${or(t.user)}`,
    `*Calls*\n${formatCount(t.calls)} (${formatCount(t.errorCalls)} error${t.errorCalls === 1 ? '' : 's'})`,
    `*Tool calls*\n${formatCount(t.toolCalls)}`,
    `*Tokens in / out*\n${formatCompact(t.inputTokens)} / ${formatCompact(t.outputTokens)}`,
    `*Cached (read / write)*\n${formatCompact(t.cacheReadTokens)} / ${formatCompact(t.cacheWriteTokens)}`,
    `*Duration*\n${formatDuration(t.durationMs)}`,
    `*Outcome*\n${t.outcome ? `${label(t.outcome.metric)}: ${formatCount(t.outcome.value)}` : 'not recorded'}`,
  ];
  const models = t.models.length ? t.models.map(label).join(', ') : '—';
  const blocks: KnownBlock[] = [
    header(`Task ${t.taskId}`),
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text })) },
    section(`*Models*: ${models}`),
  ];
  const unpriced = unpricedNote(t.unpricedCalls);
  if (unpriced) blocks.push(section(unpriced));
  blocks.push(context(`${when(t.firstSeen)} → ${when(t.lastSeen)} ${escapeMrkdwn(t.timezone)}`));
  return { text: `Task ${t.taskId}: ${formatUsd(t.costNanos)} over ${formatCount(t.calls)} calls (${t.teamName})`, blocks };
}
