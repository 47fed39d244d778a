import { connectDb, type Db } from '../src/store/db.js';
import { startEmbeddedPostgres } from '../src/store/embedded-postgres.js';
import { migrate } from '../src/store/migrate.js';
import { forgetKnownPartitions } from '../src/store/usage-events-store.js';
import { withDatabase } from '../test/global-setup.js';

export interface BenchDatabase {
  db: Db;
  url: string;
  /** Where it runs, for the report: "embedded" or "DATABASE_URL". */
  kind: 'embedded' | 'DATABASE_URL';
  close(): Promise<void>;
}

/**
 * A migrated database of the bench's own, created fresh and dropped afterwards: inside the server at
 * DATABASE_URL when set, else inside the embedded server (own data dir and port, so `npm run demo`
 * can keep running next to it).
 */
export async function openBenchDatabase(options: { databaseUrl?: string; dataDir: string; port: number }): Promise<BenchDatabase> {
  let adminUrl = options.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres(options.dataDir, options.port);
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const name = `tally_bench_${process.pid}`;
  const admin = connectDb(adminUrl, { max: 1, applicationName: 'tally-bench' });
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const db = connectDb(url, { max: 4, applicationName: 'tally-bench' });
  forgetKnownPartitions();
  await migrate(db);
  return {
    db,
    url,
    kind: stopEmbedded ? 'embedded' : 'DATABASE_URL',
    async close() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.close();
      await stopEmbedded?.();
    },
  };
}
