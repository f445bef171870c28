import { describe, expect, it } from 'vitest';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { StatusDeadline } from '../bindings/StatusDeadline';
import { badgeStatus, mostUrgent, nextDeadline, toDeadline } from '../lib/family';

function deadline(kind: StatusDeadline['kind'], days_left: number, severity: StatusDeadline['severity']): StatusDeadline {
  return { kind, date: `2025-01-${String(10 + (days_left % 15)).padStart(2, '0')}`, days_left, severity, message: 'ja', message_en: 'en' };
}

function member(id: string, deadlines: StatusDeadline[], status: MemberStatus['status'] = 'usable'): MemberStatus {
  return { id, name: id, relation: 'insured', status, status_until: null, phone_usable: null, deadlines, document: null, document_age: null };
}

describe('mostUrgent', () => {
  it('is null when nothing is soon, urgent or expired', () => {
    expect(mostUrgent([])).toBeNull();
    expect(mostUrgent([member('a', [deadline('certificate_expiry', 400, 'info')])])).toBeNull();
  });

  it('takes the highest severity across the family', () => {
    const a = member('a', [deadline('renewal_opens', 3, 'soon')]);
    const b = member('b', [deadline('grace_end', 60, 'urgent'), deadline('card_expiry', 900, 'info')]);
    const hit = mostUrgent([a, b]);
    expect(hit?.member.id).toBe('b');
    expect(hit?.deadline.kind).toBe('grace_end');
  });

  it('expired beats urgent, whatever the dates', () => {
    const a = member('a', [deadline('grace_end', 2, 'urgent')]);
    const b = member('b', [deadline('certificate_expiry', -30, 'expired')]);
    expect(mostUrgent([a, b])?.member.id).toBe('b');
  });

  it('among equals, the nearest date wins', () => {
    const a = member('a', [deadline('renewal_opens', 40, 'soon')]);
    const b = member('b', [deadline('renewal_opens', 12, 'soon'), deadline('phone_certificate_expiry', 20, 'soon')]);
    const hit = mostUrgent([a, b]);
    expect(hit?.member.id).toBe('b');
    expect(hit?.deadline.days_left).toBe(12);
  });
});

describe('nextDeadline', () => {
  it('is the nearest deadline from today on', () => {
    const m = member('a', [deadline('certificate_expiry', -3, 'expired'), deadline('grace_end', 118, 'urgent'), deadline('card_expiry', 0, 'urgent')]);
    expect(nextDeadline(m)?.kind).toBe('card_expiry');
    expect(nextDeadline(member('b', [deadline('grace_end', -1, 'expired')]))).toBeNull();
  });
});

describe('badgeStatus and toDeadline', () => {
  it('says unknown without card dates', () => {
    expect(badgeStatus({ status: null })).toBe('unknown');
    expect(badgeStatus({ status: 'grace' })).toBe('grace');
  });

  it('reshapes a status deadline for DeadlineRow', () => {
    const d = deadline('grace_end', 5, 'urgent');
    expect(toDeadline(d)).toEqual({ kind: 'grace_end', date: d.date, days_left: 5, severity: 'urgent', message_ja: 'ja', message_en: 'en' });
  });
});
