import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/database.js';
import { postSigned, slashCommandBody } from '../helpers/slack-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;

beforeAll(async () => {
  const { db } = await freshDatabase();
  server = await startTestServer(db);
});
afterAll(async () => server.close());

describe('/cost over signed HTTP', () => {
  it('answers /cost and /cost help with usage, ephemerally', async () => {
    for (const text of ['', 'help']) {
      const answer = await server.cost(text, 'U0BBB');
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.all).toContain('/cost help');
    }
  });

  it('refuses forged and stale signatures with 401 and runs nothing', async () => {
    const body = slashCommandBody({ text: 'help', userId: 'U0BBB', responseUrl: server.slack.responseUrl('forged') });
    const forged = await postSigned(server.baseUrl, body, { secret: 'wrong-secret' });
    expect(forged.status).toBe(401);
    const stale = await postSigned(server.baseUrl, body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(server.slack.calls.filter((c) => c.path === '/respond/forged')).toHaveLength(0);
  });

  it('answers an unknown subcommand with usage', async () => {
    const answer = await server.cost('frobnicate now', 'U0BBB');
    expect(answer.all).toContain("I don't know \"/cost frobnicate\"");
  });
});
