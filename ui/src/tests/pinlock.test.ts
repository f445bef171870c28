import { describe, expect, it } from 'vitest';
import { hideInAppSwitcher, pinLongEnough, waitText, watchActivity } from '../lib/pinlock';
import { screenForStatus, screenForVaultError } from '../lib/router';
import { canOpenMember } from '../lib/events';

describe('the app lock in the UI', () => {
  it('says how long to wait, never how many tries remain', () => {
    expect(waitText(30, 'ja')).toBe('30秒');
    expect(waitText(61, 'ja')).toBe('2分');
    expect(waitText(3600, 'en')).toBe('1 hour');
    expect(waitText(1, 'en')).toBe('1 second');
  });

  it('accepts 6+ digits (full-width too) or an 8+ character passphrase', () => {
    expect(pinLongEnough('12345')).toBe(false);
    expect(pinLongEnough('123456')).toBe(true);
    expect(pinLongEnough('１２３４５６')).toBe(true);
    expect(pinLongEnough('abcdefg')).toBe(false);
    expect(pinLongEnough('かぎのことば8字')).toBe(true);
  });

  it('goes to the lock screen when the vault says so', () => {
    expect(screenForStatus({ state: 'pin_locked', reason: null })).toEqual({ name: 'pin_lock' });
    expect(screenForVaultError({ kind: 'pin_required', message: 'PIN', message_ja: 'PIN' })).toEqual({ name: 'pin_lock' });
    expect(canOpenMember('pin_lock')).toBe(false);
  });

  it('reports activity at most once per interval', () => {
    const target = new EventTarget();
    let pings = 0;
    const stop = watchActivity(target, () => pings++, 60_000);
    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('pointerdown'));
    expect(pings).toBe(1);
    stop();
    expect(hideInAppSwitcher('linux')).toBeTypeOf('function');
  });
});
