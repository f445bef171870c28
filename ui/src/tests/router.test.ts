import { describe, expect, it } from 'vitest';
import { isDamaged, launchScreen, screenForStatus, screenForVaultError } from '../lib/router';
import { homeAnswer } from './answers';
import type { ErrorPayload } from '../bindings/ErrorPayload';

const keyMissing: ErrorPayload = {
  kind: 'key_unavailable',
  message: 'The keyring has no key for this vault',
  message_ja: 'キーリングにこの保管庫の鍵がありません',
};
const damaged: ErrorPayload = {
  kind: 'damaged',
  message: 'members.hkw is damaged',
  message_ja: 'members.hkw が壊れています',
};

describe('screenForStatus', () => {
  it('no vault → first run, locked → recovery with the reason, open → home', () => {
    expect(screenForStatus({ state: 'no_vault', reason: null })).toEqual({ name: 'first_run' });
    expect(screenForStatus({ state: 'locked', reason: keyMissing })).toEqual({ name: 'locked', reason: keyMissing });
    expect(screenForStatus({ state: 'open', reason: null })).toEqual({ name: 'home' });
  });
});

describe('launchScreen', () => {
  it('asks launch once and follows it', async () => {
    let calls = 0;
    const screen = await launchScreen(async () => {
      calls++;
      return { vault: { state: 'locked', reason: keyMissing }, home: null };
    });
    expect(calls).toBe(1);
    expect(screen).toEqual({ name: 'locked', reason: keyMissing });
  });

  it('an open vault goes home with the family launch brought', async () => {
    const home = homeAnswer({ today: '2026-12-01', members: [] }, { d1: 'data:image/jpeg;base64,/9g=' });
    const screen = await launchScreen(async () => ({ vault: { state: 'open', reason: null }, home }));
    expect(screen).toEqual({ name: 'home', initial: home });
  });

  it('a key lost while launching goes to recovery', async () => {
    expect(await launchScreen(() => Promise.reject(keyMissing))).toEqual({ name: 'locked', reason: keyMissing });
  });

  it('a damaged vault becomes the error screen, not an exception', async () => {
    const screen = await launchScreen(() => Promise.reject(damaged));
    expect(screen).toEqual({ name: 'failed', error: damaged });
    expect(isDamaged(damaged)).toBe(true);
    expect(isDamaged(keyMissing)).toBe(false);
    expect(isDamaged('damaged')).toBe(false);
  });

  it('any other failure (I/O, busy) is the error screen too', async () => {
    const busy = { kind: 'busy', message: 'busy', message_ja: '使用中です' };
    expect(await launchScreen(() => Promise.reject(busy))).toEqual({ name: 'failed', error: busy });
  });
});

describe('screenForVaultError', () => {
  it('leaves the screen only for a lost key, a damaged or a missing vault', () => {
    expect(screenForVaultError(keyMissing)).toEqual({ name: 'locked', reason: keyMissing });
    expect(screenForVaultError(damaged)).toEqual({ name: 'failed', error: damaged });
    expect(screenForVaultError({ kind: 'no_vault', message: '', message_ja: '' })).toEqual({ name: 'first_run' });
    expect(screenForVaultError({ kind: 'invalid_date', message: 'x', message_ja: 'x' })).toBeNull();
    expect(screenForVaultError(new Error('boom'))).toBeNull();
  });
});
