import type { CardStatus } from '../bindings/CardStatus';
import type { Deadline } from '../bindings/Deadline';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { StatusDeadline } from '../bindings/StatusDeadline';

/*
 * The family's most urgent deadline (`FamilyStatus.urgent`) and each member's next one
 * (`MemberStatus.next_deadline`) are decided in core (core/src/urgency.rs).
 */

/** The badge's `data-status`: the card status, or `unknown` without card dates. */
export function badgeStatus(member: Pick<MemberStatus, 'status'>): CardStatus | 'unknown' {
  return member.status ?? 'unknown';
}

/** A `family_status` deadline in the checker's shape, so that `DeadlineRow` shows both. */
export function toDeadline(d: StatusDeadline): Deadline {
  return {
    kind: d.kind,
    date: d.date,
    days_left: d.days_left,
    severity: d.severity,
    tone: d.tone,
    title_ja: d.title_ja,
    title_en: d.title_en,
    message_ja: d.message,
    message_en: d.message_en,
  };
}
