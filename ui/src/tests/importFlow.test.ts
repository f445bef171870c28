import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import App from '../App.svelte';
import { lang } from '../lib/i18n';
import {
  countFound,
  droppedPath,
  around,
  cropAspect,
  cropStyle,
  fieldMarks,
  importNotice,
  initialChoice,
  insurerChanged,
  INTAKE_FIELDS,
  pendingImageUrl,
  readDocument,
  readQr,
  saveImport,
  saveQr,
  toTarget,
} from '../lib/importFlow';
import { screenForDrop } from '../lib/router';
import type { FieldReport } from '../bindings/FieldReport';
import type { FieldStatus } from '../bindings/FieldStatus';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { IntakeResult } from '../bindings/IntakeResult';
import type { MemberForm } from '../bindings/MemberForm';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { QrReceived } from '../bindings/QrReceived';
import { emptyMemberForm } from '../lib/memberForm';
import { homeAnswer, launchAnswer, memberStatus } from './answers';

const found = (raw: string): FieldStatus => ({ state: 'found', raw, message: null });
const missing: FieldStatus = { state: 'not_found', raw: null, message: null };

function report(over: Partial<FieldReport> = {}): FieldReport {
  return {
    insurer_number: { ...found('01010016'), place: { left: 386, top: 109, width: 150, height: 13 } },
    insurer_name: found('全国健康保険協会'),
    symbol: found('1010101'),
    number: found('1'),
    branch: found('00'),
    name: found('協会 太郎'),
    kana: missing,
    birth: found('昭和40年10月1日'),
    relation: found('本人'),
    ratio: found('3割'),
    acquired: {
      state: 'invalid',
      raw: '令和99年1月1日',
      message: { ja: '令和99年はまだ来ていません', en: 'Reiwa 99 has not come yet' },
    },
    as_of: found('令和6年6月7日'),
    ...over,
  };
}

function taroForm(over: Partial<MemberForm> = {}): MemberForm {
  return {
    ...emptyMemberForm(),
    name: '協会 太郎',
    relation: '本人',
    birth: '1965-10-01',
    insurer_number: '01010016',
    insurer_name: '全国健康保険協会',
    symbol: '1010101',
    number: '1',
    branch: '00',
    ratio: '3割',
    acquired: '令和99年1月1日',
    ...over,
  };
}

function preview(over: Partial<ImportPreview['preview']> = {}): ImportPreview {
  return {
    preview_id: 'p1',
    file_name: 'taro.pdf',
    preview: {
      kind: 'pdf',
      pages: 1,
      width: 1240,
      height: 1754,
      fields: {
        insurer_number: '01010016',
        insurer_name: '全国健康保険協会',
        symbol: '1010101',
        number: '1',
        branch: '00',
        name: '協会 太郎',
        kana: null,
        birth: '1965-10-01',
        relation: '本人',
        ratio: '3割',
        acquired: null,
        as_of: '2024-06-07',
      },
      field_status: report(),
      form: taroForm(),
      as_of: '2024-06-07',
      match: { kind: 'new' },
      ...over,
    },
  };
}

const ERR = (kind: string, message: string, message_ja: string) => ({ kind, message, message_ja });

describe('where a value stands on the page', () => {
  it('shows the value with a margin around it, positioned on the page image', () => {
    const place = { left: 400, top: 100, width: 200, height: 20 };
    expect(around(place)).toEqual({ left: 388, top: 90, width: 224, height: 40 });
    const style = cropStyle('blob:page', place);
    expect(style).toContain('background-image: url("blob:page")');
    expect(style).toContain('background-size: 446.42857142857144% 2500%');
    expect(style).toContain('background-position: 50% 9.375%');
    // A 1000 × 1414 px page: the crop is as wide as 224 thousandths of 1000 px over 40 of 1414.
    expect(cropAspect(place, 1000, 1414)).toBeCloseTo(224 / (0.04 * 1414), 5);
  });

  it('keeps the margin on the page at its edges', () => {
    expect(around({ left: 0, top: 0, width: 1000, height: 1000 })).toEqual({ left: 0, top: 0, width: 1000, height: 1000 });
    expect(cropStyle('u', { left: 0, top: 0, width: 1000, height: 1000 })).toContain('background-position: 0% 0%');
  });
});

