import { describe, expect, it } from 'vitest';
import { badgeStatus, toDeadline } from '../lib/family';
import { statusDeadline } from './answers';

// The urgency ranking (banner, next deadline) is core's: core/src/urgency.rs and its tests.

describe('badgeStatus and toDeadline', () => {
  it('says unknown without card dates', () => {
    expect(badgeStatus({ status: null })).toBe('unknown');
    expect(badgeStatus({ status: 'grace' })).toBe('grace');
  });

  it('reshapes a status deadline for DeadlineRow, keeping core tone and title', () => {
    const d = statusDeadline('grace_end', '2025-01-15', 5, 'urgent', 'ja', 'en');
    expect(toDeadline(d)).toEqual({
      kind: 'grace_end',
      date: d.date,
      days_left: 5,
      severity: 'urgent',
      tone: d.tone,
      title_ja: d.title_ja,
      title_en: d.title_en,
      message_ja: 'ja',
      message_en: 'en',
    });
  });
});
