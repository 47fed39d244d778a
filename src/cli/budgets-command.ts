import { UserError } from '../errors.js';
import { checkBudgets } from '../jobs/budget-check.js';
import type { CliCommand } from './cli-kit.js';

export const budgetsCommand: CliCommand = {
  name: 'budgets',
  usage: 'tally budgets check [--at ISO]',
  summary: 'evaluate every budget now: record crossings, DM owners once (without Slack: print what it would send)',
  async run({ positionals }, ctx) {
    if (positionals[0] !== 'check' || positionals.length > 1) throw new UserError(`usage: ${this.usage}`);
    const deps = await ctx.deps();
    const s = await checkBudgets(deps, ctx.now);
    if (!deps.notifier) {
      ctx.out(`Slack is not configured: nothing sent or recorded. ${s.budgets} budgets checked; would send ${s.wouldSend.length}:`);
      for (const line of s.wouldSend) ctx.out(`  ${line}`);
      return 0;
    }
    ctx.out(
      `${s.budgets} budgets checked at ${ctx.now.toISOString()}: ${s.alertsRecorded} new alerts recorded, ` +
        `${s.dmsSent} DMs and ${s.channelNotices} channel notices sent, ${s.failed} failed (retried next run)`,
    );
    return s.failed > 0 ? 1 : 0;
  },
};
