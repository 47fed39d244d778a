import { startAppServer } from './app-server.js';
import { applyDirectory, buildDeps, loggerFor, openDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { isUserError } from './errors.js';
import { scheduledJobs } from './jobs/scheduled-jobs.js';
import { startScheduler } from './jobs/scheduler.js';
import { getOrgSettings } from './store/teams-store.js';

/** Wiring only: config → database → directory → deps → server → scheduler; graceful stop on SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = loggerFor(config);
  const database = await openDatabase(config, log);
  await applyDirectory(database.db, config, log);
  const deps = await buildDeps(config, database.db, log);
  const server = await startAppServer(deps);
  const { timezone } = await getOrgSettings(database.db);
  const scheduler = startScheduler(deps, scheduledJobs(config), timezone);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    const deadline = setTimeout(() => {
      log.error('graceful stop timed out; exiting');
      process.exit(1);
    }, 25_000);
    await server.close(10_000);
    await scheduler.stop();
    await database.close();
    clearTimeout(deadline);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`tally: ${isUserError(err) ? err.message : (err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
