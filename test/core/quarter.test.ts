import { describe, expect, it } from 'vitest';
import {
  hasEnded,
  isoUtc,
  isoWeekIndex,
  isoWeekOf,
  lastCompleteQuarter,
  parseQuarter,
  quarterIndexOf,
  quarterRange,
  shiftQuarter,
} from '../../src/core/quarter.ts';

const t = (iso: string) => Date.parse(iso) / 1000;

describe('quarters in UTC', () => {
  it('parses labels and slugs and gives UTC bounds (start inclusive, end exclusive)', () => {
    const q = parseQuarter('2026-Q2');
    expect(q).toMatchObject({ year: 2026, q: 2, label: '2026-Q2', slug: '2026-q2' });
    expect(isoUtc(q.start)).toBe('2026-04-01T00:00:00Z');
    expect(isoUtc(q.end)).toBe('2026-07-01T00:00:00Z');
    expect(parseQuarter('2026-q2').index).toBe(q.index);
    expect(() => parseQuarter('2026-Q5')).toThrow(/not a quarter/);
    expect(() => parseQuarter('Q2 2026')).toThrow(/not a quarter/);
  });

  it('says a quarter has ended from the first instant of the next one (UTC), not a second before', () => {
    const q2 = parseQuarter('2026-Q2');
    expect(hasEnded(q2, t('2026-06-30T23:59:59Z'))).toBe(false);
    expect(hasEnded(q2, t('2026-07-01T00:00:00Z'))).toBe(true);
    expect(hasEnded(parseQuarter('2027-Q1'), t('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('puts 23:59:59 UTC on the last day in the quarter and midnight in the next', () => {
    const q2 = parseQuarter('2026-Q2');
    expect(quarterIndexOf(t('2026-06-30T23:59:59Z'))).toBe(q2.index);
    expect(quarterIndexOf(t('2026-07-01T00:00:00Z'))).toBe(q2.index + 1);
    // 2026-07-01 07:00 in +08:00 is still 30 June 23:00 UTC: Q2.
    expect(quarterIndexOf(t('2026-07-01T07:00:00+08:00'))).toBe(q2.index);
  });

  it('steps across year boundaries', () => {
    expect(shiftQuarter(parseQuarter('2026-Q1'), -1).label).toBe('2025-Q4');
    expect(shiftQuarter(parseQuarter('2025-Q4'), 1).label).toBe('2026-Q1');
    expect(quarterRange(parseQuarter('2025-Q3'), parseQuarter('2026-Q2')).map((q) => q.label)).toEqual([
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(lastCompleteQuarter(t('2026-11-21T12:00:00Z')).label).toBe('2026-Q3');
    expect(lastCompleteQuarter(t('2026-07-01T00:00:00Z')).label).toBe('2026-Q2');
  });
});

describe('ISO weeks in UTC', () => {
  it('starts weeks on Monday 00:00 UTC', () => {
    // Sunday 2026-06-28 23:59:59 and Monday 2026-06-29 00:00:00 are in different weeks.
    expect(isoWeekIndex(t('2026-06-29T00:00:00Z')) - isoWeekIndex(t('2026-06-28T23:59:59Z'))).toBe(1);
    expect(isoWeekIndex(t('2026-06-29T00:00:00Z'))).toBe(isoWeekIndex(t('2026-07-05T23:59:59Z')));
  });

  it('numbers weeks as ISO 8601 does, including week 53 and year edges', () => {
    expect(isoWeekOf(t('2026-06-30T12:00:00Z'))).toEqual({ year: 2026, week: 27 });
    // 2021-01-03 (Sunday) belongs to 2020-W53; 2021-01-04 is 2021-W01.
    expect(isoWeekOf(t('2021-01-03T12:00:00Z'))).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf(t('2021-01-04T00:00:00Z'))).toEqual({ year: 2021, week: 1 });
    // 2024-12-30 (Monday) is 2025-W01.
    expect(isoWeekOf(t('2024-12-30T00:00:00Z'))).toEqual({ year: 2025, week: 1 });
  });
});
