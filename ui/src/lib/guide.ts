import type { GuideAnswer } from '../bindings/GuideAnswer';
import type { GuideBring } from '../bindings/GuideBring';
import type { GuideQuestion } from '../bindings/GuideQuestion';
import type { GuideResult } from '../bindings/GuideResult';
import type { MessageKey } from './i18n';

/**
 * 「何を持っていけばいい？」: the words of the guide. The decision chart itself (which answers a
 * question offers, where each leads, what to bring, whether the card rule applies) is core's
 * (core/src/guide.rs, the `guide_step` command); this file only names its ids.
 */

export const QUESTION_TEXT: Record<GuideQuestion, { title: MessageKey; hint: MessageKey }> = {
  card: { title: 'guide.q.card', hint: 'guide.q.cardHint' },
  phone: { title: 'guide.q.phone', hint: 'guide.q.phoneHint' },
};

export const ANSWER_TEXT: Record<GuideAnswer, { label: MessageKey; hint?: MessageKey }> = {
  card_yes: { label: 'guide.a.cardYes' },
  card_no: { label: 'guide.a.cardNo', hint: 'guide.a.cardNoHint' },
  card_lost: { label: 'guide.a.cardLost' },
  phone_yes: { label: 'guide.a.phoneYes' },
  phone_no: { label: 'guide.a.phoneNo' },
};

export const RESULT_TEXT: Record<GuideResult, { title: MessageKey; lead: MessageKey; steps: MessageKey[] }> = {
  card_and_phone: {
    title: 'guide.r.cardPhone.title',
    lead: 'guide.r.cardPhone.lead',
    steps: ['guide.r.cardPhone.step1', 'guide.r.cardPhone.step2'],
  },
  card_and_notice: {
    title: 'guide.r.cardNotice.title',
    lead: 'guide.r.cardNotice.lead',
    steps: ['guide.r.cardNotice.step1', 'guide.r.cardNotice.step2'],
  },
  no_card: {
    title: 'guide.r.noCard.title',
    lead: 'guide.r.noCard.lead',
    steps: ['guide.r.noCard.step1', 'guide.r.noCard.step2'],
  },
  lost: {
    title: 'guide.r.lost.title',
    lead: 'guide.r.lost.lead',
    steps: ['guide.lost.step1', 'guide.lost.step2', 'guide.lost.step3', 'guide.lost.step4'],
  },
};

export const BRING_TEXT: Record<GuideBring, MessageKey> = {
  card: 'guide.bring.card',
  phone_screen: 'guide.bring.phoneScreen',
  notice: 'guide.bring.notice',
  kakunin: 'guide.bring.kakunin',
  kakunin_temp: 'guide.bring.kakuninTemp',
};

/**
 * The lost-card hotline: マイナンバー総合フリーダイヤル (suspension 24 hours a day). A `tel:` link
 * on a phone; text on the desktop, whose webview has nowhere to send one.
 */
export const HOTLINE = '0120-95-0178';

/** The hotline's `tel:` URL. */
export const HOTLINE_TEL = `tel:${HOTLINE.replaceAll('-', '')}`;
