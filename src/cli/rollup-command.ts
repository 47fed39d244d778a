import { UserError } from '../errors.js';
import { rebuildRollups } from '../store/usage-events-store.js';
import type { CliCommand } from './cli-kit.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const rollupCommand: CliCommand = {
  name: 'rollup',
  usage: 'tally rollup rebuild --from YYYY-MM-DD --to YYYY-MM-DD',
  summary: 'recompute the aggregates for [from, to) from raw events (identical totals)',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run({ positionals, values }, ctx) {
    const { from, to } = values;
    if (positionals[0] !== 'rebuild' || typeof from !== 'string' || typeof to !== 'string' || !DAY.test(from) || !DAY.test(to) || from >= to) {
      throw new UserError(`usage: ${this.usage} (org-calendar days, --to exclusive and after --from)`);
    }
    const deps = await ctx.deps();
    const result = await deps.db.tx((q) => rebuildRollups(q, from, to));
    ctx.out(`rebuilt rollups for ${from}..${to} from ${result.events} events`);
    return 0;
  },
};
