import { anomaliesCommand } from './anomalies-command.js';
import { askCommand } from './ask-command.js';
import { budgetsCommand } from './budgets-command.js';
import type { CliCommand } from './cli-kit.js';
import { demoCommand } from './demo-command.js';
import { digestCommand } from './digest-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { ingestCommand } from './ingest-command.js';
import { ingestOutcomesCommand } from './ingest-outcomes-command.js';
import { migrateCommand } from './migrate-command.js';
import { retentionCommand } from './retention-command.js';
import { rollupCommand } from './rollup-command.js';
import { teamsCommand } from './teams-command.js';

/** Every `tally` subcommand; each lives in its own file. */
export const commands: readonly CliCommand[] = [migrateCommand, teamsCommand, ingestCommand, demoCommand, rollupCommand, importCommand, exportCommand, anomaliesCommand, budgetsCommand, digestCommand, ingestOutcomesCommand, askCommand, retentionCommand];
