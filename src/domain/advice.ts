import { roundDiv, type Nanos } from './money.js';
import { findModelPrice, priceTokens, type ModelPrice, type PriceTable, type TokenCounts } from './prices.js';

/**
 * Optimization advice: pure rules over one team's facts for one period. Each tip names the money it
 * would have saved in that period (at list prices, from the team's own calls) and the evidence.
 */

/** The knobs every rule and the facts query share, so the SQL filters and the rules agree. */
export const ADVICE_LIMITS = {
  /** A "small job": at most this many output tokens. */
  smallOutputTokens: 500,
  /** A "long prompt" (input + cache reads + cache writes) for the caching rule. */
  longPromptTokens: 8_000,
  /** Below this share of prompt tokens read from cache, repeated long prompts earn a tip… */
  lowCacheSharePct: 30,
  /** …whose saving assumes this share had been cached (conservative for prompts resent in a loop). */
  targetCacheSharePct: 70,
  /** Long-context: a prompt at least this many times the team's median prompt… */
  longContextFactor: 4,
  /** …and at least this many tokens, so a team of tiny prompts is not told 4,000 tokens is "long". */
  longContextMinTokens: 20_000,
  /** Runaway tasks: this many times the task type's median cost or tool calls… */
  runawayFactor: 3,
  /** …among at least this many tasks of the type (a median of two is no baseline). */
  runawayMinTasks: 5,
  /** Runaway tasks with fewer tool calls than this are judged on cost alone. */
  runawayMinToolCalls: 10,
  /** At most this many outlier tasks are read; the saving is then a lower bound. */
  runawayMaxTasks: 500,
} as const;

/** A tip is shown when it would have saved at least $10, or at least 5 % of the team's spend. */
const MIN_SAVING_NANOS = 10_000_000_000n;
const MIN_SAVING_PCT = 5n;

/** Token totals and recorded cost of a set of priced calls. */
export interface CallBucket extends TokenCounts {
  calls: number;
  costNanos: Nanos;
}

export interface ModelFacts {
  model: string;
  calls: number;
  costNanos: Nanos;
  /** Priced calls with token counts and output ≤ smallOutputTokens, and their median output. */
  small: CallBucket & { medianOutputTokens: number };
  /** Priced calls with a long prompt that the same task (or user and day) sent at least twice. */
  repeatedLong: CallBucket;
  /** Priced calls whose prompt is at least the long-context threshold. */
  longContext: CallBucket;
  /** Calls with status error. */
  errors: { calls: number; costNanos: Nanos; retried: number };
}

export interface TaskTypeFacts {
  taskType: string;
  tasks: number;
  medianCostNanos: Nanos;
  medianToolCalls: number;
}

export interface OutlierTask {
  taskId: string;
  taskType: string;
  costNanos: Nanos;
  toolCalls: number;
}

export interface AdviceFacts {
  /** The team's recorded spend in the period (the base of the 5 % minimum). */
  costNanos: Nanos;
  calls: number;
  medianPromptTokens: number;
  /** max(longContextFactor × median, longContextMinTokens), as the facts query applied it. */
  longContextThresholdTokens: number;
  models: ModelFacts[];
  /** Task types (with at least runawayMinTasks tasks) that have outlier tasks. */
  taskTypes: TaskTypeFacts[];
  /** Tasks at least runawayFactor × their type's median cost or tool calls, biggest excess first. */
  outlierTasks: OutlierTask[];
}

export type AdviceTip =
  | { kind: 'expensive-model'; savingNanos: Nanos; model: string; sibling: string; calls: number; costNanos: Nanos; siblingCostNanos: Nanos; medianOutputTokens: number }
  | { kind: 'low-cache'; savingNanos: Nanos; model: string; calls: number; promptTokens: number; cacheReadSharePct: number }
  | { kind: 'failed-calls'; savingNanos: Nanos; errorCalls: number; calls: number; retried: number; topModel: string }
  | { kind: 'runaway-tasks'; savingNanos: Nanos; taskType: string; typeTasks: number; medianCostNanos: Nanos; medianToolCalls: number; tasks: OutlierTask[] }
  | { kind: 'long-context'; savingNanos: Nanos; calls: number; medianPromptTokens: number; thresholdTokens: number; topModel: string };

