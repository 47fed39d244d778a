import { generateDemoEvents } from '../demo/demo-events.js';
import { generateDemoOutcomes } from '../demo/demo-outcomes.js';
import { DEMO_TEAMS_YAML } from '../demo/demo-teams.js';
import { parsePeriod } from '../domain/periods.js';
import { MAX_EVENTS_PER_BATCH } from '../ingest/event-schema.js';
import { ingestEvents } from '../ingest/ingest-events.js';
import { ingestOutcomes } from '../ingest/ingest-outcomes.js';
import { parseTeamsFile } from '../ingest/teams-file.js';
import { renderOrgSummaryText } from '../render/org-summary-text.js';
import { applyTeamsFile } from '../services/apply-teams-file.js';
import { orgSpendSummary } from '../services/org-summary.js';
import { previewBudgetAlert } from '../jobs/budget-check.js';
import { renderBlocksAsText } from '../render/blocks-text.js';
import { askCostAsText } from './ask-command.js';
import type { CliCommand } from './cli-kit.js';
import { demoDigestText } from './demo-digest.js';

/** Fills the database with nine realistic weeks for six teams, then shows what Tally makes of it. */
export const demoCommand: CliCommand = {
  name: 'demo',
  usage: 'tally demo [--at ISO]',
  summary: 'load nine synthetic weeks of agent spend for six teams and show the answers',
  async run(_args, ctx) {
    const deps = await ctx.deps();
    const teams = parseTeamsFile(DEMO_TEAMS_YAML, 'demo teams');
    const { timezone } = await applyTeamsFile(deps.db, teams, ctx.config.timezone);
    const events = generateDemoEvents({ now: ctx.now, timezone });
    let accepted = 0;
    let duplicates = 0;
    const started = Date.now();
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) {
      const s = await ingestEvents(deps.db, events.slice(i, i + MAX_EVENTS_PER_BATCH), { now: ctx.now, prices: deps.prices });
      accepted += s.accepted;
      duplicates += s.duplicates;
    }
    const outcomes = generateDemoOutcomes(events, ctx.now);
    for (let i = 0; i < outcomes.length; i += MAX_EVENTS_PER_BATCH) await ingestOutcomes(deps.db, outcomes.slice(i, i + MAX_EVENTS_PER_BATCH), { now: ctx.now });
    const seconds = (Date.now() - started) / 1000;
    ctx.out(`Loaded demo data: ${accepted.toLocaleString('en-US')} new events, ${duplicates.toLocaleString('en-US')} already present, ${outcomes.length.toLocaleString('en-US')} outcomes (${seconds.toFixed(1)} s).\n`);
    ctx.out(renderOrgSummaryText(await orgSpendSummary(deps.db, parsePeriod('30d', ctx.now, timezone))));
    const budgetDm = await previewBudgetAlert(deps.db, ctx.now);
    if (budgetDm) ctx.out(`\nBudget alert DM (the most-used demo budget):\n\n${renderBlocksAsText(budgetDm.blocks)}`);
    ctx.out(`\n/cost myteam as U0BBB (a member of two teams):\n\n${await askCostAsText(deps, '/cost myteam', { userId: 'U0BBB', email: null }, ctx.now, ctx.log)}`);
    ctx.out(`\nWeekly digest for #code-review (as posted in Slack, chart as a PNG):\n\n${await demoDigestText(deps, ctx.now, ctx.config.dataDir)}`);
    return 0;
  },
};
