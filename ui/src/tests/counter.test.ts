import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import { lang } from '../lib/i18n';
import {
  applyKey,
  asOfLabel,
  aspectRatio,
  clampView,
  counterFields,
  docUrl,
  IDENTITY,
  MAX_SCALE,
  panBy,
  STEP,
  viewerKey,
  wheelFactor,
  zoomAt,
  zoomCentre,
} from '../lib/counter';
import type { DocumentMeta } from '../bindings/DocumentMeta';
import type { Member } from '../bindings/Member';
import type { MemberStatus } from '../bindings/MemberStatus';
import { homeAnswer, launchAnswer, memberStatus } from './answers';

const BOX = { width: 400, height: 600 };

const DOC: DocumentMeta = {
  id: 'd1',
  member_id: 'm1',
  kind: 'pdf',
  original_mime: 'application/pdf',
  display_mime: 'image/png',
  thumbnail_mime: 'image/png',
  pages: 1,
  width: 1240,
  height: 1754,
  thumb_width: 240,
  thumb_height: 340,
  as_of: '2024-06-07',
  imported: '2026-11-20',
  insurer_number: '01010016',
  original_len: 1000,
};

const TARO: Member = {
  id: 'm1',
  name: '協会 太郎',
  kana: 'キョウカイ タロウ',
  relation: 'insured',
  birth: '1965-10-01',
  cert_issued: null,
  cert_expiry: '2030-06-01',
  card_expiry: null,
  phone_cert_expiry: null,
  kakunin_expiry: null,
  insurer_number: '01010016',
  insurer_name: '全国健康保険協会 北海道支部',
  symbol: '1010101',
  number: '1',
  branch: '00',
  ratio: 3,
  acquired: '1985-10-01',
  from_document: ['name', 'kana', 'birth', 'insurer_number', 'insurer_name', 'symbol', 'number', 'branch', 'ratio'],
};

