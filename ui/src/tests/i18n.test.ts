import { beforeEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { en } from '../lib/i18n/en';
import { ja } from '../lib/i18n/ja';
import { LANG_STORAGE_KEY, lang, loadLang, t, translate } from '../lib/i18n';
import type { DeadlineKind } from '../bindings/DeadlineKind';
import { deadlineLabel } from '../lib/status';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('en has exactly the ja keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('no string is empty and placeholders match', () => {
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(ja[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]));
    }
  });

  it('has a label for every deadline kind (the lead-time settings)', () => {
    const kinds: DeadlineKind[] = [
      'renewal_opens',
      'certificate_expiry',
      'grace_warn',
      'grace_end',
      'card_expiry',
      'phone_certificate_expiry',
      'kakunin_expiry',
      'snapshot_stale',
    ];
    for (const kind of kinds) {
      expect(ja[`deadline.${kind}`]).toBeTruthy();
      expect(en[`deadline.${kind}`]).toBeTruthy();
    }
  });

  it('uses the agreed wording', () => {
    expect(deadlineLabel('renewal_opens', 'ja')).toBe('更新受付開始');
    expect(deadlineLabel('grace_end', 'ja')).toBe('猶予期間の終了（最終利用日）');
    expect(deadlineLabel('certificate_expiry', 'en')).toBe('Certificate expiry');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('ja', 'days.left', { n: 12 })).toBe('あと12日');
    expect(translate('en', 'days.left', { n: 12 })).toBe('12 days left');
    expect(translate('en', 'days.left')).toBe('{n} days left');
  });
});

describe('language store', () => {
  beforeEach(() => localStorage.clear());

  it('defaults to Japanese', () => {
    expect(loadLang()).toBe('ja');
  });

  it('ignores a junk saved value', () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'fr');
    expect(loadLang()).toBe('ja');
  });

  it('persists the choice and drives $t', () => {
    lang.set('ja');
    expect(get(t)('checker.submit')).toBe('確認する');
    lang.toggle();
    expect(get(lang)).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(loadLang()).toBe('en');
    expect(get(t)('checker.submit')).toBe('Check');
    lang.toggle();
    expect(get(lang)).toBe('ja');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('ja');
  });
});
