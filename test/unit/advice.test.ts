import { describe, expect, it } from 'vitest';
import {
  adviseTeam,
  expensiveModelTips,
  failedCallTips,
  longContextTips,
  lowCacheTips,
  minimumSavingNanos,
  runawayTaskTips,
  type AdviceFacts,
  type CallBucket,
  type ModelFacts,
} from '../../src/domain/advice.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const usd = (dollars: number) => BigInt(Math.round(dollars * 1e6)) * 1000n;

function bucket(partial: Partial<CallBucket> = {}): CallBucket {
  return { calls: 0, costNanos: 0n, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, ...partial };
}

function model(name: string, partial: Partial<ModelFacts> = {}): ModelFacts {
  return {
    model: name,
    calls: 0,
    costNanos: 0n,
    small: { ...bucket(), medianOutputTokens: 0 },
    repeatedLong: bucket(),
    longContext: bucket(),
    errors: { calls: 0, costNanos: 0n, retried: 0 },
    ...partial,
  };
}

function facts(partial: Partial<AdviceFacts> = {}): AdviceFacts {
  return {
    costNanos: usd(1000),
    calls: 10_000,
    medianPromptTokens: 2_000,
    longContextThresholdTokens: 20_000,
    models: [],
    taskTypes: [],
    outlierTasks: [],
    ...partial,
  };
}

describe('expensive model on small jobs', () => {
  it('reprices short-output opus calls at sonnet', () => {
    // 1,000 calls, 2,000 in + 200 out each, on claude-opus-4-1 ($15 / $75 per M): 2M × $15/M + 0.2M × $75/M = $30 + $15 = $45.
    // Same tokens on claude-sonnet-4-5 ($3 / $15 per M): 2M × $3/M + 0.2M × $15/M = $6 + $3 = $9. Saving $36.
    const small = { ...bucket({ calls: 1000, costNanos: usd(45), inputTokens: 2_000_000, outputTokens: 200_000 }), medianOutputTokens: 200 };
    const tips = expensiveModelTips(facts({ models: [model('anthropic/claude-opus-4-1-20250805', { small })] }), prices);
    expect(tips).toEqual([
      {
        kind: 'expensive-model',
        savingNanos: usd(36),
        model: 'anthropic/claude-opus-4-1-20250805',
        sibling: 'claude-sonnet-4-5',
        calls: 1000,
        costNanos: usd(45),
        siblingCostNanos: usd(9),
        medianOutputTokens: 200,
      },
    ]);
  });

  it('scales the sibling cost from the recorded cost, so a discount is not counted as saving', () => {
    // The same opus calls recorded at half list price ($22.50): sibling cost $22.50 × 9/45 = $4.50, saving $18.
    const small = { ...bucket({ calls: 1000, costNanos: usd(22.5), inputTokens: 2_000_000, outputTokens: 200_000 }), medianOutputTokens: 200 };
    const [tip] = expensiveModelTips(facts({ models: [model('claude-opus-4-1', { small })] }), prices);
    expect(tip).toMatchObject({ savingNanos: usd(18), siblingCostNanos: usd(4.5) });
  });

  it('maps gpt-4o to gpt-4o-mini and o3 to o4-mini, and leaves mid-tier models alone', () => {
    // gpt-4o: 1M in × $2.50/M = $2.50 recorded; gpt-4o-mini: 1M × $0.15/M = $0.15. Saving $2.35.
    // o3: 1M in × $2/M = $2; o4-mini: 1M × $1.10/M = $1.10. Saving $0.90.
    const small = (cost: number) => ({ ...bucket({ calls: 10, costNanos: usd(cost), inputTokens: 1_000_000 }), medianOutputTokens: 0 });
    const tips = expensiveModelTips(
      facts({ models: [model('gpt-4o', { small: small(2.5) }), model('o3', { small: small(2) }), model('claude-sonnet-4-5', { small: small(3) })] }),
      prices,
    );
    expect(tips.map((t) => [t.kind === 'expensive-model' && t.sibling, t.savingNanos])).toEqual([
      ['gpt-4o-mini', usd(2.35)],
      ['o4-mini', usd(0.9)],
    ]);
  });
});

describe('low cache-read share on repeated long prompts', () => {
  it('prices the prompt tokens that would have been cache reads at the 70 % target', () => {
    // claude-sonnet-4-5: 18M uncached + 2M cache-read prompt tokens → 10 % cached.
    // At 70 %: 14M cached, 12M more than now; each saves $3.00 − $0.30 per M → 12 × $2.70 = $32.40.
    const repeatedLong = bucket({ calls: 1000, costNanos: usd(60), inputTokens: 18_000_000, cacheReadTokens: 2_000_000 });
    const [tip] = lowCacheTips(facts({ models: [model('claude-sonnet-4-5', { repeatedLong })] }), prices);
    expect(tip).toMatchObject({ kind: 'low-cache', savingNanos: usd(32.4), calls: 1000, promptTokens: 20_000_000, cacheReadSharePct: 10 });
  });

  it('says nothing when the share is already 30 % or more', () => {
    const repeatedLong = bucket({ calls: 100, inputTokens: 7_000_000, cacheReadTokens: 3_000_000 });
    expect(lowCacheTips(facts({ models: [model('claude-sonnet-4-5', { repeatedLong })] }), prices)).toEqual([]);
  });
});

