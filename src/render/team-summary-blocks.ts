import type { KnownBlock } from '@slack/types';
import { formatUsd, percentOf, formatPercent, progressBar } from '../domain/format.js';
import { dayjs } from '../domain/time-zone.js';
import type { TeamBudgetStatus, TeamSpendSummary } from '../services/team-spend-summary.js';
import { anomalyLine } from './anomaly-blocks.js';
import { renderCostShareLine } from './cost-share-text.js';
import { context, divider, escapeMrkdwn, header, MAX_BLOCKS, section } from './message-blocks.js';
import {
  breakdownFields,
  freshnessText,
  headlineFallback,
  headlineText,
  label,
  linesText,
  notesBlock,
  sparklineBlock,
  TASK_HINT,
  taskRef,
  unpricedNote,
} from './spend-blocks.js';

export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

function budgetText(b: TeamBudgetStatus): string {
  const used = percentOf(b.spentNanos, b.budgetNanos) ?? 0;
  const lines = [
    `*Budget* (${b.period}): ${formatUsd(b.spentNanos)} of ${formatUsd(b.budgetNanos)} · ${formatPercent(used)}  \`${progressBar(used)}\``,
  ];
  if (b.forecastNanos !== null) {
    const crossing = b.projectedCrossDay ? ` — crosses 100% on ${dayjs.utc(b.projectedCrossDay).format('MMM D')}` : '';
    lines.push(`Forecast at period end: ${formatUsd(b.forecastNanos)}${crossing}`);
  }
  return lines.join('\n');
}

function quietText(s: TeamSpendSummary): string {
  if (s.newestEventAt === null) {
    return `No agent spend recorded for *${escapeMrkdwn(s.team.name)}* yet. Once its agents send usage events with \`team: ${escapeMrkdwn(s.team.key)}\`, they show up here.`;
  }
  return `No spend for *${escapeMrkdwn(s.team.name)}* in ${s.periodLabel}. ${s.previousLabel}: ${formatUsd(s.previousNanos)}.`;
}

/** A team's answer: headline, shape, drivers, budget, anomalies, honest notes and freshness. ≤ 12 blocks. */
export function renderTeamSummaryBlocks(s: TeamSpendSummary): RenderedMessage {
  const blocks: KnownBlock[] = [header(`${s.team.name} — agent spend`)];
  if (s.totalNanos === 0n && s.calls === 0) {
    blocks.push(section(quietText(s)));
  } else {
    blocks.push(section(headlineText(s)), ...sparklineBlock(s));
    if (s.budget) blocks.push(section(budgetText(s.budget)));
    blocks.push(breakdownFields(['By product', s.byProduct], ['By model', s.byModel], s.totalNanos));
    const tasks = s.topTasks.length
      ? s.topTasks.map((t) => `• ${taskRef(t.taskId)} — ${formatUsd(t.costNanos)}${t.taskType ? ` · ${label(t.taskType)}` : ''}${t.user ? ` · ${label(t.user)}` : ''}`).join('\n')
      : '—';
    blocks.push({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: linesText('Top users', s.topUsers, s.totalNanos) },
        { type: 'mrkdwn', text: `*Top tasks* (${TASK_HINT})\n${tasks}` },
      ],
    });
    if (s.anomalies?.length) {
      const lines = s.anomalies.slice(0, 3).map((a) => anomalyLine(a, s.team.name));
      blocks.push(section(`:rotating_light: *Anomalies*\n${lines.join('\n')}`));
    }
    if (s.costShare) blocks.push(section(renderCostShareLine(s.costShare.share, s.costShare.allocation)));
    blocks.push(
      ...notesBlock([
        unpricedNote(s.unpricedCalls),
        s.unattributedNanos !== null
          ? `:label: ${formatUsd(s.unattributedNanos)} of org spend in this period has no team (not in any team's total).`
          : null,
      ]),
    );
  }
  blocks.push(context(freshnessText(s.newestEventAt, s.timezone)));
  return { text: headlineFallback(s.team.name, s), blocks };
}

/** `/cost myteam`: each of the viewer's teams in full, or one line each when they would not fit one message. */
export function renderMyTeamsBlocks(summaries: readonly TeamSpendSummary[]): RenderedMessage {
  if (summaries.length === 0) {
    const text =
      "You're not listed in any team yet (as owner, member or through a team's Slack user group). " +
      'Ask your platform team to add you in teams.yml, or try `/cost team <key>` or `/cost me`.';
    return { text, blocks: [section(text)] };
  }
  const full = summaries.map(renderTeamSummaryBlocks);
  const blocks = full.flatMap((m, i) => (i === 0 ? m.blocks : [divider(), ...m.blocks]));
  const text = full.map((m) => m.text).join('\n');
  if (blocks.length <= MAX_BLOCKS) return { text, blocks };
  const lines = summaries.map((s) => `• *${escapeMrkdwn(s.team.name)}* (\`${s.team.key}\`): ${formatUsd(s.totalNanos)} · ${formatPercent(percentOf(s.totalNanos - s.previousNanos, s.previousNanos), true)} vs previous`);
  return {
    text,
    blocks: [
      header('Your teams — agent spend'),
      section(`${summaries[0]!.periodLabel}\n${lines.join('\n')}`),
      context('For one team in detail: `/cost team <key>`'),
    ],
  };
}