describe('field marks', () => {
  it('marks every field found, not found or invalid with the reason', () => {
    const marks = fieldMarks(report());
    expect(marks.insurer_number).toEqual({
      state: 'found',
      reason: null,
      place: { left: 386, top: 109, width: 150, height: 13 },
    });
    expect(marks.kana).toEqual({ state: 'not_found', reason: null, place: null });
    expect(marks.acquired.state).toBe('invalid');
    expect(marks.acquired.reason?.ja).toContain('令和99年');
    expect(Object.keys(marks).sort()).toEqual([...INTAKE_FIELDS, 'as_of'].sort());
    expect(countFound(marks)).toEqual({ found: 10, total: 12 });
  });

  it('shares the member form field names', () => {
    expect(INTAKE_FIELDS).toEqual([
      'name',
      'kana',
      'relation',
      'birth',
      'insurer_number',
      'insurer_name',
      'symbol',
      'number',
      'branch',
      'ratio',
      'acquired',
    ]);
  });
});

describe('whose document', () => {
  it('starts with the member it was opened for, else the match, else a new member', () => {
    expect(initialChoice({ kind: 'existing', id: 'm1', insurer_changed: false }, 'm2')).toEqual({
      kind: 'member',
      id: 'm2',
    });
    expect(initialChoice({ kind: 'existing', id: 'm1', insurer_changed: false })).toEqual({ kind: 'member', id: 'm1' });
    expect(initialChoice({ kind: 'new' })).toEqual({ kind: 'new' });
    expect(initialChoice(null)).toEqual({ kind: 'new' });
    expect(toTarget({ kind: 'member', id: 'm1' })).toEqual({ kind: 'member', id: 'm1' });
    expect(toTarget({ kind: 'new' })).toEqual({ kind: 'new' });
  });

  it('notices a change of insurer only when both numbers are known and differ', () => {
    expect(insurerChanged('06139992', '01010016')).toBe(true);
    expect(insurerChanged('01010016', '01010016')).toBe(false);
    expect(insurerChanged('０１０１００１６', '01010016')).toBe(false);
    expect(insurerChanged(' 0101 0016 ', '01010016')).toBe(false);
    expect(insurerChanged('', '01010016')).toBe(false);
    expect(insurerChanged('06139992', null)).toBe(false);
  });

  it('says what happened after saving', () => {
    const r = (created: boolean, insurer_changed: boolean) => ({ created, insurer_changed }) as IntakeResult;
    expect(importNotice(r(true, false)).key).toBe('import.savedNew');
    expect(importNotice(r(false, false)).key).toBe('import.saved');
    expect(importNotice(r(false, true)).key).toBe('import.savedInsurerChanged');
  });
});

describe('files', () => {
  it('takes the path from a drop event (one path or a list)', () => {
    expect(droppedPath('/tmp/a.pdf')).toBe('/tmp/a.pdf');
    expect(droppedPath(['/tmp/a.pdf', '/tmp/b.pdf'])).toBe('/tmp/a.pdf');
    expect(droppedPath([])).toBeNull();
    expect(droppedPath({ paths: 1 })).toBeNull();
    expect(droppedPath('  ')).toBeNull();
  });

  it('addresses the waiting image through the hoken: scheme', () => {
    expect(pendingImageUrl('abc', 'display', 'Mozilla/5.0 (X11; Linux x86_64)')).toBe(
      'hoken://localhost/pending/abc/display',
    );
    expect(pendingImageUrl('abc', 'thumbnail', 'Mozilla/5.0 (Windows NT 10.0)')).toBe(
      'http://hoken.localhost/pending/abc/thumbnail',
    );
  });

  it('sends a dropped file to the import from home and after the first run only', () => {
    expect(screenForDrop({ name: 'home' }, '/a.pdf')).toEqual({
      name: 'import',
      target: null,
      path: '/a.pdf',
      back: { name: 'home' },
    });
    expect(screenForDrop({ name: 'first_member' }, '/a.pdf')).toMatchObject({ name: 'import', path: '/a.pdf' });
    expect(screenForDrop({ name: 'import', target: null, path: null, back: { name: 'home' } }, '/a.pdf')).toBe('here');
    expect(screenForDrop({ name: 'qr_receive', path: null, back: { name: 'home' } }, '/a.png')).toBe('here');
    expect(screenForDrop({ name: 'member', id: 'm1' }, '/a.pdf')).toBeNull();
    expect(screenForDrop({ name: 'first_run' }, '/a.pdf')).toBeNull();
  });
});

