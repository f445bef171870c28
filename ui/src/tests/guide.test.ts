import { describe, expect, it } from 'vitest';
import { ANSWER_TEXT, BRING_TEXT, HOTLINE, QUESTION_TEXT, RESULT_TEXT } from '../lib/guide';
import { ja } from '../lib/i18n/ja';
import { en } from '../lib/i18n/en';
import { translate } from '../lib/i18n';

// The chart (where each answer leads, what to bring) is core's: core/src/guide.rs and its
// tests. These check the words the UI gives its ids.

describe('the guide’s words', () => {
  it('every question, answer, result and thing to bring has its text in both languages', () => {
    const keys = new Set<string>();
    for (const q of Object.values(QUESTION_TEXT)) {
      keys.add(q.title);
      keys.add(q.hint);
    }
    for (const a of Object.values(ANSWER_TEXT)) {
      keys.add(a.label);
      if (a.hint) keys.add(a.hint);
    }
    for (const r of Object.values(RESULT_TEXT)) for (const k of [r.title, r.lead, ...r.steps]) keys.add(k);
    for (const k of Object.values(BRING_TEXT)) keys.add(k);
    for (const k of keys) {
      expect(ja[k as keyof typeof ja], k).toBeTruthy();
      expect(en[k as keyof typeof en], k).toBeTruthy();
    }
  });

  it('lost card → suspend by phone first, police, reissue, 資格確認書 meanwhile', () => {
    const steps = RESULT_TEXT.lost.steps.map((k) => translate('ja', k, { phone: HOTLINE }));
    expect(steps[0]).toContain('0120-95-0178');
    expect(steps[0]).toContain('24時間');
    expect(steps[1]).toContain('警察');
    expect(steps[2]).toContain('再発行');
    expect(steps[3]).toContain('資格確認書');
    expect(translate('en', RESULT_TEXT.lost.steps[0], { phone: HOTLINE })).toContain('0120-95-0178');
  });

  it('names the card and the saved screen, and the 資格確認書 without a card', () => {
    expect(ja[BRING_TEXT.card]).toContain('マイナンバーカード');
    expect(ja[BRING_TEXT.kakunin]).toContain('資格確認書');
  });

  it('says the screen alone is never enough, and names the 申立書 for a failing reader', () => {
    expect(ja['guide.rule.body']).toContain('カード');
    expect(ja['guide.reader.body2']).toContain('被保険者資格申立書');
    expect(en['guide.rule.title']).toMatch(/not enough/);
  });
});
