import { UserError } from '../errors.js';
import { readTeamsFile } from '../ingest/teams-file.js';
import { applyTeamsFile } from '../services/apply-teams-file.js';
import type { CliCommand } from './cli-kit.js';

export const teamsCommand: CliCommand = {
  name: 'teams',
  usage: 'tally teams apply FILE',
  summary: 'validate teams.yml and make the directory match it',
  async run({ positionals }, ctx) {
    const [verb, file] = positionals;
    if (verb !== 'apply' || !file) throw new UserError(`usage: ${this.usage}`);
    const parsed = await readTeamsFile(file); // validate before touching the database
    const deps = await ctx.deps();
    const s = await applyTeamsFile(deps.db, parsed, ctx.config.timezone);
    ctx.out(
      `applied ${file}: ${s.teams} teams (${s.added.length} added${s.added.length ? `: ${s.added.join(', ')}` : ''}, ` +
        `${s.removed.length} removed${s.removed.length ? `: ${s.removed.join(', ')}` : ''}), timezone ${s.timezone}` +
        (s.timezoneChanged ? ' (changed: rollups re-dated)' : ''),
    );
    return 0;
  },
};
