import type { CardStatus } from '../bindings/CardStatus';
import type { MemberStatus } from '../bindings/MemberStatus';

/*
 * The family's most urgent deadline (`FamilyStatus.urgent`) and each member's next one
 * (`MemberStatus.next_deadline`) are decided in core (core/src/urgency.rs).
 */

/** The badge's `data-status`: the card status, or `unknown` without card dates. */
export function badgeStatus(member: Pick<MemberStatus, 'status'>): CardStatus | 'unknown' {
  return member.status ?? 'unknown';
}
