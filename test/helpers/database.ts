import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { connectDb, type Db } from '../../src/store/db.js';
import { forgetKnownPartitions } from '../../src/store/usage-events-store.js';
import { withDatabase } from '../global-setup.js';

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
}

/** A database of its own for one test file, cloned from the migrated template and dropped afterwards. */
export async function freshDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDb');
  const name = `tally_t_${randomBytes(5).toString('hex')}`;
  const admin = connectDb(adminUrl, { max: 1 });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      // Two files cloning the template in the same instant can collide; the clone is cheap to retry.
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  forgetKnownPartitions();
  const url = withDatabase(adminUrl, name);
  const db = connectDb(url, { max: 5 });
  afterAll(async () => {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
  });
  return { db, url, name };
}