describe('what the counter shows', () => {
  it('document images come through the hoken: scheme, per platform', () => {
    expect(docUrl('d1', 'display', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit')).toBe('hoken://localhost/doc/d1/display');
    expect(docUrl('d1', 'thumbnail', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120')).toBe(
      'http://hoken.localhost/doc/d1/thumbnail',
    );
    expect(docUrl('a/b', 'display', 'Linux')).toBe('hoken://localhost/doc/a%2Fb/display');
  });

  it('the as-of date in era form', () => {
    expect(asOfLabel('2024-06-07', 'ja')).toBe('令和6年（2024年）6月7日時点');
    expect(asOfLabel('2019-05-01', 'ja')).toBe('令和元年（2019年）5月1日時点');
    expect(asOfLabel('2024-06-07', 'en')).toBe('As of 7 June 2024 (令和6年6月7日)');
  });

  it('the ten fields a receptionist reads, the insurer first', () => {
    const fields = counterFields(TARO, 'ja');
    expect(fields.map((f) => f.id)).toEqual([
      'insurer_name',
      'insurer_number',
      'relation',
      'ratio',
      'symbol',
      'number',
      'branch',
      'kana',
      'name',
      'birth',
    ]);
    const value = Object.fromEntries(fields.map((f) => [f.id, f.value]));
    expect(value).toMatchObject({ insurer_number: '01010016', birth: '昭和40年（1965年）10月1日', ratio: '3割', branch: '00', relation: '本人' });
    const bare = counterFields({ ...TARO, kana: ' ', symbol: null, ratio: null }, 'en');
    expect(bare.find((f) => f.id === 'kana')!.value).toBeNull();
    expect(bare.find((f) => f.id === 'symbol')!.value).toBeNull();
    expect(bare.find((f) => f.id === 'ratio')!.value).toBeNull();
    expect(bare.find((f) => f.id === 'birth')!.value).toBe('昭和40年10月1日 (1 October 1965)');
  });

  it('reserves the image box from the stored size', () => {
    expect(aspectRatio(DOC)).toBeCloseTo(1240 / 1754);
    expect(aspectRatio(null)).toBeCloseTo(210 / 297);
    expect(aspectRatio({ width: 0, height: 10 })).toBeCloseTo(210 / 297);
  });
});

describe('zoom and pan', () => {
  it('zooming keeps the point under the pointer still', () => {
    const v = zoomAt(IDENTITY, 2, 100, 150, BOX);
    expect(v.scale).toBe(2);
    // The image point under (100, 150) before: (100, 150); after: (x + 100·2, y + 150·2).
    expect(v.x + 100 * v.scale).toBeCloseTo(100);
    expect(v.y + 150 * v.scale).toBeCloseTo(150);
  });

  it('never zooms out past the whole document nor in past the maximum', () => {
    expect(zoomCentre(IDENTITY, 1 / STEP, BOX)).toEqual(IDENTITY);
    let v = IDENTITY;
    for (let i = 0; i < 40; i++) v = zoomCentre(v, STEP, BOX);
    expect(v.scale).toBe(MAX_SCALE);
    for (let i = 0; i < 40; i++) v = zoomCentre(v, 1 / STEP, BOX);
    expect(v).toEqual(IDENTITY);
  });

  it('the document cannot be dragged out of sight', () => {
    const v = zoomCentre(IDENTITY, 2, BOX);
    expect(panBy(v, 5000, 5000, BOX)).toEqual({ scale: 2, x: 0, y: 0 });
    expect(panBy(v, -5000, -5000, BOX)).toEqual({ scale: 2, x: -400, y: -600 });
    expect(panBy(IDENTITY, 50, 50, BOX)).toEqual(IDENTITY);
    expect(clampView({ scale: Number.NaN, x: Number.NaN, y: 3 }, BOX)).toEqual(IDENTITY);
  });

  it('keys: + − 0 and the arrows', () => {
    expect(['+', '=', '-', '_', '0', 'ArrowLeft', 'ArrowDown', 'a'].map(viewerKey)).toEqual([
      'in',
      'in',
      'out',
      'out',
      'reset',
      'left',
      'down',
      null,
    ]);
    let v = applyKey(IDENTITY, 'in', BOX);
    expect(v.scale).toBeCloseTo(STEP);
    v = applyKey(v, 'right', BOX);
    expect(v.x).toBeLessThan(zoomCentre(IDENTITY, STEP, BOX).x);
    expect(applyKey(v, 'reset', BOX)).toEqual(IDENTITY);
  });

  it('the wheel: down zooms out, up zooms in, one notch is about one step', () => {
    expect(wheelFactor(-100)).toBeCloseTo(STEP);
    expect(wheelFactor(100)).toBeCloseTo(1 / STEP);
    expect(wheelFactor(-3, 1)).toBeGreaterThan(1);
    expect(wheelFactor(-100000)).toBeCloseTo(Math.pow(STEP, 4));
  });
});

// --- the screens, with the backend mocked ----------------------------------------------------

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function settle() {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
    await tick();
  }
  flushSync();
}

async function click(id: string) {
  const el = byTestId(id);
  if (!el) throw new Error(`no ${id} in ${target.innerHTML.slice(0, 400)}`);
  el.click();
  await settle();
}

function status(over: Partial<MemberStatus>): MemberStatus {
  return memberStatus({
    id: 'm1',
    name: '協会 太郎',
    status: 'usable',
    status_until: '2030-06-01',
    document: DOC,
    ...over,
  });
}

function backend(
  opts: { bench?: boolean; members?: MemberStatus[]; docs?: DocumentMeta[]; printed?: boolean; thumbnails?: Record<string, string> } = {},
) {
  const calls: [string, Record<string, unknown>][] = [];
  const members = opts.members ?? [status({}), status({ id: 'm2', name: '協会 花子', relation: 'dependent', document: null })];
  let docs = opts.docs ?? [DOC, { ...DOC, id: 'd0', as_of: '2023-04-01', imported: '2023-04-02' }];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case 'app_info':
        return { name: 'Hoken Wallet', version: '0.1.0' };
      case 'launch':
        return launchAnswer({ state: 'open', reason: null }, () => homeAnswer({ today: '2026-11-22', members }, opts.thumbnails));
      case 'home':
        return homeAnswer({ today: '2026-11-22', members }, opts.thumbnails);
      case 'bench_mode':
        return opts.bench ?? false;
      case 'perf_mark':
      case 'remove_member':
        return null;
      case 'keep_awake':
        return false;
      case 'set_fullscreen':
        return true;
      case 'print_page':
        return opts.printed ?? true;
      case 'family_status':
        return { today: '2026-11-22', members, urgent: null };
      case 'get_member': {
        const m = members.find((x) => x.id === a.id)!;
        return {
          member: { ...TARO, id: m.id, name: m.name, relation: m.relation },
          form: {},
          status: m,
          document_ages: m.document && m.document_age ? { [m.document.id]: m.document_age } : {},
        };
      }
      case 'member_documents':
        return docs.filter((d) => d.member_id === a.memberId);
      case 'remove_document':
        docs = docs.filter((d) => d.id !== a.id);
        return null;
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return { calls, names: () => calls.map(([c]) => c) };
}

beforeEach(() => {
  localStorage.clear();
  lang.set('ja');
  target = document.createElement('div');
  document.body.appendChild(target);
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  clearMocks();
  vi.restoreAllMocks();
});

async function launch() {
  app = mount(App, { target });
  await settle();
}

/** happy-dom does not fetch hoken: URLs: the images "load" when the test says so. */
async function loadImages() {
  for (const img of document.querySelectorAll('img')) img.dispatchEvent(new Event('load'));
  await settle();
}

describe('home → clinic mode', () => {
  it('each card has its thumbnail, its as-of date and 窓口で見せる', async () => {
    backend();
    await launch();
    const cards = allByTestId('member-card');
    expect(cards).toHaveLength(2);
    const thumb = cards[0].querySelector('img')!;
    expect(thumb.getAttribute('src')).toBe('hoken://localhost/doc/d1/thumbnail');
    expect(thumb.getAttribute('width')).toBe('240');
    expect(cards[0].textContent).toContain('令和6年（2024年）6月7日時点');
    expect(cards[1].querySelector('[data-testid="doc-thumbnail-none"]')).not.toBeNull();
    expect(allByTestId('clinic-open')).toHaveLength(2);
    expect(allByTestId('clinic-open')[1].getAttribute('aria-label')).toBe('協会 花子さんの資格情報を窓口で見せる');
  });

  it('launch brings the thumbnails inline: home asks for nothing more', async () => {
    const inline = 'data:image/jpeg;base64,/9j/4AAQ';
    const { names } = backend({ thumbnails: { d1: inline } });
    await launch();
    const thumb = allByTestId('member-card')[0].querySelector('img')!;
    expect(thumb.getAttribute('src')).toBe(inline);
    expect(names()).not.toContain('home');
    expect(names().filter((n) => n === 'launch')).toHaveLength(1);
  });

  it('one tap: full screen fields and image, no app chrome, awake; Esc returns home', async () => {
    const { calls, names } = backend();
    await launch();
    await click('clinic-open');
    const clinic = byTestId('clinic-mode')!;
    expect(clinic).not.toBeNull();
    expect(document.querySelector('.app-header')).toBeNull();
    expect(document.querySelector('.app-footer')).toBeNull();
    // The image starts with the screen (the document came from home), not after get_member.
    expect(byTestId('snapshot-image')!.getAttribute('src')).toBe('hoken://localhost/doc/d1/display');
    expect(byTestId('field-insurer_number')!.textContent!.trim()).toBe('01010016');
    expect(byTestId('field-symbol')!.textContent!.trim()).toBe('1010101');
    expect(byTestId('field-number')!.textContent!.trim()).toBe('1');
    expect(byTestId('field-branch')!.textContent!.trim()).toBe('00');
    expect(byTestId('field-name')!.textContent!.trim()).toBe('協会 太郎');
    expect(byTestId('field-kana')!.textContent!.trim()).toBe('キョウカイ タロウ');
    expect(byTestId('field-birth')!.textContent!.trim()).toBe('昭和40年（1965年）10月1日');
    expect(byTestId('field-ratio')!.textContent!.trim()).toBe('3割');
    expect(byTestId('clinic-as-of')!.textContent).toBe('令和6年（2024年）6月7日時点');
    expect(byTestId('clinic-banner')!.textContent).toBe('マイナ保険証（マイナンバーカード）と一緒にご提示ください');
    expect(calls).toContainEqual(['keep_awake', { on: true }]);
    expect(calls).toContainEqual(['set_fullscreen', { on: true }]);
    // One member read: no extra round trips.
    expect(names().filter((c) => c === 'get_member')).toHaveLength(1);
    expect(names()).not.toContain('member_documents');

    // + zooms from anywhere on the screen, 0 resets.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '+' }));
    await settle();
    expect(byTestId('snapshot-viewer')!.dataset.scale).toBe('1.250');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '0' }));
    await settle();
    expect(byTestId('snapshot-viewer')!.dataset.scale).toBe('1.000');

    // With the image focused its own keys work, once each: + zooms one step, arrows pan.
    const viewer = byTestId('snapshot-viewer')!;
    viewer.focus();
    viewer.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
    await settle();
    expect(viewer.dataset.scale).toBe('1.250');
    viewer.dispatchEvent(new KeyboardEvent('keydown', { key: '-', bubbles: true }));
    await settle();
    expect(viewer.dataset.scale).toBe('1.000');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(byTestId('home')).not.toBeNull();
    expect(document.querySelector('.app-header')).not.toBeNull();
    expect(calls).toContainEqual(['keep_awake', { on: false }]);
    expect(calls).toContainEqual(['set_fullscreen', { on: false }]);
  });

  it('a member without a document still opens, calmly, with the fields', async () => {
    backend();
    await launch();
    allByTestId('clinic-open')[1].click();
    await settle();
    expect(byTestId('clinic-no-document')!.textContent).toContain('まだ書類がありません');
    expect(byTestId('snapshot-image')).toBeNull();
    expect(byTestId('field-name')!.textContent!.trim()).toBe('協会 花子');
    await click('clinic-close');
    expect(byTestId('home')).not.toBeNull();
  });

  it('on a phone: the fields, the age and the warning on one screen; the document one tap away', async () => {
    const width = window.innerWidth;
    const media = window.matchMedia;
    window.matchMedia = ((q: string) => ({ ...media.call(window, q), matches: false, addEventListener() {}, removeEventListener() {} })) as typeof media;
    try {
      const age = {
        since: '2024-06-07',
        dated: true,
        months: 29,
        label_ja: '2年5か月前の情報',
        label_en: 'Information from 2 years 5 months ago',
        stale: 'old' as const,
        warning_ja: '1年以上前の情報です',
        warning_en: 'Over a year old',
        advice_ja: 'マイナポータルで新しい資格情報画面を保存して、取り込んでください',
        advice_en: 'Save a new qualification screen from Mynaportal and import it.',
      };
      backend({ members: [status({ document_age: age })] });
      await launch();
      expect(byTestId('as-of-age')!.textContent).toContain('2年5か月前の情報');
      expect(byTestId('stale-warning')!.textContent).toContain('マイナポータル');
      await click('clinic-open');
      expect(byTestId('snapshot-image')).toBeNull();
      expect(byTestId('as-of-age')!.textContent).toBe('2年5か月前の情報');
      expect(byTestId('stale-warning')!.textContent).toContain('1年以上前の情報です');
      expect(byTestId('field-insurer_name')!.textContent!.trim()).toBe('全国健康保険協会 北海道支部');
      expect(byTestId('field-relation')!.textContent!.trim()).toBe('本人');
      expect(document.querySelectorAll('.fields [data-origin="document"]')).toHaveLength(9);
      expect(document.querySelectorAll('.fields [data-origin="typed"]')).toHaveLength(1);
      await click('clinic-document-open');
      expect(byTestId('clinic-document')).not.toBeNull();
      expect(byTestId('snapshot-image')!.getAttribute('src')).toBe('hoken://localhost/doc/d1/display');
      // Esc closes the document first, then leaves.
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
      await settle();
      expect(byTestId('clinic-document')).toBeNull();
      expect(byTestId('clinic-mode')).not.toBeNull();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
      await settle();
      expect(byTestId('home')).not.toBeNull();
    } finally {
      window.matchMedia = media;
      expect(window.innerWidth).toBe(width);
    }
  });

  it('in English', async () => {
    lang.set('en');
    backend();
    await launch();
    await click('clinic-open');
    expect(byTestId('clinic-banner')!.textContent).toBe('Please show this together with your My Number Card (マイナ保険証)');
    expect(byTestId('clinic-close')!.textContent!.trim()).toBe('Close');
  });
});