describe('the flow over IPC', () => {
  afterEach(() => clearMocks());

  it('reads a document, or goes back to choosing with the backend message', async () => {
    mockIPC((cmd, args) => {
      if (cmd !== 'inspect_document') throw new Error(cmd);
      // The backend takes a file token (never a path); these fakes use names as tokens.
      const path = (args as { token: string }).token;
      if (path.endsWith('.heic')) {
        throw ERR('unsupported_file', 'scan.heic: not a PDF or picture', 'scan.heic は読み取れない形式です');
      }
      return preview();
    });
    const ok = await readDocument('/tmp/taro.pdf');
    expect(ok.step).toBe('preview');
    const bad = await readDocument('/tmp/scan.heic');
    expect(bad.step).toBe('choose');
    expect(bad.step === 'choose' && (bad.error as { kind: string }).kind).toBe('unsupported_file');
  });

  it('saves with the confirmed fields and the chosen target; checks a new member first', async () => {
    const calls: Record<string, unknown>[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'confirm_import') throw new Error(cmd);
      calls.push(args as Record<string, unknown>);
      const form = (args as { form: MemberForm }).form;
      if (form.acquired === '令和99年1月1日') {
        throw ERR('invalid_date', 'qualification date: no such date', '資格取得年月日: 令和99年はまだ来ていません');
      }
      return { member_id: 'm9', created: true, insurer_changed: false };
    });
    const noName = await saveImport('p1', taroForm({ name: ' ' }), '', { kind: 'new' });
    expect(noName).toMatchObject({ ok: false, problem: { key: 'form.nameMissing' }, field: 'name' });
    expect(calls).toHaveLength(0);

    const wrong = await saveImport('p1', taroForm(), '2024-06-07', { kind: 'new' });
    expect(wrong).toMatchObject({ ok: false, field: 'acquired' });

    const done = await saveImport('p1', taroForm({ acquired: ' 1985-10-01 ', kana: '' }), ' 2024-06-07 ', {
      kind: 'member',
      id: 'm1',
    });
    expect(done).toMatchObject({ ok: true, value: { member_id: 'm9' } });
    expect(calls[1]).toMatchObject({
      previewId: 'p1',
      asOf: '2024-06-07',
      target: { kind: 'member', id: 'm1' },
      form: { acquired: '1985-10-01', name: '協会 太郎' },
    });
  });

  it('asks for the code of a locked QR code, again after a wrong one; damaged codes say so', async () => {
    const received = { record: {}, form: taroForm(), match: { kind: 'new' } } as unknown as QrReceived;
    mockIPC((cmd, args) => {
      if (cmd !== 'qr_read') throw new Error(cmd);
      const { token: path, code } = args as { token: string; code: string | null };
      if (path.endsWith('broken.png')) throw ERR('invalid_input', 'damaged', 'QR コードの内容が壊れています');
      if (path.endsWith('locked.png') && code !== '7K3QW9TB') {
        throw ERR('wrong_code', code ? 'wrong code' : 'locked', code ? 'コードが違います' : 'ロックがかかっています');
      }
      return received;
    });
    expect(await readQr('/tmp/open.png')).toMatchObject({ step: 'confirm', code: null });
    expect(await readQr('/tmp/locked.png')).toEqual({ step: 'code', path: '/tmp/locked.png', error: null });
    const wrong = await readQr('/tmp/locked.png', 'AAAAAAAA');
    expect(wrong.step === 'code' && (wrong.error as { message_ja: string }).message_ja).toBe('コードが違います');
    expect(await readQr('/tmp/locked.png', ' 7K3QW9TB ')).toMatchObject({ step: 'confirm', code: '7K3QW9TB' });
    const broken = await readQr('/tmp/broken.png');
    expect(broken.step).toBe('choose');
  });

  it('stores a QR record with the fields as confirmed', async () => {
    const calls: Record<string, unknown>[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, ...(args as Record<string, unknown>) });
      return 'm3';
    });
    const out = await saveQr('/tmp/q.png', null, taroForm({ kana: 'キョウカイ タロウ' }), { kind: 'new' });
    expect(out).toEqual({ ok: true, value: 'm3' });
    expect(calls[0]).toMatchObject({
      cmd: 'qr_store',
      token: '/tmp/q.png',
      code: null,
      target: { kind: 'new' },
      form: { kana: 'キョウカイ タロウ' },
    });
  });
});

