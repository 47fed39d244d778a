import { belongsToTeam, isAdmin } from '../../domain/access.js';
import type { DigestCadence } from '../../domain/digest-period.js';
import { UserError } from '../../errors.js';
import { renderSubscribedBlocks, renderSubscriptionRefusalBlocks, renderUnsubscribedBlocks } from '../../render/digest-subscription-blocks.js';
import { loadAskContext, teamByKey } from '../../services/ask-context.js';
import { deleteDigestSubscription, findDigestSubscription, saveSlackSubscription } from '../../store/digest-subscriptions-store.js';
import type { CostReply, CostRequest, CostSubcommand } from './cost-subcommand.js';

/** The team named in `args[0]`, if the person asking may change where its digest goes (a refusal reply otherwise). */
async function managedTeam(req: CostRequest) {
  const key = req.args[0];
  if (key === undefined) throw new UserError('Name the team, e.g. `/cost subscribe search weekly`.');
  const ctx = await loadAskContext(req.deps.db, req.viewer(), req.now);
  const team = teamByKey(ctx, key);
  const allowed = belongsToTeam(ctx.viewer, team) || isAdmin(ctx.viewer, ctx.org);
  const refusal: CostReply | null = allowed ? null : { ...renderSubscriptionRefusalBlocks(team.name), ephemeralOnly: true };
  return { team, org: ctx.org, refusal };
}

function scheduleText(req: CostRequest, cadence: DigestCadence, timezone: string): string {
  if (req.deps.config.digestCron) return `on the digest schedule (\`${req.deps.config.digestCron}\`, ${timezone})`;
  return `${cadence === 'weekly' ? 'Mondays' : 'every day'} at 09:00 (${timezone})`;
}

export const costSubscribe: CostSubcommand = {
  name: 'subscribe',
  usage: '/cost subscribe <team> [weekly|daily]',
  summary: "post a team's spend digest (with a chart) in this channel",
  async run(req) {
    if (req.args.length > 2) throw new UserError('Give a team and optionally weekly or daily.');
    const cadenceText = (req.args[1] ?? 'weekly').toLowerCase();
    if (cadenceText !== 'weekly' && cadenceText !== 'daily') throw new UserError(`A digest is weekly or daily, not "${cadenceText.slice(0, 20)}".`);
    const { team, org, refusal } = await managedTeam(req);
    if (refusal) return refusal;
    await saveSlackSubscription(req.deps.db, { channel: req.channelId, team: team.key, cadence: cadenceText, subscribedBy: req.userId });
    return {
      ...renderSubscribedBlocks({ channel: req.channelId, teamName: team.name, teamKey: team.key, cadence: cadenceText, schedule: scheduleText(req, cadenceText, org.timezone) }),
      ephemeralOnly: true,
    };
  },
};

export const costUnsubscribe: CostSubcommand = {
  name: 'unsubscribe',
  usage: '/cost unsubscribe <team>',
  summary: "stop a team's digest in this channel",
  async run(req) {
    if (req.args.length !== 1) throw new UserError('Name the one team whose digest should stop here.');
    const { team, refusal } = await managedTeam(req);
    if (refusal) return refusal;
    const current = await findDigestSubscription(req.deps.db, req.channelId, team.key);
    if (!current) throw new UserError(`This channel doesn't get ${team.name}'s digest.`);
    // teams.yml is applied at every start: deleting its row here would only last until the next one.
    if (current.source === 'file') {
      throw new UserError(`This channel gets ${team.name}'s digest from teams.yml: set \`digest: off\` (or another channel) for team ${team.key} there.`);
    }
    await deleteDigestSubscription(req.deps.db, req.channelId, team.key);
    return { ...renderUnsubscribedBlocks({ channel: req.channelId, teamName: team.name }), ephemeralOnly: true };
  },
};
