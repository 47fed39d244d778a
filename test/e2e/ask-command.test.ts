import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { renderBlocksAsText } from '../../src/render/blocks-text.js';
import { COST_NOW, startCostServer } from '../helpers/cost-fixture.js';
import type { TestDatabase } from '../helpers/database.js';
import type { TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  ({ t, server } = await startCostServer());
});

async function tally(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_URL: t.url, TALLY_TIMEZONE: 'Europe/Berlin', TALLY_LOG_LEVEL: 'warn' };
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tally ask', () => {
  it('prints exactly what Slack shows for the same question, as terminal text', async () => {
    for (const [question, email] of [['/cost myteam', 'bob@example.com'], ['/cost team search last-week', 'bob@example.com'], ['/cost me', 'bob@example.com']] as const) {
      const slack = await server.cost(question.replace('/cost ', ''), 'U0BBB');
      const cli = await tally('ask', question, '--user', 'U0BBB', '--email', email, '--at', COST_NOW.toISOString());
      expect(cli.code).toBe(0);
      expect(cli.out).toBe(renderBlocksAsText(slack.blocks as unknown as KnownBlock[]));
    }
  });

  it('shows the team answer as readable text', async () => {
    const cli = await tally('ask', '/cost myteam', '--user', 'U0BBB', '--at', COST_NOW.toISOString());
    expect(cli.out).toContain('SEARCH RELEVANCE — AGENT SPEND');
    expect(cli.out).toContain('$32.00 · Mar 1–20, 2026 (month to date)');
    expect(cli.out).not.toMatch(/&lt;|&gt;|NaN|undefined/);
  });

  it('refuses a malformed invocation with its usage', async () => {
    const cli = await tally('ask', '/cost myteam', '--user', 'bob');
    expect(cli.code).toBe(1);
    expect(cli.err).toContain('usage: tally ask "/cost myteam" --user U0BBB');
  });
});
