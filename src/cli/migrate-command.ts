import type { CliCommand } from './cli-kit.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'tally migrate',
  summary: 'apply pending database migrations',
  async run(_args, ctx) {
    await ctx.deps(); // opening the database migrates it
    ctx.out('migrations are current');
    return 0;
  },
};