describe('bench mode', () => {
  it('marks home-rendered, home-painted, clinic-tap, clinic-ready, done — in that order', async () => {
    const { calls } = backend({ bench: true });
    await launch();
    await loadImages();
    expect(byTestId('clinic-mode')).not.toBeNull();
    await loadImages();
    const marks = calls.filter(([c]) => c === 'perf_mark').map(([, a]) => a.name);
    expect(marks).toEqual(['home-rendered', 'home-painted', 'clinic-tap', 'clinic-ready', 'done']);
  });

  it('costs nothing outside bench mode: one question at launch, no marks, no clinic', async () => {
    const { names } = backend({ bench: false });
    await launch();
    await loadImages();
    expect(names().filter((c) => c === 'bench_mode')).toHaveLength(1);
    expect(names()).not.toContain('perf_mark');
    expect(byTestId('clinic-mode')).toBeNull();
  });
});

describe('member view: documents and the print sheet', () => {
  it('lists the documents newest first, opens one at the counter, deletes one after asking', async () => {
    const { calls } = backend();
    await launch();
    await click('member-open');
    const items = allByTestId('document-item');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('令和6年（2024年）6月7日時点');
    expect(items[0].textContent).toContain('最新');
    expect(items[1].textContent).toContain('令和5年（2023年）4月1日時点');

    // The older one at the counter.
    (items[1].querySelector('[data-testid="document-show"]') as HTMLElement).click();
    await settle();
    expect(byTestId('snapshot-image')!.getAttribute('src')).toBe('hoken://localhost/doc/d0/display');
    expect(byTestId('clinic-as-of')!.textContent).toBe('令和5年（2023年）4月1日時点');
    await click('clinic-close');
    expect(byTestId('member-screen')).not.toBeNull();

    (allByTestId('document-item')[1].querySelector('[data-testid="document-delete"]') as HTMLElement).click();
    await settle();
    const dialog = byTestId('confirm-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('令和5年（2023年）4月1日時点');
    await click('confirm-delete');
    expect(calls).toContainEqual(['remove_document', { id: 'd0' }]);
    expect(allByTestId('document-item')).toHaveLength(1);
    expect(byTestId('document-removed')).not.toBeNull();
  });

  it('the printable sheet: one page per member, the warning, the card cut-out, the print dialog', async () => {
    const { names } = backend({ printed: false });
    const print = vi.fn();
    window.print = print;
    await launch();
    await click('print-all');
    expect(byTestId('print-sheet')).not.toBeNull();
    const pages = allByTestId('print-page');
    expect(pages).toHaveLength(2);
    expect(pages[0].textContent).toContain('協会 太郎');
    expect(pages[0].querySelector('img')!.getAttribute('src')).toBe('hoken://localhost/doc/d1/display');
    expect(pages[1].textContent).toContain('協会 花子');
    expect(allByTestId('print-warning')[0].textContent).toBe(
      'この用紙のみでは受診できません。マイナ保険証（マイナンバーカード）と一緒に提示してください。',
    );
    expect(allByTestId('print-card')).toHaveLength(2);
    await click('print-button');
    expect(names()).toContain('print_page');
    // The app had no dialog to open (a phone): the webview's own.
    expect(print).toHaveBeenCalledTimes(1);
    await click('back');
    expect(byTestId('home')).not.toBeNull();
  });

  it('on desktop the app opens the print dialog itself (the webview would ignore window.print)', async () => {
    const { names } = backend({ printed: true });
    const print = vi.fn();
    window.print = print;
    await launch();
    await click('member-open');
    await click('print-open');
    expect(allByTestId('print-page')).toHaveLength(1);
    await click('print-button');
    expect(names()).toContain('print_page');
    expect(print).not.toHaveBeenCalled();
  });
});
