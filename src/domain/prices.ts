import { decimalToScaled, roundDiv, type Nanos } from './money.js';

/** Prices in pico-dollars (1e-12 USD) per token: some list prices are fractions of a nano-dollar. */
export interface ModelPrice {
  model: string;
  provider?: string;
  inputPico: bigint;
  outputPico: bigint;
  cacheReadPico: bigint;
  cacheWritePico: bigint;
}

export type PriceTable = ReadonlyMap<string, ModelPrice>;

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

function toPico(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return decimalToScaled(String(value), 12);
  if (typeof value === 'string' && /^\d/.test(value)) return decimalToScaled(value, 12);
  return undefined;
}

/** Lower-cased, provider prefix and dated-snapshot suffix removed: `openai/gpt-4o-2024-08-06` → `gpt-4o`. */
export function canonicalModelName(model: string): string[] {
  const bare = model.trim().toLowerCase().split('/').pop() ?? '';
  const undated = bare
    .replace(/@.*$/, '')
    .replace(/-(latest|\d{8}|\d{4}-\d{2}-\d{2})$/, '')
    .replace(/-v\d+(:\d+)?$/, '');
  return undated === bare ? [bare] : [bare, undated];
}

/**
 * Builds a lookup from a LiteLLM-shaped price file. Entries without a per-token input price (images,
 * audio-only, the file's `sample_spec`) are skipped; an unprefixed entry wins over a prefixed twin.
 */
export function buildPriceTable(source: Record<string, unknown>): PriceTable {
  const table = new Map<string, ModelPrice>();
  const entries = Object.entries(source).sort(([a], [b]) => Number(a.includes('/')) - Number(b.includes('/')));
  for (const [name, raw] of entries) {
    if (!raw || typeof raw !== 'object') continue;
    const spec = raw as Record<string, unknown>;
    const inputPico = toPico(spec.input_cost_per_token);
    const outputPico = toPico(spec.output_cost_per_token) ?? 0n;
    if (inputPico === undefined) continue;
    const price: ModelPrice = {
      model: name,
      provider: typeof spec.litellm_provider === 'string' ? spec.litellm_provider : undefined,
      inputPico,
      outputPico,
      cacheReadPico: toPico(spec.cache_read_input_token_cost) ?? inputPico,
      cacheWritePico: toPico(spec.cache_creation_input_token_cost) ?? inputPico,
    };
    const key = name.toLowerCase();
    if (!table.has(key)) table.set(key, price);
    const bare = key.split('/').pop() ?? key;
    if (!table.has(bare)) table.set(bare, price);
  }
  return table;
}

export function findModelPrice(table: PriceTable, model: string | null | undefined): ModelPrice | undefined {
  if (!model) return undefined;
  const exact = table.get(model.trim().toLowerCase());
  if (exact) return exact;
  for (const name of canonicalModelName(model)) {
    const hit = table.get(name);
    if (hit) return hit;
  }
  return undefined;
}

/** Cost of one call at list price; `inputTokens` excludes cache reads and writes, which are priced on their own. */
export function priceTokens(price: ModelPrice, tokens: TokenCounts): Nanos {
  const pico =
    BigInt(tokens.inputTokens) * price.inputPico +
    BigInt(tokens.outputTokens) * price.outputPico +
    BigInt(tokens.cacheReadTokens) * price.cacheReadPico +
    BigInt(tokens.cacheWriteTokens) * price.cacheWritePico;
  return roundDiv(pico, 1000n);
}
