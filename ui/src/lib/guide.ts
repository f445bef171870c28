import type { MessageKey } from './i18n';

/**
 * 「何を持っていけばいい？」— the insurers' decision chart (shared/docs/domain.md §6) as a short
 * flow: one question per step, the answer card at the end. Pure data and functions; the
 * screen (screens/Guide.svelte) only renders them.
 */

export type QuestionId = 'card' | 'phone';
export type ResultId = 'card_and_phone' | 'card_and_notice' | 'no_card' | 'lost';
export type AnswerId = 'card_yes' | 'card_no' | 'card_lost' | 'phone_yes' | 'phone_no';

export type Next = { question: QuestionId } | { result: ResultId };

export interface Answer {
  id: AnswerId;
  label: MessageKey;
  hint?: MessageKey;
  next: Next;
}

export interface Question {
  id: QuestionId;
  title: MessageKey;
  hint: MessageKey;
  answers: Answer[];
}

export interface Result {
  id: ResultId;
  title: MessageKey;
  lead: MessageKey;
  /** What to take to the clinic, in order. */
  bring: MessageKey[];
  /** What to do (numbered), when there is something to do. */
  steps: MessageKey[];
  /** Whether the "a screen alone is not enough — always with the card" rule applies. */
  withCard: boolean;
}

export const FIRST: QuestionId = 'card';

export const QUESTIONS: Record<QuestionId, Question> = {
  card: {
    id: 'card',
    title: 'guide.q.card',
    hint: 'guide.q.cardHint',
    answers: [
      { id: 'card_yes', label: 'guide.a.cardYes', next: { question: 'phone' } },
      { id: 'card_no', label: 'guide.a.cardNo', hint: 'guide.a.cardNoHint', next: { result: 'no_card' } },
      { id: 'card_lost', label: 'guide.a.cardLost', next: { result: 'lost' } },
    ],
  },
  phone: {
    id: 'phone',
    title: 'guide.q.phone',
    hint: 'guide.q.phoneHint',
    answers: [
      { id: 'phone_yes', label: 'guide.a.phoneYes', next: { result: 'card_and_phone' } },
      { id: 'phone_no', label: 'guide.a.phoneNo', next: { result: 'card_and_notice' } },
    ],
  },
};

export const RESULTS: Record<ResultId, Result> = {
  card_and_phone: {
    id: 'card_and_phone',
    title: 'guide.r.cardPhone.title',
    lead: 'guide.r.cardPhone.lead',
    bring: ['guide.bring.card', 'guide.bring.phoneScreen'],
    steps: ['guide.r.cardPhone.step1', 'guide.r.cardPhone.step2'],
    withCard: true,
  },
  card_and_notice: {
    id: 'card_and_notice',
    title: 'guide.r.cardNotice.title',
    lead: 'guide.r.cardNotice.lead',
    bring: ['guide.bring.card', 'guide.bring.notice'],
    steps: ['guide.r.cardNotice.step1', 'guide.r.cardNotice.step2'],
    withCard: true,
  },
  no_card: {
    id: 'no_card',
    title: 'guide.r.noCard.title',
    lead: 'guide.r.noCard.lead',
    bring: ['guide.bring.kakunin'],
    steps: ['guide.r.noCard.step1', 'guide.r.noCard.step2'],
    withCard: false,
  },
  lost: {
    id: 'lost',
    title: 'guide.r.lost.title',
    lead: 'guide.r.lost.lead',
    bring: ['guide.bring.kakuninTemp'],
    steps: ['guide.lost.step1', 'guide.lost.step2', 'guide.lost.step3', 'guide.lost.step4'],
    withCard: false,
  },
};

/** The answers given so far, in order: the whole state of the flow. */
export type GuideState = readonly AnswerId[];

export const START: GuideState = [];

export type Step = { kind: 'question'; question: Question; number: number } | { kind: 'result'; result: Result };

/** Where the answers lead: the next question (with its number, from 1) or the answer card. */
export function current(state: GuideState): Step {
  let question = QUESTIONS[FIRST];
  for (let i = 0; i < state.length; i++) {
    const answer = question.answers.find((a) => a.id === state[i]);
    if (!answer) break;
    if ('result' in answer.next) return { kind: 'result', result: RESULTS[answer.next.result] };
    question = QUESTIONS[answer.next.question];
  }
  return { kind: 'question', question, number: state.length + 1 };
}

/** Answers the current question; an answer that does not belong to it changes nothing. */
export function answer(state: GuideState, id: AnswerId): GuideState {
  const step = current(state);
  if (step.kind !== 'question' || !step.question.answers.some((a) => a.id === id)) return state;
  return [...state, id];
}

/** One step back (from the answer card to the last question). */
export function back(state: GuideState): GuideState {
  return state.slice(0, -1);
}

/** How many questions the longest path asks (for 「質問 1 / 2」). */
export const QUESTION_COUNT = 2;

/**
 * The lost-card hotline: マイナンバー総合フリーダイヤル (suspension 24 hours a day). A `tel:` link
 * on a phone; text on the desktop, whose webview has nowhere to send one.
 */
export const HOTLINE = '0120-95-0178';

/** The hotline's `tel:` URL. */
export const HOTLINE_TEL = `tel:${HOTLINE.replaceAll('-', '')}`;
