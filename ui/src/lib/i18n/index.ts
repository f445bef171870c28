import { derived, writable, type Readable } from 'svelte/store';
import { ja, type Catalogue, type MessageKey } from './ja';
import { en } from './en';

export type Lang = 'ja' | 'en';
export type { MessageKey, Catalogue };

export const catalogues: Record<Lang, Catalogue> = { ja, en };

export const LANG_STORAGE_KEY = 'hoken-wallet.lang';
export const DEFAULT_LANG: Lang = 'ja';

export function isLang(value: unknown): value is Lang {
  return value === 'ja' || value === 'en';
}

export type Params = Record<string, string | number>;

/** Looks a key up and fills its `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = catalogues[lang][key] ?? catalogues.ja[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved language, or Japanese. */
export function loadLang(): Lang {
  try {
    const saved = storage()?.getItem(LANG_STORAGE_KEY);
    return isLang(saved) ? saved : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

function saveLang(value: Lang): void {
  try {
    storage()?.setItem(LANG_STORAGE_KEY, value);
  } catch {
    // Private mode or storage disabled: the choice lasts for this session only.
  }
}

const store = writable<Lang>(loadLang());

/** The current language, persisted in localStorage. */
export const lang = {
  subscribe: store.subscribe,
  set(value: Lang): void {
    saveLang(value);
    store.set(value);
  },
  toggle(): void {
    store.update((current) => {
      const next: Lang = current === 'ja' ? 'en' : 'ja';
      saveLang(next);
      return next;
    });
  },
};

export type Translator = (key: MessageKey, params?: Params) => string;

/** `$t('key', {name: value})` in components. */
export const t: Readable<Translator> = derived(
  store,
  ($lang): Translator =>
    (key, params) =>
      translate($lang, key, params),
);
