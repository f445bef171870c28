import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import App from '../App.svelte';
import { lang } from '../lib/i18n';
import type { MemberForm } from '../bindings/MemberForm';
import type { FamilyStatus } from '../bindings/FamilyStatus';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { VaultStatus } from '../bindings/VaultStatus';
import { badgeTone, deadline, homeAnswer, launchAnswer, memberStatus } from './answers';

const CODE = 'K7Q2-M9XA-01PZ-R4TB-HN3C-W8VD';
const GROUPS = CODE.split('-');

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

const last = <T>(list: T[]): T => list[list.length - 1];
const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => [...target.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function type(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  if (input instanceof HTMLSelectElement) {
    for (const option of input.options) option.selected = option.value === value;
  }
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function settle() {
  for (let i = 0; i < 8; i++) {
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

function submit(id: string) {
  const el = byTestId(id) as HTMLButtonElement;
  el.closest('form')!.requestSubmit(el);
}

function status(over: Partial<MemberStatus>): MemberStatus {
  return memberStatus({
    id: 'm1',
    name: '山田 太郎',
    status: 'usable',
    status_until: '2028-03-02',
    ...over,
  });
}

/** A backend in memory: the vault's state, members and every call made. */
function backend(initial: VaultStatus['state'], members: MemberStatus[] = [], urgent: FamilyStatus['urgent'] = null) {
  const calls: [string, unknown][] = [];
  let state = initial;
  /** The recovery code kept since create_vault, until a group is typed back. */
  let pending: string | null = null;
  const forms = new Map<string, MemberForm>();
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case 'app_info':
        return { name: 'Hoken Wallet', version: '0.1.0' };
      case 'launch':
        return launchAnswer(
          {
            state,
            reason:
              state === 'locked'
                ? { kind: 'key_unavailable', message: 'No key in the keyring', message_ja: 'キーリングに鍵がありません' }
                : null,
          },
          () => homeAnswer({ today: '2025-06-04', members, urgent }, {}, pending !== null),
        );
      case 'create_vault':
        state = 'open';
        pending = CODE;
        return { recovery_code: CODE };
      case 'pending_recovery_code':
        return pending;
      case 'recovery_code_kept': {
        const ok = pending !== null && pending.split('-')[Number(a.group)] === a.typed;
        if (ok) pending = null;
        return ok;
      }
      case 'recover_vault':
        if (String(a.code).replace(/[\s-]/g, '').toUpperCase() !== CODE.replace(/-/g, '')) {
          throw { kind: 'wrong_recovery_code', message: 'Wrong recovery code', message_ja: '回復コードが違います' };
        }
        state = 'open';
        return null;
      case 'home':
        return homeAnswer({ today: '2025-06-04', members, urgent }, {}, pending !== null);
      case 'add_member': {
        const form = a.form as MemberForm;
        if (form.birth === '昭和65年1月1日') {
          throw { kind: 'invalid_date', message: 'birth date: no such date', message_ja: '生年月日: 昭和65年はありません' };
        }
        const id = `m${members.length + 1}`;
        forms.set(id, form);
        members.push(status({ id, name: form.name, relation: form.relation === '家族' ? 'dependent' : 'insured' }));
        return id;
      }
      case 'get_member': {
        const m = members.find((x) => x.id === a.id)!;
        return {
          member: {
            id: m.id,
            name: m.name,
            kana: null,
            relation: m.relation,
            birth: '1980-06-01',
            cert_issued: '2021-03-10',
            cert_expiry: null,
            card_expiry: null,
            phone_cert_expiry: null,
            kakunin_expiry: null,
            insurer_number: null,
            insurer_name: null,
            symbol: null,
            number: null,
            branch: null,
            ratio: 3,
            acquired: null,
            from_document: [],
          },
          form: { ...(forms.get(m.id) ?? {}), name: m.name, birth: '1980-06-01', relation: '本人', ratio: '3割' },
          status: m,
          document_ages: {},
        };
      }
      case 'update_member':
        return null;
      case 'remove_member': {
        const i = members.findIndex((x) => x.id === a.id);
        members.splice(i, 1);
        return null;
      }
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return { calls, members };
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
});

async function launch() {
  app = mount(App, { target });
  await settle();
}

describe('first run', () => {
  it('welcome → the first member at once; home asks for the recovery code until a group is typed back', async () => {
    const { calls } = backend('no_vault');
    await launch();
    expect(byTestId('first-run')).not.toBeNull();
    expect(document.activeElement?.id).toBe('welcome-heading');

    // 始める: the vault is made and the first member comes next; no code in the way.
    await click('start');
    expect(calls.some(([cmd]) => cmd === 'create_vault')).toBe(true);
    expect(byTestId('first-member')).not.toBeNull();
    expect(byTestId('first-member-import')).not.toBeNull();
    expect(target.textContent).not.toContain(GROUPS[0]);
    await click('first-member-later');
    expect(byTestId('home')).not.toBeNull();
    expect(byTestId('family-empty')).not.toBeNull();
    expect(byTestId('deadline-banner')).toBeNull();

    // Home's banner until the code is written down.
    expect(byTestId('recovery-banner')).not.toBeNull();
    await click('recovery-banner-open');
    expect(allByTestId('code-group').map((g) => g.textContent)).toEqual(GROUPS);
    expect(document.activeElement?.id).toBe('code-heading');
    expect(byTestId('print-code')).not.toBeNull();

    await click('code-written');
    const n = Number(byTestId('confirm-group')!.dataset.group);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(byTestId('confirm-step')!.textContent).toContain(`${n}番目のグループ`);

    type('code-confirm', 'ZZZZ');
    submit('code-confirm-submit');
    await settle();
    expect(byTestId('error')!.textContent).toContain('一致しません');
    expect(byTestId('home')).toBeNull();

    type('code-confirm', GROUPS[n - 1].toLowerCase().replace(/0/g, 'o'));
    submit('code-confirm-submit');
    await settle();
    // Then home again, without the banner; the code is gone from the page.
    expect(calls.some(([cmd, a]) => cmd === 'recovery_code_kept' && (a as { typed: string }).typed === GROUPS[n - 1])).toBe(true);
    expect(byTestId('home')).not.toBeNull();
    expect(byTestId('notice')!.textContent).toContain('回復コードを確認しました');
    expect(byTestId('recovery-banner')).toBeNull();
    expect(byTestId('add-member')).not.toBeNull();
    expect(target.textContent).not.toContain(GROUPS[0]);
  });

  it('the checker is one tap away without a vault', async () => {
    backend('no_vault');
    await launch();
    await click('open-checker');
    expect(byTestId('checker-screen')).not.toBeNull();
    await click('back');
    expect(byTestId('first-run')).not.toBeNull();
  });
});

describe('locked vault', () => {
  it('explains, shows the reason small, and opens with the right code', async () => {
    const { calls } = backend('locked');
    await launch();
    const screen = byTestId('locked')!;
    expect(screen.textContent).toContain('キーリング');
    expect(screen.textContent).toContain('データは変更していません');
    expect(byTestId('locked-reason')!.textContent).toContain('キーリングに鍵がありません');

    type('recovery-input', 'AAAA-BBBB');
    submit('recovery-submit');
    await settle();
    expect(byTestId('error')!.textContent).toContain('回復コードが違います');

    type('recovery-input', CODE.toLowerCase());
    submit('recovery-submit');
    await settle();
    expect(last(calls.filter(([c]) => c === 'recover_vault'))[1]).toEqual({ code: CODE.toLowerCase() });
    expect(byTestId('home')).not.toBeNull();
  });
});

describe('damaged vault', () => {
  it('shows a calm page naming the file, with a retry', async () => {
    let attempts = 0;
    mockIPC((cmd) => {
      if (cmd === 'launch') {
        attempts++;
        throw { kind: 'damaged', message: 'members.hkw is damaged', message_ja: 'members.hkw が壊れています' };
      }
      return null;
    });
    await launch();
    const page = byTestId('failed')!;
    expect(page.dataset.kind).toBe('damaged');
    expect(byTestId('failed-detail')!.textContent).toContain('members.hkw が壊れています');
    expect(page.textContent).toContain('削除したり移動したりしないでください');
    await click('retry');
    expect(attempts).toBe(2);
  });
});

describe('home', () => {
  const EXPIRED = deadline('certificate_expiry', '2025-06-01', -3, 'expired', '期限が過ぎました。', 'Expired.');
  const URGENT = { member_id: 'a', member_name: '山田 太郎', deadline: EXPIRED };
  const family = () => [
    status({
      id: 'a',
      name: '山田 太郎',
      status: 'grace',
      status_until: '2025-09-30',
      status_tone: badgeTone('grace', ['期限切れ・猶予は令和7年（2025年）9月30日まで', 'Expired – grace period (until 30 September 2025)']),
      deadlines: [EXPIRED, deadline('grace_end', '2025-09-30', 118, 'urgent', '更新してください。', 'Renew.')],
    }),
    status({
      id: 'b',
      name: '山田 花子',
      relation: 'dependent',
      status: null,
      status_until: null,
      deadlines: [],
    }),
  ];

  it('shows a card per member, their badges, and the most urgent deadline', async () => {
    backend('open', family(), URGENT);
    await launch();
    const cards = allByTestId('member-card');
    expect(cards).toHaveLength(2);
    expect(cards[0].textContent).toContain('山田 太郎');
    expect(cards[0].textContent).toContain('本人');
    const badge = cards[0].querySelector<HTMLElement>('[data-testid="status-badge"]')!;
    expect(badge.dataset.status).toBe('grace');
    expect(badge.textContent).toContain('期限切れ・猶予（ゆうよ）は令和7年（2025年）9月30日まで');
    expect(cards[0].textContent).toContain('猶予期間の終了');
    expect(cards[1].textContent).toContain('家族');
    expect(cards[1].querySelector<HTMLElement>('[data-testid="status-badge"]')!.dataset.status).toBe('unknown');

    const banner = byTestId('deadline-banner')!;
    expect(banner.dataset.severity).toBe('expired');
    // Core's words, in the past tense for a passed date, with the severity's word and icon.
    expect(banner.textContent).toContain('山田 太郎さんの電子証明書の有効期限が切れました');
    expect(banner.textContent).toContain('期限切れ');
    expect(banner.classList.contains('tone-expired')).toBe(true);
    expect(badge.classList.contains('tone-urgent')).toBe(true);
    expect(byTestId('open-checker')).not.toBeNull();

    byTestId('lang-toggle')!.click();
    flushSync();
    expect(byTestId('deadline-banner')!.textContent).toContain('山田 太郎: The certificate expired');
    expect(allByTestId('member-card')[1].textContent).toContain('Card dates not entered');
  });

  it('adds a member through the form', async () => {
    const { calls } = backend('open', []);
    await launch();
    await click('add-member');
    expect(document.activeElement?.id).toBe('form-heading');

    submit('member-save');
    await settle();
    expect(byTestId('error')!.textContent).toContain('氏名を入力してください');
    expect(calls.some(([c]) => c === 'add_member')).toBe(false);

    type('member-name', ' 山田 花子 ');
    type('member-relation', '家族');
    type('member-birth', '昭和65年1月1日');
    submit('member-save');
    await settle();
    expect(byTestId('error')!.textContent).toContain('生年月日: 昭和65年はありません');
    expect(byTestId('member-birth')!.getAttribute('aria-invalid')).toBe('true');

    type('member-birth', 'S55.6.1');
    type('member-cert-expiry', 'R7.6.1');
    type('member-ratio', '2割');
    submit('member-save');
    await settle();
    const sent = last(calls.filter(([c]) => c === 'add_member'))[1] as { form: MemberForm };
    expect(sent.form).toMatchObject({
      name: '山田 花子',
      relation: '家族',
      birth: 'S55.6.1',
      cert_expiry: 'R7.6.1',
      ratio: '2割',
      insurer_number: '',
    });
    expect(byTestId('home')).not.toBeNull();
    expect(byTestId('notice')!.textContent).toContain('山田 花子さんを追加しました');
    expect(allByTestId('member-card')).toHaveLength(1);
  });

  it('opens a member, and deletes after confirming', async () => {
    const { calls } = backend('open', family());
    await launch();
    (allByTestId('member-open')[0] as HTMLButtonElement).click();
    await settle();
    expect(byTestId('member-screen')).not.toBeNull();
    expect(document.activeElement?.id).toBe('member-heading');
    const row = byTestId('deadline-grace_end')!;
    expect(row.querySelector('[data-testid="deadline-date"]')!.textContent).toBe('2025-09-30');
    expect(byTestId('record-birth')!.textContent).toContain('昭和55年（1980年）6月1日');

    const del = byTestId('member-delete')!;
    del.focus();
    await click('member-delete');
    const dialog = byTestId('confirm-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('山田 太郎さんを削除しますか？');
    expect(document.activeElement).toBe(byTestId('confirm-cancel'));

    await click('confirm-cancel');
    expect(dialog.open).toBe(false);
    expect(calls.some(([c]) => c === 'remove_member')).toBe(false);

    await click('member-delete');
    await click('confirm-delete');
    expect(calls.filter(([c]) => c === 'remove_member')[0][1]).toEqual({ id: 'a' });
    expect(byTestId('home')).not.toBeNull();
    expect(byTestId('notice')!.textContent).toContain('山田 太郎さんを削除しました');
  });

  it('edits a member: the form starts filled in', async () => {
    const { calls } = backend('open', family());
    await launch();
    (allByTestId('member-open')[0] as HTMLButtonElement).click();
    await settle();
    await click('member-edit');
    expect((byTestId('member-name') as HTMLInputElement).value).toBe('山田 太郎');
    expect((byTestId('member-ratio') as HTMLSelectElement).value).toBe('3割');
    expect((byTestId('insurance-group') as HTMLDetailsElement).open).toBe(true);
    type('member-kana', 'ヤマダ タロウ');
    submit('member-save');
    await settle();
    const sent = calls.filter(([c]) => c === 'update_member')[0][1] as { id: string; form: MemberForm };
    expect(sent.id).toBe('a');
    expect(sent.form.kana).toBe('ヤマダ タロウ');
    expect(byTestId('member-screen')).not.toBeNull();
    expect(byTestId('notice')!.textContent).toContain('保存しました');
  });

  it('goes to the recovery screen when the key disappears while launching', async () => {
    mockIPC((cmd) => {
      if (cmd === 'launch') throw { kind: 'key_unavailable', message: 'gone', message_ja: '鍵がありません' };
      return null;
    });
    await launch();
    expect(byTestId('locked')).not.toBeNull();
  });

  it('goes to the recovery screen when the key disappears later (home read again)', async () => {
    mockIPC(
      (cmd) => {
        if (cmd === 'launch') return launchAnswer({ state: 'open', reason: null }, () => homeAnswer({ today: '2025-06-04', members: [] }));
        if (cmd === 'home') throw { kind: 'key_unavailable', message: 'gone', message_ja: '鍵がありません' };
        return null;
      },
      { shouldMockEvents: true },
    );
    await launch();
    expect(byTestId('family-empty')).not.toBeNull();
    await emit('reminders-due', []);
    await settle();
    expect(byTestId('locked')).not.toBeNull();
  });
});
