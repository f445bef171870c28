import type { CardStatus } from '../bindings/CardStatus';
import type { Deadline } from '../bindings/Deadline';
import type { DeadlineKind } from '../bindings/DeadlineKind';
import type { FamilyStatus } from '../bindings/FamilyStatus';
import type { GuideAnswer } from '../bindings/GuideAnswer';
import type { GuideStep } from '../bindings/GuideStep';
import type { HomeScreen } from '../bindings/HomeScreen';
import type { Icon } from '../bindings/Icon';
import type { Launch } from '../bindings/Launch';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { Severity } from '../bindings/Severity';
import type { Tone } from '../bindings/Tone';
import type { VaultStatus } from '../bindings/VaultStatus';

/** The `home` command's answer for a family (thumbnails: document id → data: URL). */
export function homeAnswer(family: Omit<FamilyStatus, 'urgent'> & Partial<Pick<FamilyStatus, 'urgent'>>, thumbnails: HomeScreen['thumbnails'] = {}, recoveryPending = false): HomeScreen {
  return { family: { urgent: null, ...family }, thumbnails, recovery_pending: recoveryPending };
}

/** The `launch` command's answer: the vault's state, and home when it is open (as Rust gives it). */
export function launchAnswer(vault: VaultStatus, home: () => HomeScreen): Launch {
  return { vault, home: vault.state === 'open' ? home() : null };
}

/*
 * Fixtures for the severity vocabulary core decides (core/src/vocabulary.rs): the tests give
 * the UI what core would send; the UI derives nothing from dates.
 */

const WORDS: Record<Severity, [string, string, Icon]> = {
  ok: ['使えます', 'Usable', 'check'],
  info: ['予定', 'Upcoming', 'info'],
  soon: ['早めに', 'Act soon', 'clock'],
  urgent: ['急いで', 'Urgent', 'warning'],
  expired: ['期限切れ', 'Expired', 'cross'],
};

export function tone(severity: Severity, words?: [string, string]): Tone {
  const [ja, en, icon] = WORDS[severity];
  return { severity, icon, word_ja: words?.[0] ?? ja, word_en: words?.[1] ?? en };
}

const BADGE: Record<CardStatus, [Severity, string, string]> = {
  usable: ['ok', '使えます', 'Usable'],
  renewal_open: ['soon', '更新できます', 'Renewal open'],
  expiring_soon: ['urgent', 'まもなく期限', 'Expiring soon'],
  grace: ['urgent', '期限切れ・猶予中', 'Expired – grace period'],
  unusable: ['expired', '使えません', 'Not usable'],
};

/** The badge's tone as core gives it (for `grace`, pass the words with the date). */
export function badgeTone(status: CardStatus, words?: [string, string]): Tone {
  const [severity, ja, en] = BADGE[status];
  return tone(severity, words ?? [ja, en]);
}

const TITLES: Partial<Record<DeadlineKind, [string, string, string, string]>> = {
  renewal_opens: ['更新受付開始', 'Renewal opens', '更新受付が始まりました', 'Renewal opened'],
  certificate_expiry: ['電子証明書の有効期限', 'Certificate expiry', '電子証明書の有効期限が切れました', 'The certificate expired'],
  grace_end: ['猶予期間の終了（最終利用日）', 'End of the grace period (last usable day)', '猶予期間が終わりました', 'The grace period ended'],
  card_expiry: ['カードの有効期限', 'Card expiry', 'カードの有効期限が切れました', 'The card expired'],
};

/** A timeline row as core gives it (`Deadline`, the checker's shape). */
export function deadline(kind: DeadlineKind, date: string, days_left: number, severity: Severity, message_ja = '', message_en = ''): Deadline {
  const t = TITLES[kind] ?? [kind, kind, kind, kind];
  const past = days_left < 0;
  return {
    kind,
    date,
    days_left,
    severity,
    tone: tone(severity, past && severity === 'info' ? ['過ぎた日', 'Passed'] : undefined),
    title_ja: past ? t[2] : t[0],
    title_en: past ? t[3] : t[1],
    message_ja,
    message_en,
  };
}

/** A member's status with core's decided fields filled in from `over` (badge tone, next deadline). */
export function memberStatus(over: Partial<MemberStatus> & Pick<MemberStatus, 'id' | 'name'>): MemberStatus {
  const base: MemberStatus = {
    relation: 'insured',
    status: 'usable',
    status_until: null,
    status_tone: null,
    status_date: null,
    phone_usable: null,
    deadlines: [],
    next_deadline: null,
    document: null,
    document_age: null,
    ...over,
  };
  if (!('status_tone' in over)) base.status_tone = base.status ? badgeTone(base.status) : null;
  if (!('next_deadline' in over)) {
    base.next_deadline = base.deadlines.filter((d) => Number(d.days_left) >= 0).sort((a, b) => Number(a.days_left) - Number(b.days_left))[0] ?? null;
  }
  return base;
}

/** The `guide_step` answer for the paths the tests walk (core/src/guide.rs decides the chart). */
export function guideStepAnswer(answers: GuideAnswer[]): GuideStep {
  const [first, second] = answers;
  const question = (path: GuideAnswer[]): GuideStep =>
    path.length === 0
      ? { kind: 'question', question: 'card', answers: ['card_yes', 'card_no', 'card_lost'], number: 1, total: 2, path }
      : { kind: 'question', question: 'phone', answers: ['phone_yes', 'phone_no'], number: 2, total: 2, path };
  switch (first) {
    case 'card_no':
      return { kind: 'result', result: 'no_card', bring: ['kakunin'], with_card: false, path: [first] };
    case 'card_lost':
      return { kind: 'result', result: 'lost', bring: ['kakunin_temp'], with_card: false, path: [first] };
    case 'card_yes':
      if (second === 'phone_yes') return { kind: 'result', result: 'card_and_phone', bring: ['card', 'phone_screen'], with_card: true, path: [first, second] };
      if (second === 'phone_no') return { kind: 'result', result: 'card_and_notice', bring: ['card', 'notice'], with_card: true, path: [first, second] };
      return question([first]);
    default:
      return question([]);
  }
}
