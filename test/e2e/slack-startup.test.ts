import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../../src/app-server.js';
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { postSigned, slashCommandBody, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';

let t: TestDatabase;
let slack: FakeSlack;

beforeAll(async () => {
  t = await freshDatabase();
  slack = await new FakeSlack().start();
});
afterAll(async () => slack.stop());

async function depsFor() {
  const config = loadConfig({ PORT: '0', SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
  return buildDeps(config, t.db, createLogger({ write: () => undefined }));
}

describe('starting the Slack surface', () => {
  it('keeps serving when Slack fails auth.test at boot, and verifies the token on the first request instead', async () => {
    slack.reset();
    slack.failNext('auth.test', { body: { ok: false, error: 'fatal_error' } });
    const running = await startAppServer(await depsFor(), 0);
    try {
      const body = slashCommandBody({ text: 'help', userId: 'U0BBB', responseUrl: slack.responseUrl('boot') });
      expect((await postSigned(`http://127.0.0.1:${running.port}`, body)).status).toBe(200);
      const [answer] = await slack.waitFor('response_url');
      expect(answer?.path).toBe('/respond/boot');
      expect(slack.callsTo('auth.test').length).toBeGreaterThanOrEqual(2); // the failed boot call, then per request
    } finally {
      await running.close(1000);
    }
  });

  it('refuses to start with a token Slack rejects, saying which variable to fix', async () => {
    slack.reset();
    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const started = startAppServer(await depsFor(), 0);
    await expect(started).rejects.toBeInstanceOf(UserError);
    await expect(started).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
  });

  it('asks Slack who the bot is once, not per request, when it answers', async () => {
    slack.reset();
    const running = await startAppServer(await depsFor(), 0);
    try {
      for (const id of ['a', 'b']) {
        await postSigned(`http://127.0.0.1:${running.port}`, slashCommandBody({ text: 'help', userId: 'U0BBB', responseUrl: slack.responseUrl(id) }));
      }
      await slack.waitFor('response_url', 2);
      expect(slack.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await running.close(1000);
    }
  });
});
