import type { HomeView, KnownBlock } from '@slack/types';
import { formatCount, formatUsd, progressBar } from '../domain/format.js';
import { dayjs } from '../domain/time-zone.js';
import type { AppHome, HomeTeam } from '../services/app-home.js';
import { anomalyLine } from './anomaly-blocks.js';
import { budgetPeriodLabel, budgetUsedLine } from './budget-status-blocks.js';
import { context, divider, escapeMrkdwn, header, section } from './message-blocks.js';

// A Home tab holds up to 100 blocks; each team takes at most five, so 12 teams fit with room to spare.
export const MAX_HOME_BLOCKS = 100;

function budgetLines(team: HomeTeam): string[] {
  return team.budgets.map((b) => `${progressBar(b.percent)} ${budgetPeriodLabel(b)}: ${budgetUsedLine(b)}`);
}

function taskLines(team: HomeTeam): string[] {
  return team.topTasks.map((t) => {
    const what = t.taskType ? ` (${escapeMrkdwn(t.taskType)})` : '';
    return `• \`${escapeMrkdwn(t.taskId.slice(0, 60))}\`${what} — ${formatUsd(t.costNanos)}, ${formatCount(t.calls)} ${t.calls === 1 ? 'call' : 'calls'}`;
  });
}

function teamBlocks(team: HomeTeam): KnownBlock[] {
  const unpriced = team.unpricedCalls > 0 ? ` · ${formatCount(team.unpricedCalls)} unpriced calls not in the total` : '';
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(team.name)}* — *${formatUsd(team.mtdNanos)}* month to date · ${formatCount(team.calls)} calls${unpriced}`)];
  const budgets = budgetLines(team);
  if (budgets.length > 0) blocks.push(section(budgets.join('\n')));
  const tasks = taskLines(team);
  if (tasks.length > 0) blocks.push(section(`*Top tasks*\n${tasks.join('\n')}`));
  if (team.anomalies.length > 0) blocks.push(section(`*Latest anomalies*\n${team.anomalies.map((a) => anomalyLine(a, team.name)).join('\n')}`));
  blocks.push(divider());
  return blocks;
}

/** The App Home tab: the viewer's teams this month, with budgets, top tasks and anomalies. */
export function renderAppHomeView(home: AppHome): HomeView {
  const month = dayjs.utc(home.monthFrom).format('MMMM YYYY');
  const blocks: KnownBlock[] = [header(`Your AI agent spend · ${month}`)];
  blocks.push(context(`Month to date through ${dayjs.utc(home.today).format('MMM D')} · refreshed when you open this tab · \`/cost help\` for more`));
  if (home.orgMtdNanos !== null) blocks.push(section(`Whole organisation: *${formatUsd(home.orgMtdNanos)}* month to date`));
  blocks.push(divider());
  if (home.noTeams) {
    blocks.push(section("You're not in any team yet, so there are no figures to show. Ask your platform team to add you to a team in teams.yml."));
  }
  for (const team of home.teams) blocks.push(...teamBlocks(team));
  if (home.moreTeams > 0) blocks.push(context(`…and ${home.moreTeams} more teams: use \`/cost team <key>\`.`));
  return { type: 'home', blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}
