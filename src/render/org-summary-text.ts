import { formatCount, formatPercent, formatUsd, percentOf } from '../domain/format.js';
import { UNATTRIBUTED_LABEL } from '../domain/team-directory.js';
import type { OrgSummary } from '../services/org-summary.js';

/** A terminal table of spend per team, unattributed as its own line, and the total they sum to. */
export function renderOrgSummaryText(s: OrgSummary): string {
  const rows: [string, string, string, string][] = s.teams.map((t) => [
    `${t.name} (${t.key})`,
    formatUsd(t.costNanos),
    formatPercent(percentOf(t.costNanos, s.totalNanos)),
    formatCount(t.calls) + (t.unpricedCalls ? ` (${formatCount(t.unpricedCalls)} unpriced)` : ''),
  ]);
  rows.push([
    UNATTRIBUTED_LABEL,
    formatUsd(s.unattributed.costNanos),
    formatPercent(percentOf(s.unattributed.costNanos, s.totalNanos)),
    formatCount(s.unattributed.calls) + (s.unattributed.unpricedCalls ? ` (${formatCount(s.unattributed.unpricedCalls)} unpriced)` : ''),
  ]);
  const header: [string, string, string, string] = ['team', 'spend', 'share', 'calls'];
  const total: [string, string, string, string] = ['Total', formatUsd(s.totalNanos), s.totalNanos > 0n ? '100.0%' : '—', formatCount(s.calls)];
  const all = [header, ...rows, total];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [`Agent spend, ${s.periodLabel}`, '', line(header), rule, ...rows.map(line), rule, line(total)];
  if (s.unpricedCalls > 0) {
    out.push('', `${formatCount(s.unpricedCalls)} calls are unpriced (model not in the price table): counted, not valued at $0.`);
  }
  return out.join('\n');
}
