import { describe, expect, it } from 'vitest';
import { usdToNanos } from '../../src/domain/money.js';
import { dimensionSpends, proportionalUsual, rankRootCauses, usualByValue, type DimensionSpend } from '../../src/domain/root-cause.js';
import { describeIncrease } from '../../src/render/anomaly-blocks.js';

const usd = usdToNanos;

function spend(dimension: DimensionSpend['dimension'], value: string, day: number, usual: number): DimensionSpend {
  return { dimension, value, dayNanos: usd(day), usualNanos: usd(usual) };
}

// A team whose usual day is $200 spent $600: +$400.
const SPENDS = [
  spend('task_type', 'code-review', 450, 100), // +350
  spend('task_type', 'triage', 150, 100), // +50
  spend('model', 'claude-opus', 400, 80), // +320
  spend('model', 'claude-sonnet', 200, 120), // +80
  spend('user', 'bob', 300, 50), // +250
  spend('user', 'ann', 300, 150), // +150
  spend('product', 'pr-review', 600, 200), // +400, but the team's only product
  spend('task', 'run-1', 120, 0), // +120
];

describe('rankRootCauses', () => {
  it('names the biggest riser of the top 3 dimensions with its share of the increase', () => {
    const causes = rankRootCauses(usd(400), SPENDS);
    expect(causes).toEqual([
      { dimension: 'task_type', value: 'code-review', contributionNanos: usd(350), sharePct: 87.5 },
      { dimension: 'model', value: 'claude-opus', contributionNanos: usd(320), sharePct: 80 },
      { dimension: 'user', value: 'bob', contributionNanos: usd(250), sharePct: 62.5 },
    ]);
    expect(describeIncrease(usd(400), causes)).toBe('+$400.00 vs usual: 87.5% from task_type=code-review on model claude-opus, user bob');
  });

  it('keeps a single runaway task, caps shares at 100 % and breaks ties by dimension order', () => {
    const causes = rankRootCauses(usd(100), [spend('task', 'run-9', 130, 0), spend('model', 'a', 130, 0), spend('model', 'b', 0, 30)]);
    expect(causes.map((c) => [c.dimension, c.value, c.sharePct])).toEqual([
      ['model', 'a', 100],
      ['task', 'run-9', 100],
    ]);
  });

  it('ignores values that fell and returns nothing for a fall', () => {
    expect(rankRootCauses(usd(-50), [spend('model', 'a', 10, 60), spend('model', 'b', 0, 0)])).toEqual([]);
  });
});

describe('usual day per value', () => {
  it('is the median over the baseline days, missing days counting as $0', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
    const usual = usualByValue(
      [
        { dimension: 'model', value: 'opus', day: '2026-03-01', costNanos: usd(10) },
        { dimension: 'model', value: 'opus', day: '2026-03-02', costNanos: usd(30) },
        { dimension: 'model', value: 'opus', day: '2026-02-01', costNanos: usd(999) }, // not a baseline day
        { dimension: 'model', value: 'sonnet', day: '2026-03-03', costNanos: usd(40) },
      ],
      days,
    );
    // opus: median(10, 30, 0) = 10; sonnet: median(0, 0, 40) = 0 — yet sonnet is still listed, so a
    // model that vanished on the day shows as a $0 day rather than being forgotten.
    const spends = dimensionSpends([{ dimension: 'model', value: 'opus', costNanos: usd(100) }], usual);
    expect(spends).toEqual([
      { dimension: 'model', value: 'opus', usualNanos: usd(10), dayNanos: usd(100) },
      { dimension: 'model', value: 'sonnet', usualNanos: 0n, dayNanos: 0n },
    ]);
  });

  it('for tags, assumes each value kept its share: usual = day × usual / actual', () => {
    const day = [
      { dimension: 'model' as const, value: 'opus', costNanos: usd(300) },
      { dimension: 'model' as const, value: 'mini', costNanos: usd(100) },
    ];
    // Scope usual $100, actual $400: opus usual 300 × 1/4 = $75, mini $25 → contributions $225 and $75.
    const causes = rankRootCauses(usd(300), dimensionSpends(day, proportionalUsual(day, usd(100), usd(400))));
    expect(causes).toEqual([{ dimension: 'model', value: 'opus', contributionNanos: usd(225), sharePct: 75 }]);
  });
});
