import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.timezone).toBeUndefined();
    expect(c).toMatchObject({ port: 3000, ingestTokens: [], slack: { kind: 'off' }, budgetCron: '*/15 * * * *', rawRetentionDays: 400 });
  });

  it('parses scoped ingest tokens and picks the Slack mode', () => {
    const c = loadConfig({ TALLY_INGEST_TOKENS: 'tok-aaaaaaaa:search|ads, tok-bbbbbbbb', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(c.ingestTokens).toEqual([
      { token: 'tok-aaaaaaaa', teams: ['search', 'ads'] },
      { token: 'tok-bbbbbbbb', teams: null },
    ]);
    expect(c.slack.kind).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.kind).toBe('socket');
  });

  it('lists every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', TALLY_TIMEZONE: 'Nowhere/Land', TALLY_BUDGET_CRON: 'often', DATABASE_URL: 'not a url' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'TALLY_TIMEZONE', 'TALLY_BUDGET_CRON', 'DATABASE_URL']));
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'only-this' })).toThrow(/SLACK_BOT_TOKEN/);
  });
});
