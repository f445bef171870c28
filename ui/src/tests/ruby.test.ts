import { describe, expect, it } from 'vitest';
import { rubySegments } from '../lib/ruby';

describe('ふりがな on hard words', () => {
  it('reads 猶予, 枝番 and 被扶養者 where they appear, once per text', () => {
    expect(rubySegments('期限切れ・猶予は5月1日まで')).toEqual([
      { text: '期限切れ・' },
      { text: '猶予', reading: 'ゆうよ' },
      { text: 'は5月1日まで' },
    ]);
    expect(rubySegments('枝番')).toEqual([{ text: '枝番', reading: 'えだばん' }]);
    expect(rubySegments('家族（被扶養者）')).toEqual([
      { text: '家族（' },
      { text: '被扶養者', reading: 'ひふようしゃ' },
      { text: '）' },
    ]);
    expect(rubySegments('猶予と猶予')).toEqual([{ text: '猶予', reading: 'ゆうよ' }, { text: 'と猶予' }]);
  });

  it('leaves other text as it is', () => {
    expect(rubySegments('Grace period until 1 May')).toEqual([{ text: 'Grace period until 1 May' }]);
    expect(rubySegments('')).toEqual([]);
  });
});