// --- the screens, through the app ------------------------------------------------------------

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => [...target.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

async function settle() {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
    await tick();
  }
  flushSync();
}

async function click(id: string) {
  const el = byTestId(id);
  if (!el) throw new Error(`no ${id} in ${target.innerHTML.slice(0, 600)}`);
  el.click();
  await settle();
}

function type(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function member(id: string, name: string): MemberStatus {
  return memberStatus({ id, name, status: null });
}

/** A backend with an open vault: the family, a waiting document, QR codes. */
function backend(opts: { members?: MemberStatus[]; insurers?: Record<string, string | null>; pick?: string | null } = {}) {
  const calls: [string, Record<string, unknown>][] = [];
  const members = opts.members ?? [];
  const insurers = opts.insurers ?? {};
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, a]);
      switch (cmd) {
        case 'app_info':
          return { name: 'Hoken Wallet', version: '0.1.0' };
        case 'launch':
          return launchAnswer({ state: 'open', reason: null }, () => homeAnswer({ today: '2025-06-04', members }));
        case 'home':
          return homeAnswer({ today: '2025-06-04', members });
        case 'family_status':
          return { today: '2025-06-04', members, urgent: null };
        case 'get_member': {
          const m = members.find((x) => x.id === a.id)!;
          return {
            member: {
              id: m.id,
              name: m.name,
              kana: null,
              relation: 'insured',
              birth: '1965-10-01',
              cert_issued: null,
              cert_expiry: null,
              card_expiry: null,
              phone_cert_expiry: null,
              kakunin_expiry: null,
              insurer_number: insurers[m.id] ?? null,
              insurer_name: null,
              symbol: null,
              number: null,
              branch: null,
              ratio: null,
              acquired: null,
              from_document: [],
            },
            form: emptyMemberForm(),
            status: m,
            document_ages: {},
          };
        }
        case 'pick_document':
          return opts.pick ?? null;
        case 'inspect_document':
          if (String(a.token).endsWith('.heic')) {
            throw ERR('unsupported_file', 'scan.heic: HEIC is not supported', 'scan.heic: HEIC 形式は読み取れません。PDF か PNG・JPEG を選んでください');
          }
          return preview({
            match: members.length ? { kind: 'existing', id: members[0].id, insurer_changed: false } : { kind: 'new' },
          });
        case 'discard_import':
          return null;
        case 'confirm_import': {
          const target = a.target as { kind: string; id?: string };
          const id = target.kind === 'member' ? target.id! : 'm9';
          if (target.kind === 'new') members.push(member('m9', (a.form as MemberForm).name));
          return { member_id: id, created: target.kind === 'new', insurer_changed: false };
        }
        case 'qr_read':
          if (a.code !== '7K3QW9TB') {
            throw ERR('wrong_code', 'locked', a.code ? 'コードが違います。送った人にもう一度確認してください' : 'ロックがかかっています');
          }
          return {
            record: { cert_expiry: '2027-03-15', grace_end: '2027-06-30', card_expiry: null, kakunin_expiry: null },
            form: taroForm({ name: '協会 花子', acquired: '' }),
            match: { kind: 'new' },
          };
        case 'qr_store':
          members.push(member('m8', (a.form as MemberForm).name));
          return 'm8';
        case 'qr_share':
          return {
            svg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="296" height="296" viewBox="0 0 296 296"><path fill="#fff" d="M0 0h296v296H0z"/></svg>',
            code: a.lock ? '7K3QW9TB' : null,
            version: 9,
          };
      }
      throw new Error(`unexpected command ${cmd}`);
    },
    { shouldMockEvents: true },
  );
  return { calls, members, names: () => calls.map(([c]) => c) };
}

