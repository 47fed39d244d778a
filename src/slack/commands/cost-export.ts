import { canSeeOrg, canSeeTeam, teamsOf } from '../../domain/access.js';
import { parsePeriod } from '../../domain/periods.js';
import { mayShareIn } from '../../domain/share-policy.js';
import type { Team } from '../../domain/team-directory.js';
import { UserError } from '../../errors.js';
import { renderAccessRefusalBlocks } from '../../render/access-refusal-blocks.js';
import { focusFileName, renderFocusCsv } from '../../render/focus-csv.js';
import { renderFocusExportSentBlocks } from '../../render/focus-export-blocks.js';
import { refuseCrossTeam, refuseTeam } from '../../services/access-refusal.js';
import { loadAskContext, teamByKey, type AskContext } from '../../services/ask-context.js';
import { buildFocusExport } from '../../services/focus-export.js';
import { SlackDeliveryError } from '../slack-notifier.js';
import { parseOptionalTeamArgs } from './cost-args.js';
import type { CostSubcommand } from './cost-subcommand.js';

/** No team named: the whole org for those who may see it, else the viewer's one team. */
function defaultScope(ctx: AskContext): Team | null | 'refused' {
  if (canSeeOrg(ctx.viewer, ctx.org)) return null;
  const own = teamsOf(ctx.viewer, ctx.teams);
  if (own.length === 1) return own[0]!;
  if (own.length === 0) return 'refused';
  throw new UserError(`Which team? You are in ${own.map((t) => t.key).join(', ')}.`);
}

/**
 * `/cost export [team] [month]`: the FOCUS CSV as a file. It goes to the asker's DM; with `share`, to
 * the channel where they asked, under the same rule as any shared answer.
 */
export const costExport: CostSubcommand = {
  name: 'export',
  usage: '/cost export [team] [YYYY-MM] [share]',
  summary: "a month's spend as a FOCUS 1.2 CSV file for finance (default: this month; sent to your DMs)",
  async run(req) {
    const args = parseOptionalTeamArgs(req.args);
    const ctx = await loadAskContext(req.deps.db, await req.viewer(), req.now);
    const period = parsePeriod(args.period ?? 'mtd', req.now, ctx.org.timezone);
    if (period.unit !== 'month' || !period.from.endsWith('-01')) throw new UserError('Export takes a whole month: YYYY-MM, mtd or last-month.');
    const team = args.team === null ? defaultScope(ctx) : teamByKey(ctx, args.team);
    if (team === 'refused') return { ...renderAccessRefusalBlocks(refuseCrossTeam(ctx.org)), ephemeralOnly: true };
    if (team !== null && !canSeeTeam(ctx.viewer, team, ctx.org)) return { ...renderAccessRefusalBlocks(refuseTeam(team, ctx.org)), ephemeralOnly: true };
    const notifier = req.deps.notifier;
    if (!notifier) throw new Error('Slack notifier missing: cannot upload files');
    const scope = team === null ? { kind: 'teams' as const, teams: ctx.teams } : { kind: 'teams' as const, teams: [team] };
    const toChannel = req.share && mayShareIn(ctx.viewer, ctx.org, scope, req.channelId);
    if (req.share && !toChannel) throw new UserError("These figures can't be shared in this channel; run it without `share` to get the file in your DMs.");
    const file = await buildFocusExport(req.deps.db, req.deps.prices, period.from.slice(0, 7), team?.key ?? null);
    const fileName = focusFileName(file);
    try {
      const channel = toChannel ? req.channelId : await notifier.openDm(req.userId);
      await notifier.upload(channel, { filename: fileName, data: Buffer.from(renderFocusCsv(file), 'utf8'), title: `FOCUS export ${file.month}` });
    } catch (err) {
      if (err instanceof SlackDeliveryError && ['not_in_channel', 'channel_not_found'].includes(err.code)) {
        throw new UserError("I can't post files in this channel. Invite me, or run it without `share` to get the file in your DMs.", { cause: err });
      }
      throw err;
    }
    return { ...renderFocusExportSentBlocks(file, fileName, toChannel ? 'channel' : 'dm'), ephemeralOnly: true };
  },
};
