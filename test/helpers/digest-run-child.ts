// A digest run in a process of its own, so a test can SIGKILL it mid-run like a crashed replica.
// Env: DATABASE_URL, SLACK_API_URL, DIGEST_NOW (ISO).
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { runDigests } from '../../src/jobs/digest-run.js';
import { createLogger } from '../../src/log.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../../src/slack/slack-web.js';
import { connectDb } from '../../src/store/db.js';

const now = new Date(process.env.DIGEST_NOW ?? '');
const log = createLogger({ level: 'error' });
const db = connectDb(process.env.DATABASE_URL ?? '', { max: 2 });
const deps = await buildDeps(loadConfig({}), db, log, () => now);
const client = createSlackWebClient({ token: 'xoxb-test', apiUrl: process.env.SLACK_API_URL, log, retries: 0, timeoutMs: 60_000 });
await runDigests({ ...deps, notifier: new SlackNotifier(client, log, { minIntervalMs: 0 }) }, now, { concurrency: 1 });
await db.close();
