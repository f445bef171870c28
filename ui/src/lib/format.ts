import type { Lang } from './i18n';
import { translate } from './i18n';

/** Display helpers. Pure functions of ISO date strings: no Date objects, no time zones. */

export interface IsoParts {
  year: number;
  month: number;
  day: number;
}

/** Splits `YYYY-MM-DD`; null for anything else. */
export function parseIso(iso: string): IsoParts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

interface EraDef {
  ja: string;
  en: string;
  /** First day of the era. */
  start: IsoParts;
}

// Newest first. 明治 counts from 1868-01-25, as the core does.
const ERAS: readonly EraDef[] = [
  { ja: '令和', en: 'Reiwa', start: { year: 2019, month: 5, day: 1 } },
  { ja: '平成', en: 'Heisei', start: { year: 1989, month: 1, day: 8 } },
  { ja: '昭和', en: 'Showa', start: { year: 1926, month: 12, day: 25 } },
  { ja: '大正', en: 'Taisho', start: { year: 1912, month: 7, day: 30 } },
  { ja: '明治', en: 'Meiji', start: { year: 1868, month: 1, day: 25 } },
];

function compare(a: IsoParts, b: IsoParts): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export interface EraYear {
  name: string;
  year: number;
}

/** The era and era year of a date, or null before 明治 / for a malformed date. */
export function eraYear(iso: string, lang: Lang = 'ja'): EraYear | null {
  const p = parseIso(iso);
  if (!p) return null;
  const era = ERAS.find((e) => compare(p, e.start) >= 0);
  if (!era) return null;
  return { name: lang === 'ja' ? era.ja : era.en, year: p.year - era.start.year + 1 };
}

function jaEraYear(e: EraYear): string {
  return `${e.name}${e.year === 1 ? '元' : String(e.year)}年`;
}

/** `令和7年6月1日`, `平成元年1月8日`; the input itself when it cannot be converted. */
export function toEraString(iso: string): string {
  const p = parseIso(iso);
  const e = eraYear(iso, 'ja');
  if (!p || !e) return iso;
  return `${jaEraYear(e)}${p.month}月${p.day}日`;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * A date for people, the one style of the app: era first with the Western year beside it,
 * `令和7年（2025年）6月1日`, in Japanese; `1 June 2025 (Reiwa 7)` in English.
 */
export function formatDate(iso: string, lang: Lang): string {
  const p = parseIso(iso);
  if (!p) return iso;
  const e = eraYear(iso, lang);
  if (lang === 'ja') {
    return e ? `${jaEraYear(e)}（${p.year}年）${p.month}月${p.day}日` : `${p.year}年${p.month}月${p.day}日`;
  }
  const western = `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
  return e ? `${western} (${e.name} ${e.year})` : western;
}

/** `あと12日` / `12 days left`, `今日` / `today`, `3日前に過ぎました` / `3 days ago`. */
export function formatDaysLeft(daysLeft: number | bigint, lang: Lang): string {
  const n = Number(daysLeft);
  if (n === 0) return translate(lang, 'days.today');
  if (n === 1) return translate(lang, 'days.leftOne');
  if (n === -1) return translate(lang, 'days.agoOne');
  if (n > 0) return translate(lang, 'days.left', { n: n.toLocaleString('en-US') });
  return translate(lang, 'days.ago', { n: (-n).toLocaleString('en-US') });
}

/** The Western date alone: `2025年6月1日` / `1 June 2025`. */
export function formatWestern(iso: string, lang: Lang): string {
  const p = parseIso(iso);
  if (!p) return iso;
  return lang === 'ja' ? `${p.year}年${p.month}月${p.day}日` : `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
}
