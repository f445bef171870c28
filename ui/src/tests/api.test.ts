import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { CheckResult } from '../bindings/CheckResult';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import {
  appInfo,
  buildRequest,
  checkDeadlines,
  checkInsurerNumber,
  dateInfo,
  errorMessage,
  isErrorPayload,
} from '../lib/api';

afterEach(() => clearMocks());

const sample = {
  birth: { iso: '1980-06-01', era: '昭和55年6月1日' },
  dates: {
    certificate_expiry: '2028-06-01',
    renewal_opens: '2028-03-02',
    grace_warn: '2028-09-01',
    grace_end: '2028-09-30',
    card_expiry: '2033-06-01',
    certificate_expiry_source: 'computed',
    card_expiry_source: 'computed',
    capped_by_card: false,
    leap_day_adjusted: false,
    phone_cert_expiry: null,
    kakunin_expiry: null,
  },
  timeline: {
    today: '2025-06-01',
    status: 'usable',
    status_until: '2028-03-02',
    phone_usable: null,
    deadlines: [
      {
        kind: 'certificate_expiry',
        date: '2028-06-01',
        days_left: 1096,
        severity: 'info',
        message_ja: '更新の準備をしましょう。',
        message_en: 'Get ready to renew.',
      },
    ],
  },
} as unknown as CheckResult;

const failure: ErrorPayload = {
  kind: 'invalid_date',
  message: 'Not a date: 2025-02-30 (February has 28 days in 2025)',
  message_ja: '日付が正しくありません: 2025-02-30（2025年の2月は28日までです）',
};

describe('api', () => {
  it('checkDeadlines sends {request} to check_deadlines', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'check_deadlines') return sample;
      throw new Error(`unexpected ${cmd}`);
    });
    const request = { birth: 'S55.6.1', issued: '2023-04-10' };
    await expect(checkDeadlines(request)).resolves.toEqual(sample);
    expect(calls).toEqual([['check_deadlines', { request }]]);
  });

  it('date_info, check_insurer_number and app_info take the documented arguments', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      switch (cmd) {
        case 'date_info':
          return { iso: '1980-06-01', era: '昭和55年6月1日' };
        case 'check_insurer_number':
          return { valid: true, normalized: '01010016', check_digit: 6 };
        case 'app_info':
          return { name: 'Hoken Wallet', version: '0.1.0' };
      }
    });
    await expect(dateInfo('S55.6.1')).resolves.toEqual({ iso: '1980-06-01', era: '昭和55年6月1日' });
    await expect(checkInsurerNumber('01010016')).resolves.toMatchObject({ valid: true, check_digit: 6 });
    await expect(appInfo()).resolves.toEqual({ name: 'Hoken Wallet', version: '0.1.0' });
    expect(calls.map(([cmd]) => cmd)).toEqual(['date_info', 'check_insurer_number', 'app_info']);
    expect(calls[0][1]).toEqual({ input: 'S55.6.1' });
    expect(calls[1][1]).toEqual({ input: '01010016' });
  });

  it('a rejection carries the ErrorPayload and reads in the chosen language', async () => {
    mockIPC(() => {
      throw failure;
    });
    const error = await checkDeadlines({ birth: '2025-02-30' }).catch((e: unknown) => e);
    expect(isErrorPayload(error)).toBe(true);
    expect(errorMessage(error, 'ja')).toBe(failure.message_ja);
    expect(errorMessage(error, 'en')).toBe(failure.message);
  });
});

describe('errorMessage', () => {
  it('picks message_ja or message', () => {
    expect(errorMessage(failure, 'ja')).toBe(failure.message_ja);
    expect(errorMessage(failure, 'en')).toBe(failure.message);
  });

  it('falls back to the other language when one is empty', () => {
    expect(errorMessage({ ...failure, message_ja: '' }, 'ja')).toBe(failure.message);
  });

  it('handles strings, Errors and junk', () => {
    expect(errorMessage('command not found', 'ja')).toBe('command not found');
    expect(errorMessage(new Error('boom'), 'en')).toBe('boom');
    expect(errorMessage(undefined, 'ja')).toBe('予期しないエラーが起きました。もう一度お試しください。');
    expect(errorMessage({ kind: 1 }, 'en')).toBe('Something went wrong. Please try again.');
    expect(isErrorPayload(null)).toBe(false);
  });
});

describe('buildRequest', () => {
  it('trims and leaves out empty fields', () => {
    expect(
      buildRequest({ birth: ' S55.6.1 ', issued: '', cert_expiry: ' 2028-06-01', card_expiry: '  ' }),
    ).toEqual({ birth: 'S55.6.1', cert_expiry: '2028-06-01' });
  });
});
