import { describe, expect, it } from 'vitest';
import { MAX_TOP_ROWS, MIN_TOP_ROWS, bucketDays, fillDays, topLinesWithOther, topPercentRows } from '../../src/domain/spend-lines.js';
import { parseOptionalTeamArgs, parsePeriodArgs, parseTagArgs, parseTaskArgs, parseTeamArgs } from '../../src/slack/commands/cost-args.js';

describe('/cost argument shapes', () => {
  it('tells team keys from periods', () => {
    expect(parseTeamArgs(['search'])).toEqual({ team: 'search', period: undefined });
    expect(parseTeamArgs(['search', 'last-week'])).toEqual({ team: 'search', period: 'last-week' });
    expect(() => parseTeamArgs([])).toThrow('Which team?');
    expect(() => parseTeamArgs(['2026-03'])).toThrow('Which team?');
    expect(() => parseTeamArgs(['search', '7d', 'x'])).toThrow('I didn\'t understand "x"');
    expect(() => parseTeamArgs(['<@U123>'])).toThrow('looks like a mention');
    expect(parseOptionalTeamArgs([])).toEqual({ team: null });
    expect(parseOptionalTeamArgs(['7d'])).toEqual({ team: null, period: '7d' });
    expect(parseOptionalTeamArgs(['2026-03-01..2026-03-05'])).toEqual({ team: null, period: '2026-03-01..2026-03-05' });
    expect(parseOptionalTeamArgs(['search', 'mtd'])).toEqual({ team: 'search', period: 'mtd' });
    expect(() => parseOptionalTeamArgs(['7d', 'search'])).toThrow('I didn\'t understand "search"');
    expect(parsePeriodArgs([])).toEqual({ period: undefined });
    expect(() => parsePeriodArgs(['7d', '30d'])).toThrow('"30d"');
  });

  it('reads tags as key=value and task ids as one bounded word', () => {
    expect(parseTagArgs(['env=prod', '30d'])).toEqual({ tag: { key: 'env', value: 'prod' }, period: '30d' });
    expect(parseTagArgs(['feature=Search-v2'])).toEqual({ tag: { key: 'feature', value: 'Search-v2' }, period: undefined });
    for (const bad of [[], ['env'], ['=prod'], ['env='], ['a=b=c']]) expect(() => parseTagArgs(bad)).toThrow('key=value');
    expect(parseTaskArgs(['run-8812'])).toEqual({ taskId: 'run-8812' });
    expect(() => parseTaskArgs([])).toThrow('Which task?');
    expect(() => parseTaskArgs(['x'.repeat(201)])).toThrow('at most 200');
  });
});

describe('spend lines', () => {
  const label = (k: string) => k || '(none)';

  it('keeps the top n and derives "other" from the total, so lines sum to the total', () => {
    const slices = [
      { key: 'a', costNanos: 50n },
      { key: 'b', costNanos: 30n },
      { key: '', costNanos: 10n },
    ];
    const lines = topLinesWithOther(slices, 100n, 2, label);
    expect(lines).toEqual([
      { label: 'a', costNanos: 50n },
      { label: 'b', costNanos: 30n },
      { label: 'other', costNanos: 20n, other: true },
    ]);
    expect(lines.reduce((s, l) => s + l.costNanos, 0n)).toBe(100n);
    expect(topLinesWithOther(slices, 90n, 5, label).map((l) => l.label)).toEqual(['a', 'b', '(none)']);
    expect(topLinesWithOther([], 0n, 5, label)).toEqual([]);
  });

  it('fills missing days with zero and buckets long spans', () => {
    const days = fillDays([{ day: '2026-03-02', costNanos: 5n }], '2026-03-01', '2026-03-04');
    expect(days).toEqual([
      { day: '2026-03-01', costNanos: 0n },
      { day: '2026-03-02', costNanos: 5n },
      { day: '2026-03-03', costNanos: 0n },
    ]);
    const long = fillDays([], '2025-01-01', '2026-01-01').map((d) => ({ ...d, costNanos: 1n }));
    const buckets = bucketDays(long);
    expect(buckets.length).toBeLessThanOrEqual(62);
    expect(buckets.reduce((s, b) => s + b, 0n)).toBe(365n);
  });

  it('shows the top 1 % of tasks, between 5 and 10 rows', () => {
    expect(topPercentRows(0)).toBe(0);
    expect(topPercentRows(3)).toBe(3);
    expect(topPercentRows(15)).toBe(MIN_TOP_ROWS);
    expect(topPercentRows(700)).toBe(7);
    expect(topPercentRows(1_000_000)).toBe(MAX_TOP_ROWS);
  });
});
