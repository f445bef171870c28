import { writable } from 'svelte/store';

/** The text-size setting: every screen is sized in rem, so the root font size scales it all. */
export type TextSize = 'standard' | 'large' | 'xlarge';

export const TEXT_SIZES: readonly TextSize[] = ['standard', 'large', 'xlarge'];
export const TEXT_SIZE_STORAGE_KEY = 'hoken-wallet.text-size';

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === 'string' && (TEXT_SIZES as readonly string[]).includes(value);
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved size, or 標準. */
export function loadTextSize(): TextSize {
  try {
    const saved = storage()?.getItem(TEXT_SIZE_STORAGE_KEY);
    return isTextSize(saved) ? saved : 'standard';
  } catch {
    return 'standard';
  }
}

/** Marks the page (`<html data-text-size>`, which app.css scales). */
export function applyTextSize(size: TextSize, root: HTMLElement | null = globalThis.document?.documentElement ?? null): void {
  if (root) root.dataset.textSize = size;
}

const store = writable<TextSize>(loadTextSize());

/** The current text size, persisted like the language (it names nobody). */
export const textSize = {
  subscribe: store.subscribe,
  set(value: TextSize): void {
    try {
      storage()?.setItem(TEXT_SIZE_STORAGE_KEY, value);
    } catch {
      // Storage disabled: the choice lasts for this session.
    }
    store.set(value);
    applyTextSize(value);
  },
};
