import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/domain/access.js';
import { dispatchCost } from '../../src/slack/commands/dispatch-cost.js';
import { costSubcommands } from '../../src/slack/commands/cost-subcommands.js';
import { COST_NOW, startCostServer } from '../helpers/cost-fixture.js';
import type { TestServer } from '../helpers/test-server.js';

let server: TestServer;

beforeAll(async () => {
  ({ server } = await startCostServer());
});

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...costSubcommands().map((s) => s.name), 'share', 'set', 'search', 'support', 'fresh', 'nosuch') },
  { weight: 3, arbitrary: fc.constantFrom('mtd', 'today', 'yesterday', '7d', '0d', '401d', '2026-03', '2026-13', '2026-03-01..2026-03-05', '2026-03-05..2026-03-01', 'last-month', 'weekly', 'daily', 'monthly') },
  { weight: 2, arbitrary: fc.constantFrom('env=prod', '=x', 'k=', 't-01', 's-1', '100', '-5', '1e309', 'NaN', '$1,000', '0.001', '<@U123>', '<#C123|general>', '*bold*', '`code`', '&amp;', '\u0000', '\ud800', '🚀', "'; DROP TABLE teams;--") },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);
const costText = fc.oneof(
  { weight: 9, arbitrary: fc.array(word, { maxLength: 6 }).map((w) => w.join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 700 }) },
);
const viewers: Viewer[] = [
  { userId: 'U0ADMIN', email: 'admin@example.com', usergroups: new Set() },
  { userId: 'U0BBB', email: 'bob@example.com', usergroups: new Set() },
  { userId: 'U0GGG', email: 'gus@example.com', usergroups: new Set(['S0SUPPORT']) },
  { userId: 'U0NOBODY', email: null, usergroups: new Set() },
];

describe('/cost text fuzzing', () => {
  it('answers every generated command without crashing, without an internal error and with well-formed Block Kit', async () => {
    await fc.assert(
      fc.asyncProperty(costText, fc.constantFrom(...viewers), async (text, viewer) => {
        const answer = await dispatchCost(text, { deps: server.deps, userId: viewer.userId, channelId: 'C0SEARCH', now: COST_NOW, viewer: async () => viewer }, server.deps.log, 'fuzz');
        const shown = JSON.stringify({ text: answer.text, blocks: answer.blocks });
        expect(answer.text.length, text).toBeGreaterThan(0);
        expect(shown, text).not.toContain('Something went wrong');
        // Unknown words are echoed back ("There is no team "NaN""); only unprompted ones are bugs.
        if (!/nan|infinity|undefined|object/i.test(text)) expect(shown, text).not.toMatch(/NaN|Infinity|undefined|\[object Object\]/);
        expect(answer.blocks.length, text).toBeLessThanOrEqual(50);
        for (const block of answer.blocks as { text?: { text?: string } }[]) expect((block.text?.text ?? '').length, text).toBeLessThanOrEqual(3000);
      }),
      { numRuns: 1000 },
    );
    expect(server.logs.filter((l) => l.includes('"/cost failed"'))).toEqual([]);
  });
});
