import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db.js';
import { projectRoot } from './project-root.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Any constant will do; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_410_221;

export async function readMigrations(dir = join(projectRoot(), 'migrations')): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 4)),
      name: file,
      sql: await readFile(join(dir, file), 'utf8'),
    })),
  );
}

/**
 * Applies pending migrations in order, each in its own transaction under an advisory lock, so two
 * processes starting at once serialize and the second finds nothing left to do.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  const applied: string[] = [];
  for (const migration of all) {
    const didApply = await db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await q.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return false;
      await q.query(migration.sql);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (didApply) applied.push(migration.name);
  }
  return applied;
}

/** For /readyz: true when every migration file on disk has been applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await readMigrations();
  const rows = await db
    .query<{ version: number }>('SELECT version FROM schema_migrations')
    .catch(() => [] as { version: number }[]);
  const done = new Set(rows.map((r) => r.version));
  return all.filter((m) => !done.has(m.version)).map((m) => m.name);
}
