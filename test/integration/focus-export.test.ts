import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { decimalToNanos, nanosToDecimalString } from '../../src/domain/money.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { csvField, FOCUS_COLUMNS, renderFocusCsv } from '../../src/render/focus-csv.js';
import { buildFocusExport } from '../../src/services/focus-export.js';
import { spendTotals } from '../../src/store/spend-store.js';
import { replaceTeams, saveOrgTimezone } from '../../src/store/teams-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { testTeam } from '../helpers/test-team.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-04-02T12:00:00Z');
let t: TestDatabase;

/** RFC 4180 reader for the assertions: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  return records;
}

beforeAll(async () => {
  t = await freshDatabase();
  await saveOrgTimezone(t.db, 'America/New_York');
  await replaceTeams(t.db, [testTeam('search', 'Search, "Core"', ['U0MEMBER'])]);
  const events = [];
  for (let i = 0; i < 120; i++) {
    events.push({
      id: `e${i}`,
      // Spread over March in New York, plus the edges: 04:30Z on Mar 1 is still Feb 28 there, Apr 1 02:00Z still Mar 31.
      timestamp: new Date(Date.parse('2026-03-01T05:00:00Z') + i * 6 * 3_600_000).toISOString(),
      team: i % 4 === 3 ? null : 'search',
      product: i % 2 ? 'support, tier "1"' : 'bot',
      user: `U${i % 3}`,
      model: i % 5 === 0 ? 'mystery-model' : 'openai/gpt-4o',
      input_tokens: 1000 + i,
      output_tokens: 10 * i,
      cost_usd: i % 3 === 0 ? 0.000123457 * i : undefined,
    });
  }
  events.push({ id: 'feb', timestamp: '2026-03-01T04:30:00Z', team: 'search', cost_usd: 5 });
  events.push({ id: 'mar-last', timestamp: '2026-04-01T02:00:00Z', team: 'search', cost_usd: 0.07 });
  const result = await ingestEvents(t.db, events, { now, prices });
  expect(result.rejected).toEqual([]);
});

describe('FOCUS export', () => {
  it('has the FOCUS 1.2 header, rows summing exactly to the month, UTC charge periods and RFC 4180 quoting', async () => {
    const file = await buildFocusExport(t.db, prices, '2026-03', null);
    const records = parseCsv(renderFocusCsv(file));
    expect(records[0]!.join(',')).toBe(
      'BilledCost,EffectiveCost,ListCost,ContractedCost,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,' +
        'ChargePeriodStart,ChargePeriodEnd,ChargeDescription,ProviderName,PublisherName,InvoiceIssuerName,ServiceName,' +
        'ServiceCategory,SubAccountId,SubAccountName,SkuId,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,Tags,' +
        'x_Product,x_TaskId,x_TaskType,x_User',
    );
    const rows = records.slice(1).map((r) => Object.fromEntries(FOCUS_COLUMNS.map((c, i) => [c, r[i]!])));
    const month = await spendTotals(t.db, { from: '2026-03-01', to: '2026-04-01' });
    const sum = rows.reduce((acc, r) => acc + decimalToNanos(r.BilledCost!), 0n);
    expect(sum).toBe(month.costNanos);
    expect(nanosToDecimalString(sum, 2)).toBe(nanosToDecimalString(file.totalNanos, 2));
    expect(rows.some((r) => r.BilledCost === '5.000000000')).toBe(false); // Feb 28 in New York
    expect(rows.find((r) => r.BilledCost === '0.070000000')).toMatchObject({ ChargePeriodStart: '2026-03-31T04:00:00Z', ChargePeriodEnd: '2026-04-01T04:00:00Z' });
    expect(rows[0]).toMatchObject({
      BillingPeriodStart: '2026-03-01T05:00:00Z', BillingPeriodEnd: '2026-04-01T04:00:00Z', BillingCurrency: 'USD', ChargeCategory: 'Usage',
      ServiceCategory: 'AI and Machine Learning', ChargePeriodStart: '2026-03-01T05:00:00Z', ChargePeriodEnd: '2026-03-02T05:00:00Z',
    });
    const search = rows.find((r) => r.SubAccountId === 'search' && r.x_Product === 'support, tier "1"' && r.SkuId === 'openai/gpt-4o');
    expect(search).toMatchObject({ SubAccountName: 'Search, "Core"', PublisherName: 'openai', ConsumedUnit: 'Tokens' });
    expect(JSON.parse(search!.Tags!)).toEqual({ team: 'search', product: 'support, tier "1"' });
    expect(rows.filter((r) => r.SubAccountId === '').every((r) => r.SubAccountName === 'Unattributed')).toBe(true);
    const unpriced = rows.filter((r) => /unpriced \(no price known for this model; counted at cost 0\)/.test(r.ChargeDescription!));
    expect(unpriced.length).toBeGreaterThan(0);
    expect(unpriced.every((r) => r.SkuId === 'mystery-model' && r.BilledCost === '0.000000000')).toBe(true);
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a team-only file from the CLI, and refuses a bad month', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'focus-'));
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s), env: { DATABASE_URL: t.url, TALLY_TIMEZONE: 'America/New_York' } };
    const code = await runCli(['export', 'focus', '--month', '2026-03', '--team', 'search', '--out', join(dir, 'march.csv'), '--at', now.toISOString()], io);
    expect(code).toBe(0);
    const rows = parseCsv(await readFile(join(dir, 'march.csv'), 'utf8')).slice(1);
    const team = await spendTotals(t.db, { from: '2026-03-01', to: '2026-04-01', teams: ['search'] });
    expect(rows.reduce((acc, r) => acc + decimalToNanos(r[0]!), 0n)).toBe(team.costNanos);
    expect(out.join('\n')).toContain(`wrote ${rows.length} rows, ${nanosToDecimalString(team.costNanos, 2)} USD`);
    expect(await runCli(['export', 'focus', '--month', 'March'], io)).toBe(1);
    expect(out.join('\n')).toContain('"March" is not a month: use YYYY-MM');
  });
});
