import { describe, expect, it } from 'vitest';
import { phrased } from '../lib/phrases';

const ZWSP = '\u200b';

describe('Japanese phrases', () => {
  it('marks phrase boundaries only, never inside a katakana word', () => {
    const out = phrased('マイナ保険証（マイナンバーカード）と一緒にご提示ください');
    expect(out.replaceAll(ZWSP, '')).toBe('マイナ保険証（マイナンバーカード）と一緒にご提示ください');
    expect(out).toContain(ZWSP);
    for (const part of out.split(ZWSP)) {
      expect(part).not.toMatch(/^[ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮー）」。、]/);
    }
    expect(out).not.toMatch(/カー\u200bド|コ\u200bード/);
    expect(phrased('QRコードを読み取る')).not.toMatch(/コ\u200bード/);
  });

  it('leaves text without Japanese, and is idempotent', () => {
    expect(phrased('01010016')).toBe('01010016');
    expect(phrased('Show at the counter')).toBe('Show at the counter');
    const once = phrased('保険ウォレットへようこそ');
    expect(phrased(once)).toBe(once);
    expect(once).not.toMatch(/ようこ\u200bそ/);
  });
});
