import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import App from '../App.svelte';
import { lang } from '../lib/i18n';
import type { MemberStatus } from '../bindings/MemberStatus';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import { guideStepAnswer, homeAnswer, launchAnswer, memberStatus } from './answers';
import type { GuideAnswer } from '../bindings/GuideAnswer';

const CODE = 'K7Q2-M9XA-01PZ-R4TB-HN3C-W8VD';

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

function type(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
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
  if (!el) throw new Error(`no ${id} in ${target.innerHTML.slice(0, 600)}`);
  el.click();
  await settle();
}

function submit(id: string) {
  const el = byTestId(id) as HTMLButtonElement;
  el.closest('form')!.requestSubmit(el);
}

const defaults = (): ReminderSettings => ({
  leads: {
    renewal_opens: [0],
    certificate_expiry: [30, 7, 0],
    grace_warn: [0],
    grace_end: [14, 0],
    card_expiry: [90, 30],
    kakunin_expiry: [30],
    phone_certificate_expiry: [30, 7],
  },
});

const member: MemberStatus = memberStatus({
  id: 'm1',
  name: '山田 太郎',
  status: 'usable',
  status_until: '2028-03-02',
});

/** An open vault with one member, in memory; every call recorded. */
function backend(state: 'open' | 'no_vault' = 'open') {
  const calls: [string, Record<string, unknown>][] = [];
  let settings = defaults();
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, a]);
      switch (cmd) {
        case 'app_info':
          return { name: 'Hoken Wallet', version: '0.1.0', data_dir: '/home/u/.local/share/jp.hokenwallet.app' };
        case 'launch':
          return launchAnswer({ state, reason: null }, () => homeAnswer({ today: '2025-06-04', members: [member] }));
        case 'home':
          return homeAnswer({ today: '2025-06-04', members: [member] });
        case 'family_status':
          return { today: '2025-06-04', members: [member], urgent: null };
        case 'get_member':
          return {
            member: {
              id: 'm1',
              name: member.name,
              kana: null,
              relation: 'insured',
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
            form: { name: member.name, birth: '1980-06-01', relation: '本人' },
            status: member,
          };
        case 'member_documents':
          return [];
        case 'guide_step':
          return guideStepAnswer(a.answers as GuideAnswer[]);
        case 'reminder_settings':
          return JSON.parse(JSON.stringify(settings)) as ReminderSettings;
        case 'default_reminder_settings':
          return defaults();
        case 'set_reminder_settings': {
          const next = a.settings as ReminderSettings;
          for (const days of Object.values(next.leads)) days?.sort((x, y) => y - x);
          settings = next;
          return null;
        }
        case 'background_mode':
          return false;
        case 'set_background_mode':
          return null;
        case 'check_recovery_code': {
          const typed = String(a.code).replace(/[\s-]/g, '').toUpperCase();
          if (typed.length !== 24) {
            throw { kind: 'invalid_input', message: 'A recovery code has 24 characters', message_ja: '回復コードは24文字です（入力は8文字）' };
          }
          return typed === CODE.replace(/-/g, '');
        }
        case 'export_ics':
          return '/tmp/out/hoken-wallet.ics';
        case 'backup_export':
          if (String(a.secret).replace(/[\s-]/g, '').toUpperCase() !== CODE.replace(/-/g, '')) {
            throw { kind: 'wrong_recovery_code', message: 'Wrong recovery code', message_ja: '回復コードが違います' };
          }
          return { path: '/tmp/out/hoken-wallet.hkwb', members: 1 };
        case 'backup_import':
          return { replaced: a.mode === 'replace', members_added: 1, members_already_present: 0, members_total: 2 };
      }
      return undefined;
    },
    { shouldMockEvents: true },
  );
  return { calls, count: (cmd: string) => calls.filter(([c]) => c === cmd).length, last: (cmd: string) => calls.filter(([c]) => c === cmd).pop()?.[1] };
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

describe('header', () => {
  it('offers the guide and settings from home, the guide only on first run', async () => {
    backend('open');
    await launch();
    expect(byTestId('home')).not.toBeNull();
    expect(byTestId('nav-guide')!.textContent).toContain('何を持っていけばいい？');
    expect(byTestId('nav-settings')!.textContent).toContain('設定');
    await click('nav-settings');
    expect(byTestId('settings')).not.toBeNull();
    expect(byTestId('nav-settings')!.getAttribute('aria-current')).toBe('page');
    expect(document.activeElement?.id).toBe('settings-heading');
    await click('settings-back');
    expect(byTestId('home')).not.toBeNull();
  });

  it('has no settings entry before the vault exists', async () => {
    backend('no_vault');
    await launch();
    expect(byTestId('first-run')).not.toBeNull();
    expect(byTestId('nav-settings')).toBeNull();
    await click('nav-guide');
    expect(byTestId('guide')).not.toBeNull();
    expect(byTestId('nav-settings')).toBeNull();
    await click('guide-close');
    expect(byTestId('first-run')).not.toBeNull();
  });
});

