import type { CliCommand } from './cli-kit.js';
import { demoCommand } from './demo-command.js';
import { importCommand } from './import-command.js';
import { ingestCommand } from './ingest-command.js';
import { migrateCommand } from './migrate-command.js';
import { rollupCommand } from './rollup-command.js';
import { teamsCommand } from './teams-command.js';

/** Every `tally` subcommand; each lives in its own file. */
export const commands: readonly CliCommand[] = [migrateCommand, teamsCommand, ingestCommand, demoCommand, rollupCommand, importCommand];