describe('import screens', () => {
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
  });

  async function launch() {
    app = mount(App, { target });
    await settle();
  }

  it('home → choose a file → preview with marked fields → save as a new member → member view', async () => {
    const be = backend({ pick: '/docs/taro.pdf' });
    await launch();
    await click('import-start');
    expect(byTestId('import-screen')).not.toBeNull();
    await click('import-pick');
    expect(byTestId('import-preview')).not.toBeNull();

    const img = byTestId('import-image') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('hoken://localhost/pending/p1/display');
    expect(img.getAttribute('width')).toBe('1240');
    expect(img.getAttribute('height')).toBe('1754');

    expect(byTestId('import-field-insurer_number')!.dataset.state).toBe('found');
    expect((byTestId('import-input-insurer_number') as HTMLInputElement).value).toBe('01010016');
    expect(byTestId('import-field-kana')!.dataset.state).toBe('not_found');
    // The value's place on the page: its crop under the field, and a mark on the page while
    // the field is edited.
    const crop = byTestId('import-crop-insurer_number')!;
    expect(crop.getAttribute('style')).toContain('hoken://localhost/pending/p1/display');
    expect(byTestId('import-crop-kana')).toBeNull();
    expect(byTestId('import-spot')).toBeNull();
    (byTestId('import-input-insurer_number') as HTMLInputElement).focus();
    await settle();
    expect(byTestId('import-spot')!.dataset.field).toBe('insurer_number');
    (byTestId('import-input-kana') as HTMLInputElement).focus();
    await settle();
    expect(byTestId('import-spot')).toBeNull();
    const acquired = byTestId('import-field-acquired')!;
    expect(acquired.dataset.state).toBe('invalid');
    expect(acquired.textContent).toContain('令和99年はまだ来ていません');
    expect(byTestId('import-input-acquired')!.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('import-found')!.textContent).toContain('12項目のうち10項目');
    expect(byTestId('import-target')!.dataset.choice).toBe('new');

    type('import-input-acquired', '1985-10-01');
    type('import-input-kana', 'キョウカイ タロウ');
    await settle();
    await click('import-confirm');
    const sent = be.calls.find(([c]) => c === 'confirm_import')![1];
    expect(sent).toMatchObject({
      previewId: 'p1',
      asOf: '2024-06-07',
      target: { kind: 'new' },
      form: { acquired: '1985-10-01', kana: 'キョウカイ タロウ', insurer_number: '01010016' },
    });
    await settle();
    expect(byTestId('member-screen')).not.toBeNull();
    expect(byTestId('notice')!.textContent).toContain('メンバーを追加して、書類を保存しました');
    expect(be.names()).not.toContain('discard_import');
  });

  it('suggests the matching member, lets the user pick another, and shows a change of insurer', async () => {
    const be = backend({
      pick: '/docs/taro.pdf',
      members: [member('m1', '協会 太郎'), member('m2', '協会 花子')],
      insurers: { m1: '01010016', m2: '06139992' },
    });
    await launch();
    await click('import-start');
    await click('import-pick');
    expect(byTestId('import-target')!.dataset.choice).toBe('m1');
    const options = allByTestId('import-target-member');
    expect(options.map((o) => o.dataset.memberId)).toEqual(['m1', 'm2']);
    expect(byTestId('import-target')!.textContent).toContain('協会 太郎さんの書類として保存');
    expect(byTestId('import-insurer-changed')).toBeNull();

    // Another member, whose insurer number differs: the callout.
    (options[1] as HTMLInputElement).click();
    await settle();
    expect(byTestId('import-target')!.dataset.choice).toBe('m2');
    expect(byTestId('import-insurer-changed')!.textContent).toContain('保険者が変わりました');

    // A new member: no callout.
    byTestId('import-target-new')!.click();
    await settle();
    expect(byTestId('import-insurer-changed')).toBeNull();

    // Cancel: back home, the waiting document let go.
    await click('import-cancel');
    expect(byTestId('home')).not.toBeNull();
    expect(be.calls.filter(([c]) => c === 'discard_import').map(([, a]) => a)).toEqual([{ previewId: 'p1' }]);
  });

  it('opened from a member, stores under that member', async () => {
    const be = backend({ pick: '/docs/taro.pdf', members: [member('m1', '協会 太郎'), member('m2', '協会 花子')] });
    await launch();
    allByTestId('member-open')[1].click();
    await settle();
    await click('member-import');
    expect(byTestId('import-screen')!.textContent).toContain('協会 花子さんの書類を取り込む');
    await click('import-pick');
    expect(byTestId('import-target')!.dataset.choice).toBe('m2');
    await click('import-confirm');
    expect(be.calls.find(([c]) => c === 'confirm_import')![1].target).toEqual({ kind: 'member', id: 'm2' });
    await settle();
    expect(byTestId('notice')!.textContent).toContain('書類を保存しました');
  });

  it('shows why a file cannot be read, and lets the user choose another', async () => {
    backend({ pick: '/docs/scan.heic' });
    await launch();
    await click('import-start');
    await click('import-pick');
    expect(byTestId('import-error')!.textContent).toContain('scan.heic: HEIC 形式は読み取れません');
    expect(byTestId('import-pick')!.textContent).toContain('ほかのファイルを選ぶ');
    expect(byTestId('import-preview')).toBeNull();
  });

  it('a file dropped on home starts the import', async () => {
    backend();
    await launch();
    await emit('file-dropped', '/docs/taro.pdf');
    await settle();
    expect(byTestId('import-preview')).not.toBeNull();
  });

  it('QR: a locked code asks for its code, then the fields and the member, then stores', async () => {
    const be = backend({ pick: '/pics/hanako.png' });
    await launch();
    await click('qr-receive-start');
    expect(byTestId('qr-receive')).not.toBeNull();
    await click('qr-pick');
    expect(byTestId('qr-code-input')).not.toBeNull();
    expect(byTestId('qr-error')).toBeNull();

    type('qr-code-input', 'AAAAAAAA');
    (byTestId('qr-code-submit') as HTMLButtonElement).closest('form')!.requestSubmit();
    await settle();
    expect(byTestId('qr-error')!.textContent).toContain('コードが違います');

    type('qr-code-input', '7K3QW9TB');
    (byTestId('qr-code-submit') as HTMLButtonElement).closest('form')!.requestSubmit();
    await settle();
    expect(byTestId('qr-preview')).not.toBeNull();
    expect((byTestId('import-input-name') as HTMLInputElement).value).toBe('協会 花子');
    expect(byTestId('qr-receive')!.textContent).toContain('猶予期間の終了');

    type('import-input-kana', 'キョウカイ ハナコ');
    await settle();
    await click('qr-confirm');
    expect(be.calls.find(([c]) => c === 'qr_store')![1]).toMatchObject({
      token: '/pics/hanako.png',
      code: '7K3QW9TB',
      target: { kind: 'new' },
      form: { name: '協会 花子', kana: 'キョウカイ ハナコ' },
    });
    await settle();
    expect(byTestId('member-screen')).not.toBeNull();
    expect(byTestId('notice')!.textContent).toContain('QRコードの内容を保存しました');
  });

  it('QR share: the code, and a lock code to read out when protected', async () => {
    const be = backend({ members: [member('m1', '協会 太郎')] });
    await launch();
    await click('member-open');
    await click('member-share');
    expect(byTestId('qr-share')).not.toBeNull();
    expect(byTestId('qr-svg')!.querySelector('svg')).not.toBeNull();
    expect(byTestId('qr-svg')!.innerHTML).not.toContain('<?xml');
    expect(byTestId('qr-code')).toBeNull();
    (byTestId('qr-lock') as HTMLInputElement).click();
    await settle();
    // Hidden until tapped: a screenshot of the QR code does not hold its code.
    expect(byTestId('qr-code')!.textContent).not.toContain('7K3Q');
    await click('qr-code-show');
    expect(byTestId('qr-code')!.textContent).toContain('7K3Q W9TB');
    await click('qr-code-show');
    expect(byTestId('qr-code')!.textContent).not.toContain('7K3Q');
    expect(be.calls.filter(([c]) => c === 'qr_share').map(([, a]) => a.lock)).toEqual([false, true]);
  });
});
