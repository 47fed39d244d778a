import { nanosToDecimalString } from '../domain/money.js';
import type { FocusExport, FocusLineItem } from '../services/focus-export.js';

/** FOCUS 1.2 columns Tally fills, in this order, then Tally's own `x_` columns. */
export const FOCUS_COLUMNS = [
  'BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd',
  'ChargeCategory', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeDescription', 'ProviderName', 'PublisherName',
  'InvoiceIssuerName', 'ServiceName', 'ServiceCategory', 'SubAccountId', 'SubAccountName', 'SkuId', 'ConsumedQuantity',
  'ConsumedUnit', 'PricingQuantity', 'PricingUnit', 'Tags', 'x_Product', 'x_TaskId', 'x_TaskType', 'x_User',
] as const;

type FocusColumn = (typeof FOCUS_COLUMNS)[number];

const SERVICE_NAME = 'AI agent platform';

/** FOCUS date-times: ISO 8601 in UTC, whole seconds. */
function focusTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

function describeCharge(item: FocusLineItem): string {
  const model = item.model || 'an unnamed model';
  const base = `${item.calls} ${item.calls === 1 ? 'call' : 'calls'} to ${model}`;
  if (item.unpricedCalls === 0) return base;
  // Unpriced usage is listed, never hidden: its cost is 0 here because nobody knows the price.
  return `${base}; ${item.unpricedCalls} unpriced (no price known for this model; counted at cost 0)`;
}

function focusRecord(item: FocusLineItem, file: FocusExport): Record<FocusColumn, string> {
  const cost = nanosToDecimalString(item.costNanos);
  const tokens = item.tokens.toString();
  const tags: Record<string, string> = {};
  if (item.team) tags.team = item.team;
  if (item.product) tags.product = item.product;
  return {
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
    ContractedCost: cost,
    BillingCurrency: 'USD',
    BillingPeriodStart: focusTime(file.billingStart),
    BillingPeriodEnd: focusTime(file.billingEnd),
    ChargeCategory: 'Usage',
    ChargePeriodStart: focusTime(item.chargeStart),
    ChargePeriodEnd: focusTime(item.chargeEnd),
    ChargeDescription: describeCharge(item),
    ProviderName: item.publisher,
    PublisherName: item.publisher,
    InvoiceIssuerName: item.publisher,
    ServiceName: SERVICE_NAME,
    ServiceCategory: 'AI and Machine Learning',
    SubAccountId: item.team,
    SubAccountName: item.teamName,
    SkuId: item.model,
    ConsumedQuantity: tokens,
    ConsumedUnit: 'Tokens',
    PricingQuantity: tokens,
    PricingUnit: 'Tokens',
    Tags: JSON.stringify(tags),
    x_Product: item.product,
    // The daily rollup has no task dimension: a task spans many rows, so these stay empty.
    x_TaskId: '',
    x_TaskType: '',
    x_User: item.user,
  };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole file: header, one line per item, CRLF line ends (RFC 4180). */
export function renderFocusCsv(file: FocusExport): string {
  const lines = [FOCUS_COLUMNS.join(',')];
  for (const item of file.items) {
    const record = focusRecord(item, file);
    lines.push(FOCUS_COLUMNS.map((c) => csvField(record[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function focusFileName(file: FocusExport): string {
  return `tally-focus-${file.team ?? 'org'}-${file.month}.csv`;
}
