import { writeFile } from 'node:fs/promises';
import { nanosToDecimalString } from '../domain/money.js';
import { UserError } from '../errors.js';
import { renderFocusCsv } from '../render/focus-csv.js';
import { buildFocusExport } from '../services/focus-export.js';
import { findTeam } from '../store/teams-store.js';
import { requireString, type CliCommand } from './cli-kit.js';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'tally export focus --month YYYY-MM [--team KEY] [--out FILE]',
  summary: "write a month's spend as a FOCUS 1.2 CSV (one row per day × team × product × model × user)",
  options: { month: { type: 'string' }, team: { type: 'string' }, out: { type: 'string' } },
  async run({ positionals, values }, ctx) {
    if (positionals[0] !== 'focus' || positionals.length !== 1) throw new UserError(`usage: ${this.usage}`);
    const month = requireString(values, 'month', this.usage);
    const team = typeof values.team === 'string' ? values.team : null;
    const deps = await ctx.deps();
    if (team !== null && !(await findTeam(deps.db, team))) throw new UserError(`no team "${team}" in the directory (see tally teams)`);
    const file = await buildFocusExport(deps.db, deps.prices, month, team);
    const csv = renderFocusCsv(file);
    if (typeof values.out === 'string') {
      await writeFile(values.out, csv, 'utf8');
      ctx.out(`wrote ${file.items.length} rows, ${nanosToDecimalString(file.totalNanos, 2)} USD, to ${values.out}`);
    } else {
      ctx.out(csv.trimEnd());
    }
    return 0;
  },
};
