import type { KnownBlock } from '@slack/types';
import { formatCount, formatPercent, formatUsd } from '../domain/format.js';
import type { TopTasksReport } from '../services/top-tasks.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';
import { label, TASK_HINT, taskRef } from './spend-blocks.js';
import type { RenderedMessage } from './team-summary-blocks.js';

/** `/cost top`: the most expensive tasks, each with its share of the scope's spend. */
export function renderTopTasksBlocks(r: TopTasksReport): RenderedMessage {
  const scope = escapeMrkdwn(r.scopeLabel);
  const blocks: KnownBlock[] = [header('Most expensive tasks')];
  if (r.rows.length === 0) {
    blocks.push(section(`No tasks started in ${r.periodLabel} for ${scope}. Calls count as a task when they carry a \`task_id\`.`));
    return { text: `No tasks for ${r.scopeLabel} in ${r.periodLabel}.`, blocks };
  }
  const lines = r.rows.map((t, i) => {
    const detail = [t.teamName, t.taskType, t.user].filter(Boolean).map(label).join(' · ');
    return `${i + 1}. ${taskRef(t.taskId)} — *${formatUsd(t.costNanos)}* (${formatPercent(t.sharePercent)} of spend) · ${detail}`;
  });
  blocks.push(
    section(`*${scope}* · ${r.periodLabel}\nTotal spend ${formatUsd(r.scopeTotalNanos)} across ${formatCount(r.taskCount)} task${r.taskCount === 1 ? '' : 's'}`),
    // Five rows a section: ten full-length task ids would pass a section's 3,000 characters.
    ...chunk(lines, 5).map((rows) => section(rows.join('\n'))),
    context(`Top 1% of tasks by cost (at least 5, at most 10). Details: ${TASK_HINT}`),
  );
  return { text: `Top ${r.rows.length} tasks for ${r.scopeLabel}, ${r.periodLabel}: ${r.rows.map((t) => `${t.taskId} ${formatUsd(t.costNanos)}`).join(', ')}`, blocks };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
