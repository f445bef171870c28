import { describe, expect, it } from 'vitest';
import { badgeStatus } from '../lib/family';

// The urgency ranking (banner, next deadline) is core's: core/src/urgency.rs and its tests.

describe('badgeStatus', () => {
  it('says unknown without card dates', () => {
    expect(badgeStatus({ status: null })).toBe('unknown');
    expect(badgeStatus({ status: 'grace' })).toBe('grace');
  });
});
