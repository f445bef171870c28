import type { CardStatus } from '../bindings/CardStatus';
import type { Deadline } from '../bindings/Deadline';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { Severity } from '../bindings/Severity';
import type { StatusDeadline } from '../bindings/StatusDeadline';

/** Higher is more urgent. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, soon: 1, urgent: 2, expired: 3 };

export interface MemberDeadline {
  member: MemberStatus;
  deadline: StatusDeadline;
}

/**
 * The family's most urgent deadline for the home banner: the highest severity, then the
 * nearest date (for passed deadlines: the most recently passed). Null when nothing is at
 * least `soon`.
 */
export function mostUrgent(members: readonly MemberStatus[]): MemberDeadline | null {
  let best: MemberDeadline | null = null;
  for (const member of members) {
    for (const deadline of member.deadlines) {
      if (SEVERITY_RANK[deadline.severity] < SEVERITY_RANK.soon) continue;
      if (best === null || moreUrgent(deadline, best.deadline)) best = { member, deadline };
    }
  }
  return best;
}

function moreUrgent(a: StatusDeadline, b: StatusDeadline): boolean {
  const rank = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (rank !== 0) return rank > 0;
  return Math.abs(Number(a.days_left)) < Math.abs(Number(b.days_left));
}

/** The member's nearest deadline from today on, or null. */
export function nextDeadline(member: MemberStatus): StatusDeadline | null {
  let next: StatusDeadline | null = null;
  for (const d of member.deadlines) {
    if (Number(d.days_left) < 0) continue;
    if (next === null || Number(d.days_left) < Number(next.days_left)) next = d;
  }
  return next;
}

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
    message_ja: d.message,
    message_en: d.message_en,
  };
}
