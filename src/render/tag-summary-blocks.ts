import type { KnownBlock } from '@slack/types';
import type { TagSpendSummary } from '../services/tag-spend-summary.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';
import { headlineFallback, headlineText, linesText, notesBlock, sparklineBlock, unpricedNote } from './spend-blocks.js';
import type { RenderedMessage } from './team-summary-blocks.js';

/** `/cost tag key=value`: the tag's spend, its shape and its teams. */
export function renderTagSummaryBlocks(s: TagSpendSummary): RenderedMessage {
  const tag = `${s.tag.key}=${s.tag.value}`;
  const blocks: KnownBlock[] = [header(`Tag ${tag} — agent spend`)];
  if (s.totalNanos === 0n && s.calls === 0) {
    blocks.push(section(`No spend tagged \`${escapeMrkdwn(tag)}\` in ${s.periodLabel}. Tags are the \`tags\` object your agents send with each call.`));
  } else {
    blocks.push(section(headlineText(s)), ...sparklineBlock(s), section(linesText('By team', s.byTeam, s.totalNanos)), ...notesBlock([unpricedNote(s.unpricedCalls)]));
  }
  if (s.limitedTo) blocks.push(context(`Only your teams' spend is shown (${s.limitedTo.map(escapeMrkdwn).join(', ')}); org-wide tag figures are for admins.`));
  return { text: headlineFallback(`Tag ${tag}`, s), blocks };
}
