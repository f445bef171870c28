import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { Icon as ToneIcon } from '../bindings/Icon';
import type { Severity } from '../bindings/Severity';
import DeadlineRow from '../lib/components/DeadlineRow.svelte';
import Icon from '../lib/components/Icon.svelte';
import StatusBadge from '../lib/components/StatusBadge.svelte';
import { lang } from '../lib/i18n';
import { toneClass, toneWord } from '../lib/status';
import { appCss } from './appCss';
import { badgeTone, deadline, tone } from './answers';

/*
 * The one severity vocabulary is decided in core (core/src/vocabulary.rs, with its tests);
 * these check the UI's side: every severity core can send has its colours in both palettes,
 * every icon core can name is drawn, and the badge and the timeline row show core's words,
 * icon and colour as sent, never words of their own.
 */

const SEVERITIES: Severity[] = ['ok', 'info', 'soon', 'urgent', 'expired'];
const ICONS: ToneIcon[] = ['check', 'info', 'clock', 'warning', 'cross'];

let target: HTMLElement;
let mounted: ReturnType<typeof mount>[] = [];

beforeEach(() => {
  target = document.createElement('div');
  document.body.appendChild(target);
  lang.set('ja');
});

afterEach(() => {
  for (const m of mounted) unmount(m);
  mounted = [];
  target.remove();
});

/** Keeps a mounted component for `afterEach`, and returns the target once rendered. */
function rendered(component: ReturnType<typeof mount>): HTMLElement {
  mounted.push(component);
  flushSync();
  return target;
}

describe('colours', () => {
  const css = appCss();

  it.each(SEVERITIES)('%s has one tone class drawn from its palette entry', (severity) => {
    expect(toneClass({ severity })).toBe(`tone-${severity}`);
    const rule = css.match(new RegExp(`\\.tone-${severity} \\{([^}]*)\\}`));
    expect(rule, `.tone-${severity} in app.css`).not.toBeNull();
    expect(rule![1]).toContain(`--tone: var(--c-${severity});`);
    expect(rule![1]).toContain(`--tone-bg: var(--c-${severity}-bg);`);
  });

  it.each(SEVERITIES)('%s has a colour in the light and the dark palette', (severity) => {
    const defined = [...css.matchAll(new RegExp(`--c-${severity}:\\s*#[0-9a-fA-F]{6}`, 'g'))];
    expect(defined.length).toBeGreaterThanOrEqual(2);
  });

  it('no component keeps a colour table of its own', () => {
    expect(toneClass(null)).toBe('tone-none');
    expect(css).toMatch(/\.tone-none \{/);
  });
});

describe('icons', () => {
  it.each(ICONS)('%s is drawn', (name) => {
    const root = rendered(mount(Icon, { target, props: { name } }));
    const svg = root.querySelector('svg')!;
    expect(svg.children.length).toBeGreaterThan(0);
  });
});

describe('the words are core’s', () => {
  it('the badge shows the status tone as sent, in the chosen language', () => {
    const root = rendered(mount(StatusBadge, { target, props: { status: 'renewal_open', tone: badgeTone('renewal_open') } }));
    const badge = root.querySelector<HTMLElement>('[data-testid="status-badge"]')!;
    expect(badge.textContent).toContain('更新できます');
    expect(badge.dataset.severity).toBe('soon');
    expect(badge.classList.contains('tone-soon')).toBe(true);
    lang.set('en');
    flushSync();
    expect(badge.textContent).toContain('Renewal open');
  });

  it('a badge without card dates says so, dashed', () => {
    const root = rendered(mount(StatusBadge, { target, props: { status: null, tone: null } }));
    const badge = root.querySelector<HTMLElement>('[data-testid="status-badge"]')!;
    expect(badge.dataset.status).toBe('unknown');
    expect(badge.classList.contains('unknown')).toBe(true);
    expect(badge.textContent).toContain('カードの日付が未入力');
  });

  it('a row shows the title and the severity word core sent, and the same severity looks the same on the badge', () => {
    // Renewal opened 51 days ago: `soon`, worded 早めに, titled in the past tense.
    const row = deadline('renewal_opens', '2025-03-02', -51, 'soon', '更新できます。', 'You can renew.');
    const root = rendered(mount(DeadlineRow, { target, props: { deadline: row } }));
    const li = root.querySelector<HTMLElement>('[data-testid="deadline-renewal_opens"]')!;
    expect(li.querySelector('[data-testid="deadline-title"]')!.textContent).toBe('更新受付が始まりました');
    expect(li.querySelector('[data-testid="deadline-severity"]')!.textContent).toContain('早めに');
    expect(li.textContent).not.toContain('まもなく');
    expect(li.textContent).toContain('51日前に過ぎました');
    expect(li.classList.contains(toneClass(badgeTone('renewal_open')))).toBe(true);
  });

  it('toneWord picks the language and nothing else', () => {
    const t = tone('urgent', ['急いで', 'Urgent']);
    expect(toneWord(t, 'ja')).toBe('急いで');
    expect(toneWord(t, 'en')).toBe('Urgent');
  });
});