/** Top-tier model families and the cheaper sibling to suggest, matched on the price table's model name. */
const CHEAPER_SIBLINGS: readonly { family: RegExp; sibling: string }[] = [
  { family: /^claude-(3-)?opus/, sibling: 'claude-sonnet-4-5' },
  { family: /^gpt-5$/, sibling: 'gpt-5-mini' },
  { family: /^gpt-4\.1$/, sibling: 'gpt-4.1-mini' },
  { family: /^gpt-4o$/, sibling: 'gpt-4o-mini' },
  { family: /^o[13](-pro)?$/, sibling: 'o4-mini' },
  { family: /^gemini-2\.5-pro/, sibling: 'gemini-2.5-flash' },
];

function bareName(price: ModelPrice): string {
  return price.model.toLowerCase().split('/').pop() ?? price.model;
}

/** Short-output calls on a top-tier model, repriced at the family's cheaper sibling (recorded cost × sibling/own list price). */
export function expensiveModelTips(facts: AdviceFacts, prices: PriceTable): AdviceTip[] {
  return facts.models.flatMap((m): AdviceTip[] => {
    const price = findModelPrice(prices, m.model);
    const family = price && CHEAPER_SIBLINGS.find((f) => f.family.test(bareName(price)));
    const siblingPrice = family && findModelPrice(prices, family.sibling);
    const listNanos = price ? priceTokens(price, m.small) : 0n;
    if (!siblingPrice || listNanos === 0n) return [];
    // Scaled from the recorded cost, so a negotiated discount on the model is not counted as saving.
    const siblingCostNanos = roundDiv(m.small.costNanos * priceTokens(siblingPrice, m.small), listNanos);
    const savingNanos = m.small.costNanos - siblingCostNanos;
    if (savingNanos <= 0n) return [];
    return [
      {
        kind: 'expensive-model',
        savingNanos,
        model: m.model,
        sibling: bareName(siblingPrice),
        calls: m.small.calls,
        costNanos: m.small.costNanos,
        siblingCostNanos,
        medianOutputTokens: m.small.medianOutputTokens,
      },
    ];
  });
}

/** Repeated long prompts mostly sent uncached: the saving if `targetCacheSharePct` of them had been cache reads. */
export function lowCacheTips(facts: AdviceFacts, prices: PriceTable): AdviceTip[] {
  return facts.models.flatMap((m): AdviceTip[] => {
    const b = m.repeatedLong;
    const promptTokens = b.inputTokens + b.cacheReadTokens + b.cacheWriteTokens;
    const price = findModelPrice(prices, m.model);
    if (!price || promptTokens === 0 || price.cacheReadPico >= price.inputPico) return [];
    const cacheReadSharePct = (b.cacheReadTokens / promptTokens) * 100;
    if (cacheReadSharePct >= ADVICE_LIMITS.lowCacheSharePct) return [];
    const target = (BigInt(promptTokens) * BigInt(ADVICE_LIMITS.targetCacheSharePct)) / 100n - BigInt(b.cacheReadTokens);
    const movable = target < BigInt(b.inputTokens) ? target : BigInt(b.inputTokens);
    // The one-off cache-write premium is left out: the estimate is for prompts resent many times.
    const savingNanos = roundDiv(movable * (price.inputPico - price.cacheReadPico), 1000n);
    if (savingNanos <= 0n) return [];
    return [{ kind: 'low-cache', savingNanos, model: m.model, calls: b.calls, promptTokens, cacheReadSharePct }];
  });
}

