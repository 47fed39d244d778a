import { startAppServer } from '../src/app-server.js';
import { buildDeps } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { connectDb } from '../src/store/db.js';

/**
 * The real server in a process of its own (so its RSS is its own), with the clock pinned to the end of
 * the generated traffic. Started by run-bench.ts through fork(); tells the parent its port over IPC.
 */
const config = loadConfig(process.env);
const log = createLogger({ level: config.logLevel, write: (line) => process.stderr.write(line + '\n') });
const now = new Date(process.env.BENCH_NOW ?? Date.now());
const db = connectDb(config.databaseUrl ?? '', { onConnectionError: (err) => log.warn('idle connection lost', { err: err.message }) });
const deps = await buildDeps(config, db, log, () => now);
const running = await startAppServer(deps, 0);
process.send?.({ port: running.port });
process.on('message', (message) => {
  if (message !== 'stop') return;
  void running.close(2_000).then(() => db.close()).then(() => process.exit(0));
});
