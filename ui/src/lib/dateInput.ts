import type { Era } from '../bindings/Era';

/** The date input's era choice: an era, the Western calendar, or nothing chosen yet. */
export type EraChoice = Era | 'western' | '';

/** Newest first: the eras people are born or issued in. Names only; core reads the dates. */
export const ERAS: readonly Era[] = ['reiwa', 'heisei', 'showa', 'taisho', 'meiji'];

export const ERA_KANJI: Record<Era, string> = {
  reiwa: '令和',
  heisei: '平成',
  showa: '昭和',
  taisho: '大正',
  meiji: '明治',
};

/**
 * The pickers as text core reads (`昭和40年10月1日`, or `1965-10-01` for the Western year);
 * null until all four are chosen. Whether the date exists is core's to say.
 */
export function composeDate(era: EraChoice, year: string, month: string, day: string): string | null {
  const y = year.normalize('NFKC').trim();
  if (!era || !/^\d{1,4}$/.test(y) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return null;
  if (era === 'western') return `${y.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return `${ERA_KANJI[era]}${Number(y)}年${Number(month)}月${Number(day)}日`;
}