/** Spend on calls that failed: all of it would have been saved had they not failed. */
export function failedCallTips(facts: AdviceFacts): AdviceTip[] {
  const failing = facts.models.filter((m) => m.errors.costNanos > 0n);
  if (failing.length === 0) return [];
  const top = failing.reduce((a, b) => (b.errors.costNanos > a.errors.costNanos ? b : a));
  return [
    {
      kind: 'failed-calls',
      savingNanos: failing.reduce((sum, m) => sum + m.errors.costNanos, 0n),
      errorCalls: failing.reduce((sum, m) => sum + m.errors.calls, 0),
      calls: facts.calls,
      retried: failing.reduce((sum, m) => sum + m.errors.retried, 0),
      topModel: top.model,
    },
  ];
}

/** Outlier tasks per task type: the saving is what they cost above their type's median task. */
export function runawayTaskTips(facts: AdviceFacts): AdviceTip[] {
  return facts.taskTypes.flatMap((type): AdviceTip[] => {
    const tasks = facts.outlierTasks.filter((t) => t.taskType === type.taskType);
    const savingNanos = tasks.reduce((sum, t) => sum + (t.costNanos > type.medianCostNanos ? t.costNanos - type.medianCostNanos : 0n), 0n);
    if (savingNanos <= 0n) return [];
    return [
      {
        kind: 'runaway-tasks',
        savingNanos,
        taskType: type.taskType,
        typeTasks: type.tasks,
        medianCostNanos: type.medianCostNanos,
        medianToolCalls: type.medianToolCalls,
        tasks,
      },
    ];
  });
}

/** Prompts far above the team's median: the saving is their prompt cost above the threshold, at each call's own token mix. */
export function longContextTips(facts: AdviceFacts, prices: PriceTable): AdviceTip[] {
  let savingNanos = 0n;
  let calls = 0;
  let top: { model: string; saving: Nanos } | undefined;
  for (const m of facts.models) {
    const b = m.longContext;
    const price = findModelPrice(prices, m.model);
    const promptTokens = b.inputTokens + b.cacheReadTokens + b.cacheWriteTokens;
    const excess = promptTokens - b.calls * facts.longContextThresholdTokens;
    if (!price || excess <= 0) continue;
    const promptCost = priceTokens(price, { ...b, outputTokens: 0 });
    const saving = roundDiv(promptCost * BigInt(excess), BigInt(promptTokens));
    savingNanos += saving;
    calls += b.calls;
    if (!top || saving > top.saving) top = { model: m.model, saving };
  }
  if (!top || savingNanos <= 0n) return [];
  return [
    {
      kind: 'long-context',
      savingNanos,
      calls,
      medianPromptTokens: facts.medianPromptTokens,
      thresholdTokens: facts.longContextThresholdTokens,
      topModel: top.model,
    },
  ];
}

/** "$10 or 5 %": either is enough, so small teams still hear about a tip that is large for them. */
export function minimumSavingNanos(teamCostNanos: Nanos): Nanos {
  const relative = (teamCostNanos * MIN_SAVING_PCT) / 100n;
  return relative < MIN_SAVING_NANOS ? relative : MIN_SAVING_NANOS;
}

export interface TeamAdviceTips {
  /** Tips at or above the minimum, largest saving first. */
  tips: AdviceTip[];
  /** How many smaller tips were left out. */
  belowMinimum: number;
  minimumNanos: Nanos;
}

export function adviseTeam(facts: AdviceFacts, prices: PriceTable): TeamAdviceTips {
  const all = [
    ...expensiveModelTips(facts, prices),
    ...lowCacheTips(facts, prices),
    ...failedCallTips(facts),
    ...runawayTaskTips(facts),
    ...longContextTips(facts, prices),
  ].sort((a, b) => (a.savingNanos === b.savingNanos ? a.kind.localeCompare(b.kind) : a.savingNanos > b.savingNanos ? -1 : 1));
  const minimumNanos = minimumSavingNanos(facts.costNanos);
  const tips = all.filter((t) => t.savingNanos >= minimumNanos);
  return { tips, belowMinimum: all.length - tips.length, minimumNanos };
}
