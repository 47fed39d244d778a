import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { renderBlocksAsText } from '../render/blocks-text.js';
import { dispatchCost } from '../slack/commands/dispatch-cost.js';
import type { CliCommand } from './cli-kit.js';

export interface AskAs {
  userId: string;
  email: string | null;
  channelId?: string;
}

/**
 * Runs a `/cost` question through the same dispatcher Slack uses and returns the answer as terminal
 * text. The viewer is who `--user`/`--email` say (no Slack lookups, so no user-group memberships).
 */
export async function askCostAsText(deps: AppDeps, text: string, as: AskAs, now: Date, log: Logger): Promise<string> {
  const viewer = { userId: as.userId, email: as.email?.toLowerCase() ?? null, usergroups: new Set<string>() };
  const answer = await dispatchCost(
    text.replace(/^\s*\/cost\b/i, ''),
    { deps, userId: as.userId, channelId: as.channelId ?? 'CLI', now, viewer: async () => viewer },
    log,
    randomUUID(),
  );
  return renderBlocksAsText(answer.blocks);
}

export const askCommand: CliCommand = {
  name: 'ask',
  usage: 'tally ask "/cost myteam" --user U0BBB [--email x@y] [--at ISO]',
  summary: 'answer a /cost question as a Slack user would see it, as terminal text',
  options: { user: { type: 'string' }, email: { type: 'string' } },
  async run({ positionals, values }, ctx) {
    const [question, ...extra] = positionals;
    const user = values.user;
    if (!question || extra.length > 0 || typeof user !== 'string' || !/^[UW][A-Z0-9]{2,}$/.test(user)) {
      throw new UserError(`usage: ${this.usage} (quote the question; --user is a Slack user id)`);
    }
    const email = typeof values.email === 'string' ? values.email : null;
    ctx.out(await askCostAsText(await ctx.deps(), question, { userId: user, email }, ctx.now, ctx.log));
    return 0;
  },
};
