import type { DeadlineKind } from '../bindings/DeadlineKind';
import type { Icon as ToneIcon } from '../bindings/Icon';
import type { StatusDate } from '../bindings/StatusDate';
import type { Tone } from '../bindings/Tone';
import { translate, type Lang, type MessageKey } from './i18n';

/**
 * The one severity vocabulary is decided in core (core/src/vocabulary.rs): every badge, banner,
 * timeline row, checker result and notification carries its `Tone` (severity, icon, word) and
 * its dates' titles. This file only picks the language and names the CSS class; it derives
 * nothing from dates.
 */

/** The icons `Icon.svelte` draws: the vocabulary's, and `refresh` for the import screen. */
export type IconName = ToneIcon | 'refresh';

/** The tone's word in `lang`. */
export function toneWord(tone: Pick<Tone, 'word_ja' | 'word_en'>, lang: Lang): string {
  return lang === 'ja' ? tone.word_ja : tone.word_en;
}

/** The CSS class carrying the tone's colours (`--tone`, `--tone-bg`; app.css). */
export function toneClass(tone: Pick<Tone, 'severity'> | null | undefined): string {
  return `tone-${tone?.severity ?? 'none'}`;
}

/** What happens on a deadline's date, in its tense, in `lang`. */
export function deadlineTitle(d: { title_ja: string; title_en: string }, lang: Lang): string {
  return lang === 'ja' ? d.title_ja : d.title_en;
}

/** The status line's label (「この日から更新できます」, 「最終利用日」…) in `lang`. */
export function statusDateLabel(d: Pick<StatusDate, 'label_ja' | 'label_en'>, lang: Lang): string {
  return lang === 'ja' ? d.label_ja : d.label_en;
}

/** A deadline kind's name, for settings that list kinds without a date (lead times). */
export function deadlineLabel(kind: DeadlineKind, lang: Lang): string {
  return translate(lang, `deadline.${kind}` satisfies MessageKey);
}
