import { describe, expect, it } from 'vitest';
import { codeGroups, groupMatches, normalizeCode, pickGroup } from '../lib/recovery';

const CODE = 'K7Q2-M9XA-01PZ-R4TB-HN3C-W8VD';

describe('normalizeCode', () => {
  it('upper-cases, drops spaces and hyphens, reads O as 0 and I/L as 1', () => {
    expect(normalizeCode(' k7q2 - m9xa ')).toBe('K7Q2M9XA');
    expect(normalizeCode('oIl')).toBe('011');
    expect(normalizeCode('ＡＢ－１２')).toBe('AB12');
  });
});

describe('codeGroups', () => {
  it('splits the code into six groups of four', () => {
    expect(codeGroups(CODE)).toEqual(['K7Q2', 'M9XA', '01PZ', 'R4TB', 'HN3C', 'W8VD']);
    expect(codeGroups(CODE.replace(/-/g, ''))).toHaveLength(6);
  });
});

describe('groupMatches', () => {
  it('accepts the asked group, case-insensitively and ignoring spaces', () => {
    expect(groupMatches(CODE, 2, '01PZ')).toBe(true);
    expect(groupMatches(CODE, 2, '01pz')).toBe(true);
    expect(groupMatches(CODE, 2, ' 0 1 p z ')).toBe(true);
  });

  it('reads the look-alikes O, I and L as 0 and 1', () => {
    expect(groupMatches(CODE, 2, 'OIPZ')).toBe(true);
    expect(groupMatches(CODE, 2, 'oLpz')).toBe(true);
  });

  it('rejects another group, a partial group and nothing', () => {
    expect(groupMatches(CODE, 2, 'M9XA')).toBe(false);
    expect(groupMatches(CODE, 2, '01P')).toBe(false);
    expect(groupMatches(CODE, 2, '')).toBe(false);
    expect(groupMatches(CODE, 9, '')).toBe(false);
  });
});

describe('pickGroup', () => {
  it('never asks for the first group and stays in range', () => {
    expect(pickGroup(6, () => 0)).toBe(1);
    expect(pickGroup(6, () => 0.999999)).toBe(5);
    for (let i = 0; i < 100; i++) {
      const g = pickGroup(6);
      expect(g).toBeGreaterThanOrEqual(1);
      expect(g).toBeLessThanOrEqual(5);
    }
    expect(pickGroup(1)).toBe(0);
  });
});
