import { describe, expect, it } from 'vitest';
import { markPlatform, platformOf } from '../lib/platform';
import { appCss } from './appCss';

const UA = {
  linux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  ios: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
};

describe('platformOf', () => {
  it('tells each system the app ships on apart (Android before Linux, iOS before Mac)', () => {
    for (const [platform, ua] of Object.entries(UA)) expect(platformOf(ua)).toBe(platform);
    expect(platformOf('')).toBe('other');
  });
});

describe('the font stack', () => {
  const css = appCss();
  const stackFor = (os: string) => css.match(new RegExp(`data-os='${os}'\\][^{]*\\{\\s*--font-sans:([^;]+);`))?.[1] ?? '';

  it('marks the page with its platform', () => {
    const root = document.createElement('html');
    expect(markPlatform(root, UA.linux)).toBe('linux');
    expect(root.dataset.os).toBe('linux');
  });

  it('names only fonts of that platform first, with a generic family last', () => {
    expect(stackFor('linux')).toContain("'IPAPGothic'");
    expect(stackFor('linux')).not.toMatch(/Hiragino|Meiryo|Yu Gothic/);
    expect(stackFor('windows')).toContain("'Meiryo'");
    expect(stackFor('windows')).not.toMatch(/Hiragino|IPA|Noto/);
    expect(css).toMatch(/data-os='ios'\][^{]*\{\s*--font-sans:[^;]*Hiragino/);
    expect(stackFor('android')).toContain("'Noto Sans CJK JP'");
    for (const os of ['linux', 'android', 'windows']) expect(stackFor(os).trim()).toMatch(/sans-serif$/);
  });
});
