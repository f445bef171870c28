import { describe, expect, it } from 'vitest';
import { eraYear, formatDate, formatDaysLeft, formatWestern, parseIso, toEraString } from '../lib/format';

describe('toEraString', () => {
  it.each([
    ['2025-06-01', '令和7年6月1日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1980-06-01', '昭和55年6月1日'],
    ['1965-10-01', '昭和40年10月1日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1926-12-24', '大正15年12月24日'],
    ['1912-07-30', '大正元年7月30日'],
    ['1912-07-29', '明治45年7月29日'],
    ['1868-01-25', '明治元年1月25日'],
  ])('%s → %s', (iso, era) => {
    expect(toEraString(iso)).toBe(era);
  });

  it('returns the input before 明治 or when malformed', () => {
    expect(toEraString('1868-01-24')).toBe('1868-01-24');
    expect(toEraString('not a date')).toBe('not a date');
    expect(parseIso('2025-13-01')).toBeNull();
  });

  it('names eras in English', () => {
    expect(eraYear('2025-06-01', 'en')).toEqual({ name: 'Reiwa', year: 7 });
    expect(eraYear('1980-06-01', 'en')).toEqual({ name: 'Showa', year: 55 });
  });
});

describe('formatDate', () => {
  it('writes Western and era forms', () => {
    expect(formatDate('2025-06-01', 'ja')).toBe('令和7年（2025年）6月1日');
    expect(formatDate('2026-12-01', 'ja')).toBe('令和8年（2026年）12月1日');
    expect(formatDate('1965-10-01', 'ja')).toBe('昭和40年（1965年）10月1日');
    expect(formatDate('2019-05-01', 'ja')).toBe('令和元年（2019年）5月1日');
    expect(formatDate('2025-06-01', 'en')).toBe('1 June 2025 (Reiwa 7)');
    expect(formatWestern('2028-02-29', 'ja')).toBe('2028年2月29日');
    expect(formatWestern('2028-02-29', 'en')).toBe('29 February 2028');
  });
});

describe('formatDaysLeft', () => {
  it('counts down', () => {
    expect(formatDaysLeft(12, 'ja')).toBe('あと12日');
    expect(formatDaysLeft(12, 'en')).toBe('12 days left');
    expect(formatDaysLeft(1, 'ja')).toBe('あと1日');
    expect(formatDaysLeft(1, 'en')).toBe('1 day left');
    expect(formatDaysLeft(1234, 'en')).toBe('1,234 days left');
  });

  it('says today', () => {
    expect(formatDaysLeft(0, 'ja')).toBe('今日');
    expect(formatDaysLeft(0, 'en')).toBe('today');
  });

  it('counts past dates', () => {
    expect(formatDaysLeft(-3, 'ja')).toBe('3日前に過ぎました');
    expect(formatDaysLeft(-3, 'en')).toBe('3 days ago');
    expect(formatDaysLeft(-1, 'en')).toBe('1 day ago');
  });

  it('accepts bigint (ts-rs types i64 as bigint)', () => {
    expect(formatDaysLeft(5n, 'ja')).toBe('あと5日');
    expect(formatDaysLeft(-5n, 'en')).toBe('5 days ago');
  });
});