describe('guide screen', () => {
  it('asks one question at a time, goes back, and ends on the answer card', async () => {
    backend('open');
    await launch();
    await click('nav-guide');
    expect(byTestId('guide-question')!.textContent).toContain('マイナンバーカード');
    expect(target.textContent).toContain('質問 1 / 2');
    expect(byTestId('guide-back')).toBeNull();
    // The hotline is on the screen at every step.
    expect(byTestId('guide-hotline')!.textContent).toBe('0120-95-0178');

    await click('guide-answer-card_yes');
    expect(target.textContent).toContain('質問 2 / 2');
    expect(document.activeElement).toBe(byTestId('guide-question'));
    await click('guide-back');
    expect(target.textContent).toContain('質問 1 / 2');

    await click('guide-answer-card_yes');
    await click('guide-answer-phone_yes');
    const result = byTestId('guide-result')!;
    expect(result.dataset.result).toBe('card_and_phone');
    expect(result.textContent).toContain('マイナ保険証（マイナンバーカード本体）');
    expect(byTestId('guide-rule')!.textContent).toContain('画面だけでは受診できません');

    await click('guide-restart');
    await click('guide-answer-card_lost');
    expect(byTestId('guide-result')!.dataset.result).toBe('lost');
    expect(byTestId('guide-result')!.textContent).toContain('0120-95-0178');
    expect(byTestId('guide-rule')).toBeNull();

    byTestId('lang-toggle')!.click();
    flushSync();
    expect(byTestId('guide-result')!.textContent).toContain('First, suspend the card');
  });
});

