import { startAppServer, type RunningServer } from '../../src/app-server.js';
import type { AppDeps } from '../../src/app-deps.js';
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { Db } from '../../src/store/db.js';
import { FakeSlack } from './fake-slack.js';
import { postSigned, slashCommandBody, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-requests.js';

export const TEST_INGEST_TOKEN = 'test-ingest-token-123';

export interface TestServer {
  deps: AppDeps;
  running: RunningServer;
  baseUrl: string;
  slack: FakeSlack;
  logs: string[];
  /** Sends `/cost <text>` as `userId` and returns what Tally posted to response_url. */
  cost(text: string, userId: string, channelId?: string): Promise<CostResponse>;
  close(): Promise<void>;
}

export interface CostResponse {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: unknown[]; fields?: { text: string }[] }[];
  /** All visible text of the answer, for assertions. */
  all: string;
}

let responseCounter = 0;

/**
 * The real server (Bolt's signature check and routing included) on a random port, against a test
 * database, with Slack faked at the network boundary. `now` pins the clock for the app.
 */
export async function startTestServer(db: Db, options: { env?: Record<string, string>; now?: () => Date; slack?: boolean } = {}): Promise<TestServer> {
  const slack = await new FakeSlack().start();
  const useSlack = options.slack ?? true;
  const config = loadConfig({
    PORT: '0',
    TALLY_INGEST_TOKENS: TEST_INGEST_TOKEN,
    ...(useSlack ? { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl } : {}),
    ...options.env,
  });
  const logs: string[] = [];
  const log: Logger = createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [TEST_INGEST_TOKEN, TEST_BOT_TOKEN, TEST_SIGNING_SECRET] });
  const deps = await buildDeps(config, db, log, options.now);
  const running = await startAppServer(deps, 0);
  const baseUrl = `http://127.0.0.1:${running.port}`;
  return {
    deps,
    running,
    baseUrl,
    slack,
    logs,
    async cost(text, userId, channelId) {
      const id = `r${++responseCounter}`;
      const res = await postSigned(baseUrl, slashCommandBody({ text, userId, channelId, responseUrl: slack.responseUrl(id) }));
      if (res.status !== 200) throw new Error(`/slack/events answered ${res.status}`);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const hit = slack.calls.find((c) => c.path === `/respond/${id}`);
        if (hit) {
          const p = hit.params as unknown as CostResponse;
          return { ...p, all: visibleText(p) };
        }
        if (Date.now() > deadline) throw new Error(`no response_url post for /cost ${text}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await running.close(1000);
      await slack.stop();
    },
  };
}

export function visibleText(p: Pick<CostResponse, 'text' | 'blocks'>): string {
  const parts = [p.text];
  for (const b of p.blocks ?? []) {
    if (b.text?.text) parts.push(b.text.text);
    for (const f of b.fields ?? []) parts.push(f.text);
    for (const e of (b.elements ?? []) as { text?: string | { text: string } }[]) {
      if (typeof e.text === 'string') parts.push(e.text);
      else if (e.text?.text) parts.push(e.text.text);
    }
  }
  return parts.join('\n');
}
