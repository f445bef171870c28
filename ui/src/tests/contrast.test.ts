import { describe, expect, it } from 'vitest';
import { appCss } from './appCss';

/** A palette in app.css (`--c-name: #rrggbb`): the light one (the first `:root` block), or the dark one. */
function palette(which: 'light' | 'dark' = 'light'): Record<string, string> {
  const css = appCss();
  const start = which === 'light' ? css.indexOf(':root {') : css.indexOf(':root {', css.indexOf('prefers-color-scheme: dark'));
  const block = css.slice(start, css.indexOf('}', start));
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--(c-[\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)) out[m[1]] = m[2];
  return out;
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe.each(['light', 'dark'] as const)('the %s palette meets WCAG AA', (which) => {
  const c = palette(which);
  // Text on its backgrounds: 4.5:1 (AA for normal text).
  it.each([
    ['c-text', 'c-bg'],
    ['c-text', 'c-surface'],
    ['c-text-muted', 'c-bg'],
    ['c-text-muted', 'c-surface'],
    ['c-text-muted', 'c-muted-bg'],
    ['c-primary', 'c-surface'],
    ['c-primary', 'c-bg'],
    ['c-on-primary', 'c-primary'],
    ['c-on-primary', 'c-primary-hover'],
    ['c-on-primary', 'c-danger'],
    ['c-primary', 'c-primary-tint'],
    ['c-ok', 'c-ok-bg'],
    ['c-info', 'c-info-bg'],
    ['c-soon', 'c-soon-bg'],
    ['c-urgent', 'c-urgent-bg'],
    ['c-expired', 'c-expired-bg'],
    ['c-danger', 'c-surface'],
  ])('%s on %s ≥ 4.5:1', (fg, bg) => {
    expect(c[fg], fg).toBeDefined();
    expect(c[bg], bg).toBeDefined();
    expect(contrast(c[fg], c[bg])).toBeGreaterThanOrEqual(4.5);
  });

  // Control borders and the focus ring against what surrounds them: 3:1 (non-text).
  it.each([
    ['c-border-strong', 'c-surface'],
    ['c-focus', 'c-surface'],
    ['c-focus', 'c-bg'],
  ])('%s on %s ≥ 3:1', (fg, bg) => {
    expect(contrast(c[fg], c[bg])).toBeGreaterThanOrEqual(3);
  });
});

describe('the two palettes', () => {
  it('name the same colours', () => {
    expect(Object.keys(palette('dark')).sort()).toEqual(Object.keys(palette('light')).sort());
  });
});
