import type { App } from '@slack/bolt';
import { renderAppHomeView } from '../../render/app-home-view.js';
import { appHomeFor } from '../../services/app-home.js';
import { listTeams } from '../../store/teams-store.js';
import type { SlackContext } from '../slack-context.js';

/** Re-publishes the viewer's Home tab each time they open it (Events API acks before this runs). */
export function registerAppHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const viewer = await ctx.directory.viewer(event.user, await listTeams(ctx.deps.db));
    const home = await appHomeFor(ctx.deps.db, viewer, ctx.deps.now());
    await client.views.publish({ user_id: event.user, view: renderAppHomeView(home) });
  });
}
