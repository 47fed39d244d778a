import type { KnownBlock } from '@slack/types';
import { changeArrow, formatChange, formatCount, formatPercent, formatUsd, percentOf, progressBar, sparkline } from '../domain/format.js';
import type { Nanos } from '../domain/money.js';
import { unitsToNumber } from '../domain/cost-per-unit.js';
import type { DigestContent, DigestReport } from '../services/digest-content.js';
import type { SpendSlice } from '../store/spend-store.js';
import { renderAdviceTipLine } from './advice-blocks.js';
import { anomalyLine } from './anomaly-blocks.js';
import { budgetForecastLine, budgetPeriodLabel, budgetUsedLine } from './budget-status-blocks.js';
import { barLabel } from './trend-chart.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';

// The cap: a digest must stay short enough to read in the channel.
export const MAX_DIGEST_BLOCKS = 15;

/** Where the chart is: an uploaded PNG (Slack file id) or, when upload isn't possible, a text sparkline. */
export type DigestChart = { fileId: string } | null;

export interface DigestMessage {
  text: string;
  blocks: KnownBlock[];
}

function unit(report: Pick<DigestReport, 'cadence'>): string {
  return report.cadence === 'weekly' ? 'week' : 'day';
}

function sliceLines(slices: readonly SpendSlice[], total: Nanos, none: string): string {
  if (slices.length === 0) return '_none_';
  return slices
    .map((s, i) => `${i + 1}. ${escapeMrkdwn(s.key || none)}  ${formatUsd(s.costNanos)} (${formatPercent(percentOf(s.costNanos, total))})`)
    .join('\n');
}

function headlineText(r: DigestReport): string {
  const spent = `*${formatUsd(r.totalNanos)}* spent ${r.periodLabel} · ${formatCount(r.calls)} calls`;
  if (r.firstPeriod) return `${spent}\nFirst ${unit(r)} on Tally: no earlier ${unit(r)} to compare with yet.`;
  return `${spent}\n${changeArrow(r.totalNanos, r.previousNanos)} *${formatChange(r.totalNanos, r.previousNanos)}* vs the ${unit(r)} before (${formatUsd(r.previousNanos)})`;
}

function chartBlock(r: DigestReport, chart: DigestChart): KnownBlock {
  const amounts = r.trend.map((p) => barLabel(p.costNanos)).join(', ');
  const span = `last ${r.trend.length} ${unit(r)}s`;
  if (chart) {
    return { type: 'image', slack_file: { id: chart.fileId }, alt_text: `Bar chart of ${r.team.name}'s spend, ${span}: ${amounts}` };
  }
  return section(`\`${sparkline(r.trend.map((p) => p.costNanos))}\`  ${span}: ${amounts}`);
}

function tasksText(r: DigestReport): string {
  const lines = r.topTasks.map(
    (t) => `• \`${escapeMrkdwn(t.taskId)}\` ${formatUsd(t.costNanos)} · ${escapeMrkdwn(t.taskType || 'task')} · ${escapeMrkdwn(t.user || 'no user')} · ${formatCount(t.calls)} calls`,
  );
  return `*Most expensive tasks*\n${lines.join('\n')}\n_Details of one: \`/cost task ${escapeMrkdwn(r.topTasks[0]?.taskId ?? '')}\`_`;
}

function optionalBlocks(r: DigestReport): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (r.budget) {
    const b = r.budget;
    blocks.push(section(`*${budgetPeriodLabel(b)}* \`${progressBar(b.percent)}\` ${budgetUsedLine(b)}\n${budgetForecastLine(b)}`));
  }
  if (r.anomalies.length > 0) blocks.push(section(`*Unusual days*\n${r.anomalies.map((a) => anomalyLine(a, r.team.name)).join('\n')}`));
  const perUnit = r.value?.perUnitNanos;
  if (r.value && perUnit != null) {
    blocks.push(section(`*Value* *${formatUsd(perUnit)}* per ${escapeMrkdwn(r.value.metric)} (${formatCount(unitsToNumber(r.value.units))} this ${unit(r)})`));
  }
  if (r.tip) blocks.push(section(`:bulb: *Tip* ${renderAdviceTipLine(r.tip)}`));
  return blocks;
}

function footnote(r: DigestReport): string {
  const notes: string[] = [];
  if (r.unpricedCalls > 0) notes.push(`${formatCount(r.unpricedCalls)} unpriced calls (model not in the price table) are counted, not valued.`);
  if (r.unattributedNanos !== null) notes.push(`${formatUsd(r.unattributedNanos)} of org spend this ${unit(r)} has no team: tag events with \`team\`.`);
  notes.push(`Tally ${r.cadence} digest · \`/cost unsubscribe ${escapeMrkdwn(r.team.key)}\` to stop`);
  return notes.join('  ');
}

function reportBlocks(r: DigestReport, chart: DigestChart): KnownBlock[] {
  return [
    header(`${r.team.name}: ${r.cadence} agent spend`),
    section(headlineText(r)),
    chartBlock(r, chart),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Top models*\n${sliceLines(r.topModels, r.totalNanos, 'no model')}` },
        { type: 'mrkdwn', text: `*Top products*\n${sliceLines(r.topProducts, r.totalNanos, 'no product')}` },
        { type: 'mrkdwn', text: `*Top users*\n${sliceLines(r.topUsers, r.totalNanos, 'no user')}` },
      ],
    },
    ...(r.topTasks.length > 0 ? [section(tasksText(r))] : []),
    ...optionalBlocks(r),
    context(footnote(r)),
  ];
}

/** One team's digest as one message: ≤ 15 blocks, with fallback text for notifications. */
export function renderDigestBlocks(content: DigestContent, chart: DigestChart): DigestMessage {
  const name = escapeMrkdwn(content.team.name);
  if (content.kind === 'quiet') {
    const line = `*${name}*: no agent spend ${content.periodLabel}. A quiet ${unit(content)}.`;
    return { text: line, blocks: [section(line)] };
  }
  if (content.kind === 'new') {
    const line = `*${name}*: no history yet. Once its agents report usage to Tally, this channel gets a ${content.cadence} digest here.`;
    return { text: line, blocks: [section(line)] };
  }
  const change = content.firstPeriod ? 'first on Tally' : `${formatPercent(percentOf(content.totalNanos - content.previousNanos, content.previousNanos), true)} vs the ${unit(content)} before`;
  return {
    text: `${name}: ${formatUsd(content.totalNanos)} spent ${content.periodLabel} (${change})`,
    blocks: reportBlocks(content, chart).slice(0, MAX_DIGEST_BLOCKS),
  };
}

/** The DM to whoever subscribed a channel the bot can't post in: how to fix it. */
export function renderDigestInviteNotice(n: { channel: string; teamName: string; cadence: string; code: string }): DigestMessage {
  const reason =
    n.code === 'not_in_channel'
      ? "I'm not a member of that channel."
      : "Slack says that channel doesn't exist for me: it was deleted, or it is private and I'm not in it.";
  const line =
    `:wave: I couldn't post *${escapeMrkdwn(n.teamName)}*'s ${n.cadence} digest in <#${n.channel}>. ${reason}\n` +
    `Invite me by typing \`/invite @Tally\` in <#${n.channel}>; I'll try again on the next run. ` +
    `To stop the digest instead, run \`/cost unsubscribe\` there.`;
  return { text: `I couldn't post a digest in <#${n.channel}>: please invite me.`, blocks: [section(line)] };
}
