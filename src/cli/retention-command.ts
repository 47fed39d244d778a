import { UserError } from '../errors.js';
import { runRawRetention } from '../jobs/raw-retention.js';
import type { CliCommand } from './cli-kit.js';

export const retentionCommand: CliCommand = {
  name: 'retention',
  usage: 'tally retention run [--at ISO]',
  summary: 'drop raw-event months older than TALLY_RAW_RETENTION_DAYS (aggregates are kept)',
  async run({ positionals }, ctx) {
    if (positionals[0] !== 'run' || positionals.length > 1) throw new UserError(`usage: ${this.usage}`);
    const deps = await ctx.deps();
    const s = await runRawRetention(deps, ctx.now);
    const dropped = s.droppedPartitions.length > 0 ? s.droppedPartitions.join(', ') : 'none';
    ctx.out(`retention ${deps.config.rawRetentionDays} days: events before ${s.horizon} are no longer accepted; dropped partitions: ${dropped}; forgot ${s.prunedEventIds} event ids. Aggregates kept.`);
    return 0;
  },
};
