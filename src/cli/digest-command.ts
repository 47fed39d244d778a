import { UserError } from '../errors.js';
import { runDigests } from '../jobs/digest-run.js';
import type { CliCommand } from './cli-kit.js';

export const digestCommand: CliCommand = {
  name: 'digest',
  usage: 'tally digest run [--at ISO] [--channel C…] [--dry-run]',
  summary: 'post the digests due now, each exactly once (--dry-run prints them instead; needs no Slack)',
  options: { channel: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run({ positionals, values }, ctx) {
    if (positionals[0] !== 'run' || positionals.length > 1) throw new UserError(`usage: ${this.usage}`);
    const channel = values.channel;
    if (channel !== undefined && (typeof channel !== 'string' || !/^[CGD][A-Z0-9]{2,}$/.test(channel))) {
      throw new UserError('--channel must be a Slack channel id such as C0123ABCD');
    }
    const dryRun = values['dry-run'] === true;
    const deps = await ctx.deps();
    const s = await runDigests(deps, ctx.now, { channel, dryRun });
    if (dryRun) {
      for (const p of s.previews) ctx.out(`${p.text}\n`);
      ctx.out(`${s.due} digest${s.due === 1 ? '' : 's'} due at ${ctx.now.toISOString()}; dry run: nothing posted or recorded.`);
      if (s.due === 0) ctx.out('Weekly digests are due on Mondays and daily ones every day (org timezone); try --at with a Monday morning.');
      return 0;
    }
    ctx.out(`${s.due} due: ${s.sent} posted, ${s.skipped} already posted or in flight, ${s.failed.length} failed (${s.textFallbacks} with a text chart).`);
    for (const f of s.failed) ctx.out(`  ${f.channel} ${f.team}: ${f.error}${f.final ? ' (gave up)' : ' (retried next run)'}`);
    for (const i of s.needsInvite) ctx.out(`  invite the bot to ${i.channel} (${i.team})${i.told ? `; told ${i.told}` : ''}`);
    return s.failed.length > 0 ? 1 : 0;
  },
};
