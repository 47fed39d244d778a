import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { ANOMALY_EXPECTED_ACTION, markAlertExpected } from '../../render/anomaly-blocks.js';
import { markAnomalyExpectedBy } from '../../services/team-anomalies.js';
import { listTeams } from '../../store/teams-store.js';
import type { SlackContext } from '../slack-context.js';

const REFUSALS = {
  not_found: 'That anomaly is no longer on record.',
  forbidden: "Only the team's members, owners and Tally admins can mark its anomalies as expected.",
} as const;

/** *Looks expected* on an anomaly alert: records who said so and replaces the button with that note. */
export function registerAnomalyActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ANOMALY_EXPECTED_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const { deps } = ctx;
    const viewer = await ctx.directory.viewer(body.user.id, await listTeams(deps.db));
    const result = await markAnomalyExpectedBy(deps.db, action.value ?? '', viewer, deps.now());
    if (result.status !== 'marked') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: REFUSALS[result.status] });
      return;
    }
    deps.log.info('anomaly marked expected', { anomaly: result.anomaly.id, user: body.user.id });
    const blocks = (body.message?.blocks ?? []) as KnownBlock[];
    await respond({ replace_original: true, text: body.message?.text ?? 'Anomaly marked as expected', blocks: markAlertExpected(blocks, body.user.id) });
  });
}
