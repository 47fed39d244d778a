import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable, canonicalModelName, findModelPrice, priceTokens } from '../../src/domain/prices.js';
import { priceEvent } from '../../src/domain/usage-event.js';

const table = buildPriceTable(DEFAULT_PRICES);
const base = {
  id: 'e1', occurredAt: new Date('2026-03-01T00:00:00Z'), team: 't', product: null, user: null, taskId: null, taskType: null,
  provider: null, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 2000, cacheWriteTokens: 100, toolCalls: 0,
  status: 'ok' as const, tags: {},
};

describe('price table', () => {
  it('matches after stripping provider prefixes and dated snapshot suffixes', () => {
    expect(findModelPrice(table, 'openai/gpt-4o')?.model).toBe('gpt-4o');
    expect(findModelPrice(table, 'GPT-4o')?.model).toBe('gpt-4o');
    expect(findModelPrice(table, 'gpt-4o-2024-08-06')?.model).toBe('gpt-4o');
    expect(findModelPrice(table, 'anthropic/claude-sonnet-4-5-20250929')?.model).toBe('claude-sonnet-4-5');
    expect(findModelPrice(table, 'gpt-4o-mini')?.model).toBe('gpt-4o-mini');
    expect(findModelPrice(table, 'totally-unknown')).toBeUndefined();
    expect(canonicalModelName('vertex_ai/claude-3-5-haiku@20241022')).toEqual(['claude-3-5-haiku@20241022', 'claude-3-5-haiku']);
  });

  it('prices input, output, cache reads and writes separately', () => {
    const price = findModelPrice(table, 'claude-sonnet-4-5')!;
    // 1000×$3/M + 500×$15/M + 2000×$0.30/M + 100×$3.75/M = 0.003 + 0.0075 + 0.0006 + 0.000375
    expect(priceTokens(price, base)).toBe(11_475_000n);
  });

  it('keeps fractional-nano prices exact until the final rounding', () => {
    const t = buildPriceTable({ tiny: { input_cost_per_token: 3.75e-8, output_cost_per_token: 0 } });
    expect(priceTokens(findModelPrice(t, 'tiny')!, { inputTokens: 3, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe(113n); // 112.5 → 113
  });

  it('reported cost wins; unknown model is unpriced, never $0', () => {
    expect(priceEvent({ ...base, model: 'gpt-4o', costUsd: 0.5 }, table)).toMatchObject({ costNanos: 500_000_000n, costSource: 'reported' });
    expect(priceEvent({ ...base, model: 'gpt-4o', costUsd: null }, table).costSource).toBe('priced');
    expect(priceEvent({ ...base, model: 'mystery', costUsd: null }, table)).toMatchObject({ costNanos: null, costSource: 'unpriced' });
    expect(priceEvent({ ...base, model: null, costUsd: null }, table).costSource).toBe('unpriced');
  });

  it('reads LiteLLM-shaped files, skipping entries without token prices', () => {
    const t = buildPriceTable({
      sample_spec: { input_cost_per_token: 'per token' },
      'bedrock/anthropic.claude-x': { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 },
      'dall-e-3': { output_cost_per_image: 0.04 },
    });
    expect(findModelPrice(t, 'anthropic.claude-x')).toBeDefined();
    expect(findModelPrice(t, 'dall-e-3')).toBeUndefined();
  });
});
