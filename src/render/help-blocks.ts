import { PERIOD_USAGE } from '../domain/periods.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';
import type { KnownBlock } from '@slack/types';

export interface HelpLine {
  usage: string;
  summary: string;
}

export function renderHelpBlocks(lines: readonly HelpLine[], problem?: string): { text: string; blocks: KnownBlock[] } {
  const list = lines.map((l) => `• \`${escapeMrkdwn(l.usage)}\` — ${escapeMrkdwn(l.summary)}`).join('\n');
  const blocks: KnownBlock[] = [];
  if (problem) blocks.push(section(`:warning: ${escapeMrkdwn(problem)}`));
  blocks.push(
    header('Tally — what your agents cost'),
    section(list),
    context(`Periods: ${PERIOD_USAGE} (default mtd). Add \`share\` to post the answer in the channel.`),
    context('Examples: `/cost myteam` · `/cost team search last-month` · `/cost top 7d` · `/cost task run-8812`'),
  );
  return { text: problem ? `${problem}\nTry /cost help.` : 'Tally: /cost myteam, /cost team <key>, /cost me, /cost task <id>, /cost top — see /cost help', blocks };
}
