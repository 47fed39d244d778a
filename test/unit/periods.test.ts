import { describe, expect, it } from 'vitest';
import { describePeriod, parsePeriod, previousPeriod } from '../../src/domain/periods.js';
import { UserError } from '../../src/errors.js';

// Thursday 2026-03-05 23:30 UTC is already Friday 2026-03-06 in Berlin.
const now = new Date('2026-03-05T23:30:00Z');
const zone = 'Europe/Berlin';
const p = (text?: string) => parsePeriod(text, now, zone);

describe('periods', () => {
  it('resolves every form in the org timezone', () => {
    expect(p('today')).toMatchObject({ from: '2026-03-06', to: '2026-03-07' });
    expect(p('yesterday')).toMatchObject({ from: '2026-03-05', to: '2026-03-06' });
    expect(p('7d')).toMatchObject({ from: '2026-02-28', to: '2026-03-07' });
    expect(p('30d')).toMatchObject({ from: '2026-02-05', to: '2026-03-07' });
    expect(p('90d')).toMatchObject({ from: '2025-12-07', to: '2026-03-07' });
    expect(p('this-week')).toMatchObject({ from: '2026-03-02', to: '2026-03-07' });
    expect(p('last-week')).toMatchObject({ from: '2026-02-23', to: '2026-03-02' });
    expect(p()).toMatchObject({ key: 'mtd', from: '2026-03-01', to: '2026-03-07' });
    expect(p('last-month')).toMatchObject({ from: '2026-02-01', to: '2026-03-01' });
    expect(p('2025-12')).toMatchObject({ from: '2025-12-01', to: '2026-01-01' });
    expect(p('2026-01-10..2026-01-20')).toMatchObject({ from: '2026-01-10', to: '2026-01-21' });
  });

  it('compares with the equal previous period', () => {
    expect(previousPeriod(p('mtd'), '2026-03-06')).toMatchObject({ from: '2026-02-01', to: '2026-02-07' });
    expect(previousPeriod(p('last-month'), '2026-03-06')).toMatchObject({ from: '2026-01-01', to: '2026-02-01' });
    expect(previousPeriod(p('7d'), '2026-03-06')).toMatchObject({ from: '2026-02-21', to: '2026-02-28' });
    expect(previousPeriod(p('this-week'), '2026-03-06')).toMatchObject({ from: '2026-02-23', to: '2026-02-28' });
    expect(previousPeriod(p('2026-01-10..2026-01-20'), '2026-03-06')).toMatchObject({ from: '2025-12-30', to: '2026-01-10' });
    // March 31 days to date vs February's 28: capped at February's end.
    const endOfMarch = parsePeriod('mtd', new Date('2026-03-31T12:00:00Z'), 'UTC');
    expect(previousPeriod(endOfMarch, '2026-03-31')).toMatchObject({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('refuses malformed periods with the accepted forms', () => {
    for (const bad of ['2026-13', '2026-02-30..2026-03-01', '2026-03-10..2026-03-01', 'fortnight', '0d', '999d', "'; DROP TABLE", '2019-12']) {
      expect(() => p(bad), bad).toThrow(UserError);
    }
    expect(() => p('soon')).toThrow(/today, yesterday, 7d/);
  });

  it('labels periods for humans', () => {
    expect(describePeriod(p('mtd'))).toBe('Mar 1–6, 2026 (month to date)');
    expect(describePeriod(p('today'))).toBe('Mar 6, 2026 (today)');
    expect(describePeriod(p('2025-12-20..2026-01-05'))).toBe('Dec 20, 2025 – Jan 5, 2026');
  });
});
