import { describe, expect, it } from 'vitest';
import type { AdviceTip } from '../../src/domain/advice.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { renderAdviceBlocks, renderAdviceTipLine } from '../../src/render/advice-blocks.js';
import { renderBlocksAsText } from '../../src/render/blocks-text.js';
import type { TeamAdvice } from '../../src/services/team-advice.js';

const period = parsePeriod('2026-03', new Date('2026-04-02T00:00:00Z'), 'UTC');
const dollars = (n: number) => BigInt(n) * 1_000_000_000n;

function advice(tips: AdviceTip[], partial: Partial<TeamAdvice> = {}): TeamAdvice {
  return { teamKey: 'search', period, periodLabel: 'Mar 1–31, 2026', costNanos: dollars(5000), calls: 1200, tips, belowMinimum: 0, minimumNanos: dollars(10), ...partial };
}

const runaway = (taskType: string, saving: number): AdviceTip => ({
  kind: 'runaway-tasks',
  savingNanos: dollars(saving),
  taskType,
  typeTasks: 40,
  medianCostNanos: dollars(1),
  medianToolCalls: 6,
  tasks: ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ taskId: `${taskType}-${id}`, taskType, costNanos: dollars(30 - i), toolCalls: 50 + i })),
});

describe('renderAdviceBlocks', () => {
  it('shows at most ten tips, counts the rest, and links three runaway tasks per tip', () => {
    const tips = Array.from({ length: 12 }, (_, i) => runaway(`type-${i}`, 200 - i));
    const { text, blocks } = renderAdviceBlocks(advice(tips, { belowMinimum: 3 }), 'Search & Co');
    const shown = renderBlocksAsText(blocks);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(text).toBe('Advice for Search & Co — Mar 1–31, 2026: 10 tips, the top one would have saved $200.00.');
    expect(shown).toContain('/cost task type-0-c ($28.00, 52 tool calls), and 2 more.');
    expect(shown).not.toContain('type-10');
    expect(shown).toContain('5 smaller tips not shown');
    expect(shown).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('says when there were no calls at all', () => {
    const { text, blocks } = renderAdviceBlocks(advice([], { costNanos: 0n, calls: 0, minimumNanos: 0n }), 'Search');
    expect(text).toBe('Advice for Search — Mar 1–31, 2026: nothing to advise.');
    expect(renderBlocksAsText(blocks)).toContain('No calls from Search in this period');
  });

  it('gives digests one line per tip', () => {
    const tip: AdviceTip = { kind: 'failed-calls', savingNanos: dollars(25), errorCalls: 60, calls: 600, retried: 32, topModel: 'gpt-4o' };
    expect(renderAdviceTipLine(tip)).toBe('Cut spend on failed calls and retries — would have saved *$25.00*');
  });
});
