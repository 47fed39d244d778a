import type { TestProject } from 'vitest/node';
import { connectDb } from '../src/store/db.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/store/embedded-postgres.js';
import { migrate } from '../src/store/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/** Use the machine's Postgres (DATABASE_URL) or start the embedded one; build one migrated template per run. */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres('.tally/test', 54331);
    adminUrl = embedded.url;
  }
  const templateDb = `tally_tpl_${process.pid}`;
  const admin = connectDb(adminUrl, { max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  const template = connectDb(withDatabase(adminUrl, templateDb), { max: 1 });
  await migrate(template);
  await template.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`).catch(() => undefined);
    await admin.close();
    await embedded?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