describe('spend on failed calls and retries', () => {
  it('adds up the failed spend and names the model with the most', () => {
    // $20 on 50 failed gpt-4o calls + $5 on 10 failed claude calls = $25.
    const tips = failedCallTips(
      facts({
        calls: 600,
        models: [
          model('claude-sonnet-4-5', { errors: { calls: 10, costNanos: usd(5), retried: 2 } }),
          model('gpt-4o', { errors: { calls: 50, costNanos: usd(20), retried: 30 } }),
        ],
      }),
    );
    expect(tips).toEqual([{ kind: 'failed-calls', savingNanos: usd(25), errorCalls: 60, calls: 600, retried: 32, topModel: 'gpt-4o' }]);
  });

  it('says nothing when no call failed', () => {
    expect(failedCallTips(facts({ models: [model('gpt-4o', { calls: 5, costNanos: usd(1) })] }))).toEqual([]);
  });
});

describe('runaway tasks', () => {
  it('counts what outliers cost above their type median, tool-call outliers included at no less than zero', () => {
    // Median code-review task $1: r1 $25 → $24, r2 $12 → $11, r3 (60 tool calls but $0.80) → $0. Total $35.
    const outlierTasks = [
      { taskId: 'r1', taskType: 'code-review', costNanos: usd(25), toolCalls: 40 },
      { taskId: 'r2', taskType: 'code-review', costNanos: usd(12), toolCalls: 20 },
      { taskId: 'r3', taskType: 'code-review', costNanos: usd(0.8), toolCalls: 60 },
    ];
    const tips = runawayTaskTips(facts({ taskTypes: [{ taskType: 'code-review', tasks: 10, medianCostNanos: usd(1), medianToolCalls: 8 }], outlierTasks }));
    expect(tips).toEqual([
      { kind: 'runaway-tasks', savingNanos: usd(35), taskType: 'code-review', typeTasks: 10, medianCostNanos: usd(1), medianToolCalls: 8, tasks: outlierTasks },
    ]);
  });
});

describe('long-context calls', () => {
  it('prices the prompt above the threshold at the calls own token mix', () => {
    // 200 gpt-4o calls of 120k uncached prompt tokens: $2.50/M × 24M = $60 of prompt.
    // Threshold 20k (4 × median 2k is below the 20k floor): excess 24M − 200 × 20k = 20M → $60 × 20/24 = $50.
    const longContext = bucket({ calls: 200, costNanos: usd(61), inputTokens: 24_000_000, outputTokens: 100_000 });
    const tips = longContextTips(facts({ models: [model('gpt-4o', { longContext })] }), prices);
    expect(tips).toEqual([{ kind: 'long-context', savingNanos: usd(50), calls: 200, medianPromptTokens: 2_000, thresholdTokens: 20_000, topModel: 'gpt-4o' }]);
  });
});

describe('which tips are shown', () => {
  it('uses the smaller of $10 and 5 % of spend as the minimum', () => {
    expect(minimumSavingNanos(usd(1000))).toBe(usd(10));
    expect(minimumSavingNanos(usd(100))).toBe(usd(5));
    expect(minimumSavingNanos(0n)).toBe(0n);
  });

  it('orders tips by saving and leaves out those under the minimum', () => {
    // Failed calls $9 and long context $50 for a $1,000 team: the minimum is $10, so only the $50 tip shows.
    const longContext = bucket({ calls: 200, costNanos: usd(61), inputTokens: 24_000_000 });
    const failing = model('gpt-4o', { longContext, errors: { calls: 3, costNanos: usd(9), retried: 0 } });
    const big = adviseTeam(facts({ costNanos: usd(1000), models: [failing] }), prices);
    expect(big.tips.map((t) => [t.kind, t.savingNanos])).toEqual([['long-context', usd(50)]]);
    expect(big.belowMinimum).toBe(1);
    // For a $100 team the minimum is $5: both show, the larger first.
    const small = adviseTeam(facts({ costNanos: usd(100), models: [failing] }), prices);
    expect(small.tips.map((t) => t.kind)).toEqual(['long-context', 'failed-calls']);
    expect(small.minimumNanos).toBe(usd(5));
  });
});
