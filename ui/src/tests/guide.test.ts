import { describe, expect, it } from 'vitest';
import { answer, back, current, FIRST, HOTLINE, QUESTIONS, RESULTS, START, type AnswerId, type GuideState } from '../lib/guide';
import { ja } from '../lib/i18n/ja';
import { en } from '../lib/i18n/en';
import { translate } from '../lib/i18n';

const walk = (...ids: AnswerId[]): GuideState => ids.reduce<GuideState>((s, id) => answer(s, id), START);

function resultOf(state: GuideState) {
  const step = current(state);
  if (step.kind !== 'result') throw new Error(`still asking ${step.question.id}`);
  return step.result;
}

describe('the "what to bring" chart (domain.md §6)', () => {
  it('starts with the card question, numbered 1', () => {
    const step = current(START);
    expect(step.kind).toBe('question');
    if (step.kind === 'question') {
      expect(step.question.id).toBe(FIRST);
      expect(step.number).toBe(1);
    }
  });

  it('card and smartphone → the card with the saved screen', () => {
    const s = walk('card_yes');
    const step = current(s);
    expect(step.kind === 'question' && step.question.id).toBe('phone');
    expect(step.kind === 'question' && step.number).toBe(2);
    const r = resultOf(walk('card_yes', 'phone_yes'));
    expect(r.id).toBe('card_and_phone');
    expect(r.bring).toEqual(['guide.bring.card', 'guide.bring.phoneScreen']);
    expect(r.withCard).toBe(true);
  });

  it('card without a smartphone → the card with the cut-out notice', () => {
    const r = resultOf(walk('card_yes', 'phone_no'));
    expect(r.id).toBe('card_and_notice');
    expect(r.bring).toContain('guide.bring.card');
    expect(r.bring).toContain('guide.bring.notice');
    expect(r.withCard).toBe(true);
  });

  it('no card → 資格確認書, and the screen rule does not apply', () => {
    const r = resultOf(walk('card_no'));
    expect(r.id).toBe('no_card');
    expect(r.bring).toEqual(['guide.bring.kakunin']);
    expect(r.withCard).toBe(false);
  });

  it('lost card → suspend by phone first, police, reissue, 資格確認書 meanwhile', () => {
    const r = resultOf(walk('card_lost'));
    expect(r.id).toBe('lost');
    const steps = r.steps.map((k) => translate('ja', k, { phone: HOTLINE }));
    expect(steps[0]).toContain('0120-95-0178');
    expect(steps[0]).toContain('24時間');
    expect(steps[1]).toContain('警察');
    expect(steps[2]).toContain('再発行');
    expect(steps[3]).toContain('資格確認書');
    expect(translate('en', r.steps[0], { phone: HOTLINE })).toContain('0120-95-0178');
  });

  it('back goes one step back; from the start it stays at the start', () => {
    const s = walk('card_yes', 'phone_no');
    expect(current(back(s)).kind).toBe('question');
    expect(back(s)).toEqual(['card_yes']);
    expect(back(back(s))).toEqual([]);
    expect(back(START)).toEqual([]);
  });

  it('an answer that does not belong to the question changes nothing', () => {
    expect(answer(START, 'phone_yes')).toEqual(START);
    const done = walk('card_no');
    expect(answer(done, 'card_yes')).toBe(done);
  });

  it('every text exists in both languages', () => {
    const keys = new Set<string>();
    for (const q of Object.values(QUESTIONS)) {
      keys.add(q.title);
      keys.add(q.hint);
      for (const a of q.answers) {
        keys.add(a.label);
        if (a.hint) keys.add(a.hint);
      }
    }
    for (const r of Object.values(RESULTS)) {
      for (const k of [r.title, r.lead, ...r.bring, ...r.steps]) keys.add(k);
    }
    for (const k of keys) {
      expect(ja[k as keyof typeof ja], k).toBeTruthy();
      expect(en[k as keyof typeof en], k).toBeTruthy();
    }
  });

  it('says the screen alone is never enough, and names the 申立書 for a failing reader', () => {
    expect(ja['guide.rule.body']).toContain('カード');
    expect(ja['guide.reader.body2']).toContain('被保険者資格申立書');
    expect(en['guide.rule.title']).toMatch(/not enough/);
  });
});