describe('settings screen', () => {
  async function openSettings() {
    const b = backend('open');
    await launch();
    await click('nav-settings');
    return b;
  }

  it('switches the language both ways', async () => {
    await openSettings();
    expect(byTestId('settings-lang-ja')!.getAttribute('aria-pressed')).toBe('true');
    await click('settings-lang-en');
    expect(document.documentElement.lang).toBe('en');
    expect(target.querySelector('h1')!.textContent).toBe('Settings');
    expect(byTestId('settings-lang-en')!.getAttribute('aria-pressed')).toBe('true');
    await click('settings-lang-ja');
    expect(target.querySelector('h1')!.textContent).toBe('設定');
  });

  it('edits the lead times: add, refuse bad input, remove, reset', async () => {
    const b = await openSettings();
    const chips = () =>
      [...byTestId('lead-certificate_expiry')!.querySelectorAll<HTMLElement>('[data-testid="lead-chip"]')].map((c) => c.dataset.days);
    expect(chips()).toEqual(['30', '7', '0']);
    expect(byTestId('lead-certificate_expiry')!.textContent).toContain('当日');

    type('lead-input-certificate_expiry', '６０');
    submit('lead-add-certificate_expiry');
    await settle();
    expect(chips()).toEqual(['60', '30', '7', '0']);
    expect((b.last('set_reminder_settings')!.settings as ReminderSettings).leads.certificate_expiry).toEqual([60, 30, 7, 0]);
    expect(byTestId('lead-saved')!.textContent).toBe('保存しました。');

    const saves = b.count('set_reminder_settings');
    type('lead-input-certificate_expiry', '400');
    submit('lead-add-certificate_expiry');
    await settle();
    expect(byTestId('lead-error')!.textContent).toContain('365日前まで');
    expect(b.count('set_reminder_settings')).toBe(saves);
    type('lead-input-certificate_expiry', '7');
    submit('lead-add-certificate_expiry');
    await settle();
    expect(byTestId('lead-error')!.textContent).toContain('すでに');

    const remove = byTestId('lead-remove-certificate_expiry-7')!;
    expect(remove.getAttribute('aria-label')).toBe('電子証明書の有効期限の「7日前」を削除');
    await click('lead-remove-certificate_expiry-7');
    expect(chips()).toEqual(['60', '30', '0']);

    await click('lead-reset');
    expect(chips()).toEqual(['30', '7', '0']);
    expect(byTestId('lead-saved')!.textContent).toBe('最初の設定に戻しました。');
  });

  it('checks the recovery code: right, wrong, not a code', async () => {
    const b = await openSettings();
    type('settings-code-input', CODE.toLowerCase());
    submit('settings-code-check');
    await settle();
    expect(byTestId('settings-code-result')!.dataset.ok).toBe('true');
    expect(byTestId('settings-code-result')!.textContent).toContain('正しい回復コードです');

    type('settings-code-input', '0000-0000-0000-0000-0000-0000');
    submit('settings-code-check');
    await settle();
    expect(byTestId('settings-code-result')!.dataset.ok).toBe('false');
    expect(byTestId('settings-code-result')!.textContent).toContain('回復コードではありません');

    type('settings-code-input', 'ABCD-EFGH');
    submit('settings-code-check');
    await settle();
    expect(byTestId('settings-code-result')).toBeNull();
    expect(byTestId('error')!.textContent).toContain('回復コードは24文字です');

    const checks = b.count('check_recovery_code');
    type('settings-code-input', '');
    submit('settings-code-check');
    await settle();
    expect(b.count('check_recovery_code')).toBe(checks);
    expect(target.textContent).toContain('回復コードを入力してください。');
  });

  it('exports the calendar and a backup, restores with confirmation for replace', async () => {
    const b = await openSettings();
    await click('settings-export-ics');
    expect(byTestId('settings-ics-done')!.textContent).toContain('/tmp/out/hoken-wallet.ics');
    expect(b.last('export_ics')!.title).toBe('カレンダーの保存先');

    // A passphrase that is too short never reaches the backend.
    await click('backup-protect-pass');
    type('backup-secret', 'short');
    type('backup-secret2', 'short');
    submit('backup-export');
    await settle();
    expect(byTestId('backup-problem')!.textContent).toContain('10文字以上');
    expect(b.count('backup_export')).toBe(0);

    await click('backup-protect-code');
    type('backup-secret', CODE);
    submit('backup-export');
    await settle();
    expect(byTestId('backup-exported')!.textContent).toContain('1人分');

    // Merge: no question asked.
    type('restore-secret', CODE);
    submit('backup-import');
    await settle();
    expect(b.last('backup_import')!.mode).toBe('merge');
    expect(byTestId('backup-imported')!.textContent).toContain('登録は2人です');

    // Replace: asked first; cancel means nothing happens.
    await click('backup-mode-replace');
    type('restore-secret', CODE);
    submit('backup-import');
    await settle();
    const imports = b.count('backup_import');
    expect(byTestId('confirm-dialog')!.textContent).toContain('今のデータを置き換えますか？');
    await click('confirm-cancel');
    expect(b.count('backup_import')).toBe(imports);
    submit('backup-import');
    await settle();
    await click('confirm-delete');
    expect(b.count('backup_import')).toBe(imports + 1);
    expect(b.last('backup_import')!.mode).toBe('replace');
  });

  it('shows the version, the offline promise, the data folder and the licences', async () => {
    await openSettings();
    expect(byTestId('settings-version')!.textContent).toBe('0.1.0');
    expect(byTestId('settings-about')!.textContent).toContain('ネットワークを一切使いません');
    expect(byTestId('settings-data-dir')!.textContent).toContain('jp.hokenwallet.app');
    const details = byTestId('settings-licenses') as HTMLDetailsElement;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    for (let i = 0; i < 100 && !byTestId('settings-license-list'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await settle();
    }
    const list = byTestId('settings-license-list')!;
    expect(Number(list.dataset.count)).toBeGreaterThan(50);
    expect(list.textContent).toContain('svelte');
    expect(list.textContent).toContain('tauri');
  });
});

describe('reminder events', () => {
  it('a clicked notification opens its member', async () => {
    const b = backend('open');
    await launch();
    expect(byTestId('home')).not.toBeNull();
    await emit('open-member', 'm1');
    await settle();
    expect(byTestId('member-screen')).not.toBeNull();
    expect(b.last('get_member')!.id).toBe('m1');
  });

  it('delivered reminders make home read the family again', async () => {
    const b = backend('open');
    await launch();
    expect(b.count('launch')).toBe(1);
    expect(b.count('home')).toBe(0);
    await emit('reminders-due', []);
    await settle();
    expect(b.count('home')).toBe(1);
    expect(byTestId('home')).not.toBeNull();
  });

  it('a notification click is ignored while the vault is not open', async () => {
    const b = backend('no_vault');
    await launch();
    await emit('open-member', 'm1');
    await settle();
    expect(byTestId('first-run')).not.toBeNull();
    expect(b.count('get_member')).toBe(0);
  });
});
