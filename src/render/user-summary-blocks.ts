import type { KnownBlock } from '@slack/types';
import { formatUsd } from '../domain/format.js';
import type { UserSpendSummary } from '../services/user-spend-summary.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';
import { breakdownFields, freshnessText, headlineFallback, headlineText, linesText, notesBlock, sparklineBlock, unpricedNote } from './spend-blocks.js';
import type { RenderedMessage } from './team-summary-blocks.js';

/** `/cost me`: the viewer's own spend by team, product and model. */
export function renderUserSummaryBlocks(s: UserSpendSummary): RenderedMessage {
  const who = escapeMrkdwn(s.who);
  const blocks: KnownBlock[] = [header('Your agent spend')];
  if (s.userIds.length === 0) {
    blocks.push(
      section(`No agent usage is recorded for you (${who}). Tally matches the \`user\` your agents send with each call to your Slack email or id.`),
    );
    return { text: `No agent usage recorded for ${s.who}.`, blocks };
  }
  const matched = context(`Matched as ${s.userIds.map(escapeMrkdwn).join(', ')} · ${freshnessText(s.newestEventAt, s.timezone)}`);
  if (s.totalNanos === 0n && s.calls === 0) {
    blocks.push(section(`No spend for you in ${s.periodLabel}. ${s.previousLabel}: ${formatUsd(s.previousNanos)}.`), matched);
    return { text: `No spend for ${s.who} in ${s.periodLabel}.`, blocks };
  }
  blocks.push(
    section(headlineText(s)),
    ...sparklineBlock(s),
    breakdownFields(['By team', s.byTeam], ['By model', s.byModel], s.totalNanos),
    section(linesText('By product', s.byProduct, s.totalNanos)),
    ...notesBlock([unpricedNote(s.unpricedCalls)]),
    matched,
  );
  return { text: headlineFallback(`Your spend (${s.who})`, s), blocks };
}
