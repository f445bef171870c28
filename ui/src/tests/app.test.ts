import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import { lang } from '../lib/i18n';
import type { CheckResult } from '../bindings/CheckResult';
import { badgeTone, deadline } from './answers';

const result = {
  birth: { iso: '1980-06-01', era: '昭和55年6月1日' },
  dates: {
    certificate_expiry: '2025-06-01',
    renewal_opens: '2025-03-02',
    grace_warn: '2025-09-01',
    grace_end: '2025-09-30',
    card_expiry: '2033-06-01',
    certificate_expiry_source: 'entered',
    card_expiry_source: null,
    capped_by_card: false,
    leap_day_adjusted: true,
    phone_cert_expiry: null,
    kakunin_expiry: null,
  },
  timeline: {
    today: '2025-06-04',
    status: 'grace',
    status_until: '2025-09-30',
    status_tone: badgeTone('grace', ['期限切れ・猶予は令和7年（2025年）9月30日まで', 'Expired – grace period (until 30 September 2025)']),
    status_date: { date: '2025-09-30', kind: 'grace_end', label_ja: '最終利用日', label_en: 'Last usable day' },
    phone_usable: null,
    deadlines: [
      deadline('certificate_expiry', '2025-06-01', -3, 'expired', '電子証明書の期限が過ぎました。', 'The certificate has expired.'),
      deadline('grace_end', '2025-09-30', 118, 'urgent', '市区町村の窓口で更新してください。', 'Renew at your municipal office.'),
    ],
  },
} as unknown as CheckResult;

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

function type(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await tick();
  }
  flushSync();
}

/** Launches into the first-run screen (no vault) and opens the deadline checker from it. */
async function openChecker() {
  app = mount(App, { target });
  await settle();
  byTestId('open-checker')!.click();
  await settle();
  expect(byTestId('checker-screen')).not.toBeNull();
}

const noVault = { state: 'no_vault', reason: null };

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

describe('App', () => {
  it('checks and shows the timeline', async () => {
    let sent: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === 'check_deadlines') {
        sent = args;
        return result;
      }
      if (cmd === 'app_info') return { name: 'Hoken Wallet', version: '0.1.0' };
      if (cmd === 'launch') return { vault: noVault, home: null };
    });
    await openChecker();
    expect(document.documentElement.lang).toBe('ja');
    expect(document.title).toBe('保険ウォレット');

    type('input-birth', '昭和55年6月1日');
    type('input-cert-expiry', '2025-06-01');
    byTestId('check-button')!.click();
    await settle();

    expect(sent).toEqual({ request: { birth: '昭和55年6月1日', cert_expiry: '2025-06-01' } });
    expect(byTestId('result')).not.toBeNull();
    expect(byTestId('status-badge')!.textContent).toContain('期限切れ・猶予（ゆうよ）は令和7年（2025年）9月30日まで');
    const row = byTestId('deadline-certificate_expiry')!;
    expect(row.querySelector('[data-testid="deadline-date"]')!.textContent).toBe('2025-06-01');
    expect(row.textContent).toContain('電子証明書の有効期限が切れました');
    expect(row.textContent).toContain('令和7年（2025年）6月1日');
    expect(row.textContent).toContain('3日前に過ぎました');
    expect(row.textContent).toContain('期限切れ');
    expect(byTestId('deadline-grace_end')!.textContent).toContain('あと118日');
    // The status line names its date by what happens on it.
    expect(byTestId('status-until')!.textContent).toContain('最終利用日: 令和7年（2025年）9月30日');
    expect(byTestId('note-leap-day')).not.toBeNull();
    expect(byTestId('note-entered')).not.toBeNull();
    expect(byTestId('error')).toBeNull();

    byTestId('lang-toggle')!.click();
    flushSync();
    expect(document.documentElement.lang).toBe('en');
    expect(byTestId('status-badge')!.textContent).toContain('Expired – grace period (until 30 September 2025)');
    expect(byTestId('deadline-grace_end')!.textContent).toContain('118 days left');
    expect(byTestId('deadline-grace_end')!.textContent).toContain('Renew at your municipal office.');
  });

  it('shows the backend error in the alert, in the chosen language', async () => {
    mockIPC((cmd) => {
      if (cmd === 'check_deadlines') {
        throw { kind: 'invalid_date', message: 'Not a date: 1980-02-30', message_ja: '日付が正しくありません: 1980-02-30' };
      }
      if (cmd === 'launch') return { vault: noVault, home: null };
    });
    await openChecker();
    type('input-birth', '1980-02-30');
    type('input-issued', '2023-04-10');
    byTestId('check-button')!.click();
    await settle();
    const alert = byTestId('error')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('日付が正しくありません: 1980-02-30');
    expect(byTestId('result')).toBeNull();
    byTestId('lang-toggle')!.click();
    flushSync();
    expect(byTestId('error')!.textContent).toContain('Not a date: 1980-02-30');
  });

  it('asks for the birth date before calling the backend', async () => {
    let called = false;
    mockIPC((cmd) => {
      if (cmd === 'check_deadlines') called = true;
      if (cmd === 'launch') return { vault: noVault, home: null };
    });
    await openChecker();
    byTestId('check-button')!.click();
    await settle();
    expect(called).toBe(false);
    expect(byTestId('error')!.textContent).toContain('生年月日を入力してください。');
  });
});
