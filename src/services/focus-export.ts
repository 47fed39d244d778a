import { addMonths } from '../domain/periods.js';
import { findModelPrice, type PriceTable } from '../domain/prices.js';
import { UNATTRIBUTED_LABEL } from '../domain/team-directory.js';
import { addDays, startOfDayInZone } from '../domain/time-zone.js';
import { sumNanos, type Nanos } from '../domain/money.js';
import { UserError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { dailySpendLines, type DailySpendLine } from '../store/daily-spend-rows-store.js';
import { getOrgSettings, listTeams } from '../store/teams-store.js';

export interface FocusLineItem extends DailySpendLine {
  /** The org-calendar day as UTC instants, end exclusive. */
  chargeStart: Date;
  chargeEnd: Date;
  teamName: string;
  /** Who made the model (price table's provider, else the model's `vendor/` prefix); '' when unknown. */
  publisher: string;
}

export interface FocusExport {
  month: string;
  team: string | null;
  billingStart: Date;
  billingEnd: Date;
  items: FocusLineItem[];
  totalNanos: Nanos;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseExportMonth(text: string): string {
  if (!MONTH.test(text) || text < '2020-01') throw new UserError(`"${text.slice(0, 20)}" is not a month: use YYYY-MM, e.g. 2026-03`);
  return text;
}

function publisherOf(model: string, prices: PriceTable): string {
  if (!model) return '';
  return findModelPrice(prices, model)?.provider ?? (model.includes('/') ? model.split('/')[0]! : '');
}

/**
 * A month's spend as FOCUS line items: one per rollup row (day × team × product × model × user), so
 * the items sum exactly to the month's total. `team` null = the whole org.
 */
export async function buildFocusExport(q: Queryable, prices: PriceTable, month: string, team: string | null): Promise<FocusExport> {
  const org = await getOrgSettings(q);
  const names = new Map((await listTeams(q)).map((t) => [t.key, t.name]));
  const from = `${parseExportMonth(month)}-01`;
  const to = addMonths(from, 1);
  const lines = await dailySpendLines(q, { from, to, teams: team === null ? null : [team] });
  const items = lines.map((line) => ({
    ...line,
    chargeStart: startOfDayInZone(line.day, org.timezone),
    chargeEnd: startOfDayInZone(addDays(line.day, 1), org.timezone),
    teamName: line.team === '' ? UNATTRIBUTED_LABEL : (names.get(line.team) ?? line.team),
    publisher: publisherOf(line.model, prices),
  }));
  return {
    month,
    team,
    billingStart: startOfDayInZone(from, org.timezone),
    billingEnd: startOfDayInZone(to, org.timezone),
    items,
    totalNanos: sumNanos(items.map((i) => i.costNanos)),
  };
}
