import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { listTeams } from '../../store/teams-store.js';
import type { SlackContext } from '../slack-context.js';
import { dispatchCost } from './dispatch-cost.js';

/** `/cost …`: ack at once (Slack's 3 s), then answer through response_url. */
export function registerCostCommand(app: App, ctx: SlackContext): void {
  app.command('/cost', async ({ command, ack, respond }) => {
    await ack();
    const requestId = randomUUID();
    const log = ctx.deps.log.child({ requestId, command: '/cost', user: command.user_id });
    const answer = await dispatchCost(
      command.text ?? '',
      {
        deps: ctx.deps,
        userId: command.user_id,
        channelId: command.channel_id,
        now: ctx.deps.now(),
        viewer: lazy(async () => ctx.directory.viewer(command.user_id, await listTeams(ctx.deps.db))),
      },
      log,
      requestId,
    );
    await respond({ response_type: answer.responseType, text: answer.text, blocks: answer.blocks, replace_original: false });
  });
}

/** Runs `fn` at most once, on first use. */
export function lazy<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
