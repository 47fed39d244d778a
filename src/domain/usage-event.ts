import { usdToNanos, type Nanos } from './money.js';
import { findModelPrice, priceTokens, type PriceTable } from './prices.js';

export type CostSource = 'reported' | 'priced' | 'unpriced';

/** A usage event as stored: validated, trimmed, priced. */
export interface UsageEvent {
  id: string;
  occurredAt: Date;
  team: string | null;
  product: string | null;
  user: string | null;
  taskId: string | null;
  taskType: string | null;
  model: string | null;
  provider: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  toolCalls: number;
  costNanos: Nanos | null;
  costSource: CostSource;
  status: 'ok' | 'error';
  tags: Record<string, string>;
}

export type UnpricedEvent = Omit<UsageEvent, 'costNanos' | 'costSource'> & { costUsd: number | null };

/** `cost_usd` given wins; else list price from the table; else unpriced (shown as such, never $0). */
export function priceEvent(event: UnpricedEvent, prices: PriceTable): UsageEvent {
  const { costUsd, ...rest } = event;
  if (costUsd !== null) return { ...rest, costNanos: usdToNanos(costUsd), costSource: 'reported' };
  const price = findModelPrice(prices, event.model);
  if (!price) return { ...rest, costNanos: null, costSource: 'unpriced' };
  return { ...rest, costNanos: priceTokens(price, event), costSource: 'priced' };
}
