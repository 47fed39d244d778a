import type { KnownBlock } from '@slack/types';
import { unitsToNumber, type Units } from '../domain/cost-per-unit.js';
import { formatCount, formatPercent, formatUsd, percentOf, sparkline } from '../domain/format.js';
import { dayjs } from '../domain/time-zone.js';
import type { TeamValue, ValueUnitCost } from '../services/team-value.js';
import { context, escapeMrkdwn, header, section } from './message-blocks.js';
import type { RenderedMessage } from './team-summary-blocks.js';

const MAX_TASK_TYPES = 10;

function formatUnits(units: Units): string {
  return unitsToNumber(units).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function unitCostText(c: ValueUnitCost): string {
  if (c.perUnitNanos === null) return `no \`${escapeMrkdwn(c.metric)}\` recorded (spend ${formatUsd(c.costNanos)})`;
  return `*${formatUsd(c.perUnitNanos)}* per unit (${formatUnits(c.units)} for ${formatUsd(c.costNanos)})`;
}

/** "↓ 12.5% vs …": for cost per unit, down is good. */
function changeText(current: ValueUnitCost, previous: ValueUnitCost | null, previousLabel: string): string {
  if (!previous || previous.perUnitNanos === null || current.perUnitNanos === null) return `${previousLabel}: ${previous ? unitCostText(previous) : '—'}`;
  const change = percentOf(current.perUnitNanos - previous.perUnitNanos, previous.perUnitNanos);
  const arrow = current.perUnitNanos < previous.perUnitNanos ? '↓' : current.perUnitNanos > previous.perUnitNanos ? '↑' : '→';
  return `${arrow} ${formatPercent(change, true)} vs ${previousLabel} (${formatUsd(previous.perUnitNanos)} per unit)`;
}

function metricBlocks(v: TeamValue): KnownBlock[] {
  if (!v.metric || !v.current) {
    return [section(`No value metric is set for *${escapeMrkdwn(v.team.name)}*: add e.g. \`value_metric: tickets_resolved\` to its entry in teams.yml.`)];
  }
  const blocks = [section(`*Cost per \`${escapeMrkdwn(v.metric)}\`*: ${unitCostText(v.current)}\n${changeText(v.current, v.previous, v.previousLabel)}`)];
  const weeks = v.weeks.filter((w) => w.costNanos > 0n || w.units > 0n);
  if (weeks.length > 1) {
    const lines = weeks.map((w) => `\`${dayjs.utc(w.week).format('MMM D')}\` ${w.perUnitNanos === null ? '—' : formatUsd(w.perUnitNanos)} (${formatUnits(w.units)})`);
    // Weeks without a unit have no cost per unit: leave them out of the chart rather than draw them as $0.
    const spark = sparkline(weeks.flatMap((w) => (w.perUnitNanos === null ? [] : [w.perUnitNanos])));
    blocks.push(section(`*Per week* \`${spark}\`\n${lines.join('\n')}`));
  }
  return blocks;
}

function taskTypeBlock(v: TeamValue): KnownBlock {
  if (v.taskTypes.length === 0) return section('*Cost per successful task*: no tasks started in this period.');
  const lines = v.taskTypes.slice(0, MAX_TASK_TYPES).map((t) => {
    const name = `\`${escapeMrkdwn(t.taskType || '(no task type)')}\``;
    const rate = `${formatCount(t.successfulTasks)}/${formatCount(t.tasks)} tasks with an outcome (${formatPercent(t.successRatePct)})`;
    return `• ${name} ${t.costPerSuccessNanos === null ? 'no successful task yet' : `*${formatUsd(t.costPerSuccessNanos)}* per success`} · ${rate}`;
  });
  const more = v.taskTypes.length > MAX_TASK_TYPES ? `\n…and ${v.taskTypes.length - MAX_TASK_TYPES} more task types` : '';
  return section(`*Cost per successful task* (all of a type's spend ÷ its tasks with an outcome)\n${lines.join('\n')}${more}`);
}

/** `/cost value <team> [period]`. */
export function renderTeamValueBlocks(v: TeamValue): RenderedMessage {
  const unvalued = `*Spend with no recorded value*: ${formatUsd(v.unvaluedNanos)} (${formatPercent(v.unvaluedPct)} of ${formatUsd(v.totalNanos)})`;
  const blocks: KnownBlock[] = [
    header(`Value — ${v.team.name}`),
    context(escapeMrkdwn(v.periodLabel)),
    ...metricBlocks(v),
    taskTypeBlock(v),
    section(unvalued),
    context('A task is successful when an outcome names its task_id (POST /v1/outcomes). Tasks count in the period they started in.'),
  ];
  const perUnit = v.current?.perUnitNanos;
  const headline = perUnit !== null && perUnit !== undefined && v.metric ? `${formatUsd(perUnit)} per ${v.metric}` : 'no value metric recorded';
  return { text: `Value — ${v.team.name}, ${v.periodLabel}: ${headline}; ${formatPercent(v.unvaluedPct)} of spend with no recorded value`, blocks };
}
