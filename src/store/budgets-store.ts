import { scopeFrom, scopeValue, type Budget, type BudgetPeriodKind, type BudgetScope, type BudgetSource, type RecordedAlert } from '../domain/budgets.js';
import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { Queryable } from './db.js';

/** Mirrors `budgets`. */
export interface BudgetRow {
  id: string;
  scope_kind: BudgetScope['kind'];
  /** Team key, product name or tag `key=value`. */
  scope_value: string;
  period: BudgetPeriodKind;
  amount_nanos: string;
  thresholds: number[];
  owners: string[];
  source: BudgetSource;
  /** The teams.yml entry last applied; null when the file does not set this budget. */
  file_spec: FileBudgetSpec | null;
  set_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Mirrors `budget_alerts`. */
export interface BudgetAlertRow {
  budget_id: string;
  period_start: string;
  kind: 'actual' | 'forecast';
  threshold: number;
  spent_nanos: string;
  amount_nanos: string;
  projected_day: string | null;
  /** The one alert of its run that owners are DMed about. */
  notify: boolean;
  /** Owners to DM, fixed when recorded. */
  recipients: string[];
  recorded_at: Date;
}

/** Mirrors `budget_snoozes`. */
export interface BudgetSnoozeRow {
  budget_id: string;
  owner: string;
  until: Date;
  snoozed_by: string;
}

/** What teams.yml says about one budget, compared as a whole to tell "the file changed it" from "re-applied". */
export interface FileBudgetSpec {
  amount_nanos: string;
  thresholds: number[];
  owners: string[];
}

export interface BudgetAlert extends RecordedAlert {
  budgetId: number;
  periodStart: string;
  spentNanos: Nanos;
  amountNanos: Nanos;
  projectedDay: string | null;
  notify: boolean;
  recipients: string[];
}

function budgetFromRow(r: BudgetRow): Budget {
  return {
    id: Number(r.id),
    scope: scopeFrom(r.scope_kind, r.scope_value),
    period: r.period,
    amountNanos: nanosFromDb(r.amount_nanos),
    thresholds: r.thresholds,
    owners: r.owners,
    source: r.source,
  };
}

function alertFromRow(r: BudgetAlertRow): BudgetAlert {
  return {
    budgetId: Number(r.budget_id),
    periodStart: r.period_start,
    kind: r.kind,
    threshold: r.threshold,
    spentNanos: nanosFromDb(r.spent_nanos),
    amountNanos: nanosFromDb(r.amount_nanos),
    projectedDay: r.projected_day,
    notify: r.notify,
    recipients: r.recipients,
  };
}

const ORDER = 'ORDER BY scope_kind, scope_value, period';

export async function listBudgets(q: Queryable): Promise<Budget[]> {
  return (await q.query<BudgetRow>(`SELECT * FROM budgets ${ORDER}`)).map(budgetFromRow);
}

export async function listTeamBudgets(q: Queryable, team: string): Promise<Budget[]> {
  return (await q.query<BudgetRow>(`SELECT * FROM budgets WHERE scope_kind = 'team' AND scope_value = $1 ${ORDER}`, [team])).map(budgetFromRow);
}

export async function findBudget(q: Queryable, id: number): Promise<Budget | undefined> {
  const rows = await q.query<BudgetRow>('SELECT * FROM budgets WHERE id = $1', [id]);
  return rows[0] && budgetFromRow(rows[0]);
}

/** Locks the budget row for the rest of the transaction (so concurrent checks record alerts one at a time). */
export async function lockBudget(q: Queryable, id: number): Promise<Budget | undefined> {
  const rows = await q.query<BudgetRow>('SELECT * FROM budgets WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] && budgetFromRow(rows[0]);
}

/**
 * `/cost budget set`: sets the amount of a team's budget for the period, keeping its thresholds and
 * owners; it stays until teams.yml changes that team's budget for the same period.
 */
export async function setSlackTeamBudget(q: Queryable, s: { team: string; period: BudgetPeriodKind; amountNanos: Nanos; setBy: string }): Promise<Budget> {
  const rows = await q.query<BudgetRow>(
    `INSERT INTO budgets (scope_kind, scope_value, period, amount_nanos, source, set_by) VALUES ('team', $1, $2, $3, 'slack', $4)
     ON CONFLICT (scope_kind, scope_value, period) DO UPDATE SET amount_nanos = EXCLUDED.amount_nanos, source = 'slack',
       set_by = EXCLUDED.set_by, updated_at = now()
     RETURNING *`,
    [s.team, s.period, s.amountNanos.toString(), s.setBy],
  );
  return budgetFromRow(rows[0]!);
}

export interface FileBudget {
  scope: BudgetScope;
  period: BudgetPeriodKind;
  spec: FileBudgetSpec;
}

/**
 * Writes a teams.yml budget unless the file says the same as when last applied: then a Slack-set
 * amount (if any) stays. The row keeps its id either way, and with it this period's alert history.
 */
export async function upsertFileBudget(q: Queryable, b: FileBudget): Promise<void> {
  await q.query(
    `INSERT INTO budgets (scope_kind, scope_value, period, amount_nanos, thresholds, owners, source, file_spec)
     VALUES ($1, $2, $3, $4, $5, $6, 'file', $7)
     ON CONFLICT (scope_kind, scope_value, period) DO UPDATE SET amount_nanos = EXCLUDED.amount_nanos,
       thresholds = EXCLUDED.thresholds, owners = EXCLUDED.owners, source = 'file', file_spec = EXCLUDED.file_spec,
       set_by = NULL, updated_at = now()
     WHERE budgets.file_spec IS DISTINCT FROM EXCLUDED.file_spec`,
    [b.scope.kind, scopeValue(b.scope), b.period, b.spec.amount_nanos, b.spec.thresholds, b.spec.owners, JSON.stringify(b.spec)],
  );
}

/**
 * After the file's budgets are written: file budgets it no longer lists go, Slack ones stay but forget
 * the file entry (so a later file entry for them wins), and budgets of teams that no longer exist go.
 */
export async function pruneFileBudgets(q: Queryable, kept: readonly FileBudget[]): Promise<{ removed: number }> {
  const keys = [kept.map((b) => b.scope.kind), kept.map((b) => scopeValue(b.scope)), kept.map((b) => b.period)];
  const listed = `EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[], $3::text[]) AS k(kind, value, period)
    WHERE k.kind = budgets.scope_kind AND k.value = budgets.scope_value AND k.period = budgets.period)`;
  const removed = await q.query(
    `DELETE FROM budgets WHERE (source = 'file' AND NOT ${listed})
       OR (scope_kind = 'team' AND NOT EXISTS (SELECT 1 FROM teams WHERE teams.key = budgets.scope_value))
     RETURNING id`,
    keys,
  );
  await q.query(`UPDATE budgets SET file_spec = NULL WHERE source = 'slack' AND file_spec IS NOT NULL AND NOT ${listed}`, keys);
  return { removed: removed.length };
}

const ALERT_COLUMNS = `budget_id, period_start::text AS period_start, kind, threshold, spent_nanos, amount_nanos,
  projected_day::text AS projected_day, notify, recipients, recorded_at`;

export async function listBudgetAlerts(q: Queryable, budgetId: number, periodStart: string): Promise<BudgetAlert[]> {
  const rows = await q.query<BudgetAlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM budget_alerts WHERE budget_id = $1 AND period_start = $2 ORDER BY kind, threshold`,
    [budgetId, periodStart],
  );
  return rows.map(alertFromRow);
}

/** Each budget's alerts of its current period (one read for a whole check), per budget id. */
export async function listPeriodAlerts(q: Queryable, periods: readonly { budgetId: number; periodStart: string }[]): Promise<Map<number, BudgetAlert[]>> {
  const rows = await q.query<BudgetAlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM budget_alerts
     WHERE (budget_id, period_start) IN (SELECT * FROM unnest($1::bigint[], $2::date[]))
     ORDER BY budget_id, kind, threshold`,
    [periods.map((p) => p.budgetId), periods.map((p) => p.periodStart)],
  );
  const byBudget = new Map<number, BudgetAlert[]>();
  for (const alert of rows.map(alertFromRow)) byBudget.set(alert.budgetId, [...(byBudget.get(alert.budgetId) ?? []), alert]);
  return byBudget;
}

/** Records alerts; the primary key makes a second recording of the same (budget, period, kind, threshold) a no-op. */
export async function recordBudgetAlerts(q: Queryable, alerts: readonly BudgetAlert[], now: Date): Promise<number> {
  let recorded = 0;
  for (const a of alerts) {
    const rows = await q.query(
      `INSERT INTO budget_alerts (budget_id, period_start, kind, threshold, spent_nanos, amount_nanos, projected_day, notify, recipients, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING 1`,
      [a.budgetId, a.periodStart, a.kind, a.threshold, a.spentNanos.toString(), a.amountNanos.toString(), a.projectedDay, a.notify, a.recipients, now],
    );
    recorded += rows.length;
  }
  return recorded;
}

/** Owners of the budget snoozed at `now`. */
export async function snoozedOwners(q: Queryable, budgetId: number, now: Date): Promise<Set<string>> {
  const rows = await q.query<{ owner: string }>('SELECT owner FROM budget_snoozes WHERE budget_id = $1 AND until > $2', [budgetId, now]);
  return new Set(rows.map((r) => r.owner));
}

export async function snoozeBudgetOwner(q: Queryable, s: { budgetId: number; owner: string; until: Date; snoozedBy: string }): Promise<void> {
  await q.query(
    `INSERT INTO budget_snoozes (budget_id, owner, until, snoozed_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (budget_id, owner) DO UPDATE SET until = EXCLUDED.until, snoozed_by = EXCLUDED.snoozed_by`,
    [s.budgetId, s.owner, s.until, s.snoozedBy],
  );
}
