import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { formatDuration } from '../../domain/format.js';
import { SNOOZE_ACTION, VIEW_BREAKDOWN_ACTION } from '../../render/budget-alert-blocks.js';
import { findBudget, snoozeBudgetOwner } from '../../store/budgets-store.js';
import { listTeams } from '../../store/teams-store.js';
import { lazy } from '../commands/cost-command.js';
import { dispatchCost } from '../commands/dispatch-cost.js';
import type { SlackContext } from '../slack-context.js';

export const SNOOZE_MS = 24 * 60 * 60 * 1000;

const snoozeValue = z.object({ b: z.number().int().positive(), o: z.string().min(1).max(320) });

function parseSnooze(value: string | undefined): z.infer<typeof snoozeValue> | null {
  try {
    const parsed = snoozeValue.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The buttons on a budget alert DM: *View breakdown* (the `/cost team` answer) and *Snooze 24 h*. */
export function registerBudgetActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(VIEW_BREAKDOWN_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const requestId = randomUUID();
    const log = ctx.deps.log.child({ requestId, action: VIEW_BREAKDOWN_ACTION, user: body.user.id });
    const answer = await dispatchCost(
      `team ${action.value ?? ''}`,
      {
        deps: ctx.deps,
        userId: body.user.id,
        channelId: body.channel?.id ?? '',
        now: ctx.deps.now(),
        viewer: lazy(async () => ctx.directory.viewer(body.user.id, await listTeams(ctx.deps.db))),
      },
      log,
      requestId,
    );
    await respond({ response_type: 'ephemeral', replace_original: false, text: answer.text, blocks: answer.blocks });
  });

  app.action<BlockAction<ButtonAction>>(SNOOZE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const { deps } = ctx;
    const value = parseSnooze(action.value);
    const budget = value && (await findBudget(deps.db, value.b));
    if (!value || !budget) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That budget no longer exists, so there is nothing to snooze.' });
      return;
    }
    // The button sits in the owner's own DM; still, only that owner may snooze their alerts.
    const isOwner = value.o === body.user.id || value.o.toLowerCase() === (await ctx.directory.emailOf(body.user.id));
    if (!isOwner) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only the owner this alert was sent to can snooze it.' });
      return;
    }
    const now = deps.now();
    const until = new Date(now.getTime() + SNOOZE_MS);
    await snoozeBudgetOwner(deps.db, { budgetId: budget.id, owner: value.o, until, snoozedBy: body.user.id });
    deps.log.info('budget alerts snoozed', { budget: budget.id, user: body.user.id, until: until.toISOString() });
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `:zzz: Snoozed: no alert DMs about this budget for ${formatDuration(SNOOZE_MS)} (until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC). Alerts crossed meanwhile are not sent later.`,
    });
  });
}
