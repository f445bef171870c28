import { describe, expect, it } from 'vitest';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import { addLead, EDITABLE_KINDS, leadsOf, parseLead, removeLead, sameSettings } from '../lib/reminderSettings';
import { backupSecretProblem } from '../lib/settings';
import { guideEntryShown, settingsEntryShown } from '../lib/nav';
import { canOpenMember } from '../lib/events';

const defaults: ReminderSettings = {
  leads: {
    renewal_opens: [0],
    certificate_expiry: [30, 7, 0],
    grace_warn: [0],
    grace_end: [14, 0],
    card_expiry: [90, 30],
    kakunin_expiry: [30],
    phone_certificate_expiry: [30, 7],
  },
};

describe('reminder lead times', () => {
  it('reads whole days from 0 to 365, full-width digits too', () => {
    expect(parseLead('14')).toEqual({ ok: true, days: 14 });
    expect(parseLead(' ０ ')).toEqual({ ok: true, days: 0 });
    expect(parseLead('３６５')).toEqual({ ok: true, days: 365 });
    expect(parseLead('')).toEqual({ ok: false, error: 'settings.leadEmpty' });
    expect(parseLead('1.5')).toEqual({ ok: false, error: 'settings.leadNotNumber' });
    expect(parseLead('-3')).toEqual({ ok: false, error: 'settings.leadNotNumber' });
    expect(parseLead('二週間')).toEqual({ ok: false, error: 'settings.leadNotNumber' });
    expect(parseLead('366')).toEqual({ ok: false, error: 'settings.leadTooFar' });
  });

  it('adds a day in firing order and refuses duplicates and a sixth one', () => {
    const added = addLead(defaults, 'certificate_expiry', '60');
    expect(added.ok && leadsOf(added.settings, 'certificate_expiry')).toEqual([60, 30, 7, 0]);
    // The other kinds are untouched, and the input settings too.
    expect(added.ok && leadsOf(added.settings, 'card_expiry')).toEqual([90, 30]);
    expect(leadsOf(defaults, 'certificate_expiry')).toEqual([30, 7, 0]);

    expect(addLead(defaults, 'certificate_expiry', '7')).toEqual({ ok: false, error: 'settings.leadDuplicate' });
    let s = defaults;
    for (const d of ['1', '2']) {
      const r = addLead(s, 'certificate_expiry', d);
      if (!r.ok) throw new Error(r.error);
      s = r.settings;
    }
    expect(leadsOf(s, 'certificate_expiry')).toHaveLength(5);
    expect(addLead(s, 'certificate_expiry', '3')).toEqual({ ok: false, error: 'settings.leadTooMany' });
  });

  it('adds to a kind that had none', () => {
    const r = addLead({ leads: {} }, 'grace_warn', '3');
    expect(r.ok && r.settings.leads.grace_warn).toEqual([3]);
  });

  it('removes a day; removing every day means no reminder', () => {
    const s = removeLead(defaults, 'grace_end', 14);
    expect(leadsOf(s, 'grace_end')).toEqual([0]);
    expect(leadsOf(removeLead(s, 'grace_end', 0), 'grace_end')).toEqual([]);
    expect(sameSettings(defaults, defaults)).toBe(true);
    expect(sameSettings(defaults, s)).toBe(false);
  });

  it('edits every deadline but the stale-screen one (it has no lead time)', () => {
    expect(EDITABLE_KINDS).toHaveLength(7);
    expect(EDITABLE_KINDS).not.toContain('snapshot_stale');
  });
});

describe('backup secrets', () => {
  it('needs something typed; a passphrase of 10+ characters, typed twice the same', () => {
    expect(backupSecretProblem('code', '  ', '')).toBe('settings.backup.needSecret');
    expect(backupSecretProblem('code', 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01', '')).toBeNull();
    expect(backupSecretProblem('passphrase', 'short', 'short')).toBe('settings.backup.passShort');
    // Ten characters, counted as characters (not UTF-16 units).
    expect(backupSecretProblem('passphrase', 'ほけんうぉれっとです', 'ほけんうぉれっとです')).toBeNull();
    expect(backupSecretProblem('passphrase', '😀😀😀😀😀', '😀😀😀😀😀')).toBe('settings.backup.passShort');
    expect(backupSecretProblem('passphrase', 'correct horse', 'correct house')).toBe('settings.backup.passMismatch');
  });
});

describe('the header entries and the reminder events', () => {
  it('shows the guide everywhere but while loading, settings only with the vault open', () => {
    expect(guideEntryShown({ name: 'first_run' })).toBe(true);
    expect(guideEntryShown({ name: 'locked', reason: null })).toBe(true);
    expect(guideEntryShown({ name: 'loading' })).toBe(false);
    expect(settingsEntryShown({ name: 'home' })).toBe(true);
    expect(settingsEntryShown({ name: 'member', id: 'm1' })).toBe(true);
    expect(settingsEntryShown({ name: 'first_run' })).toBe(false);
    expect(settingsEntryShown({ name: 'locked', reason: null })).toBe(false);
    expect(settingsEntryShown({ name: 'failed', error: null })).toBe(false);
    expect(settingsEntryShown({ name: 'guide', back: { name: 'first_run' } })).toBe(false);
    expect(settingsEntryShown({ name: 'guide', back: { name: 'home' } })).toBe(true);
    expect(settingsEntryShown({ name: 'checker', back: { name: 'locked', reason: null } })).toBe(false);
  });

  it('opens a member from a notification only with the vault open', () => {
    expect(canOpenMember('home')).toBe(true);
    expect(canOpenMember('settings')).toBe(true);
    expect(canOpenMember('locked')).toBe(false);
    expect(canOpenMember('first_run')).toBe(false);
    expect(canOpenMember('loading')).toBe(false);
    // Nothing typed or shown at the counter is lost to a notification.
    for (const busy of ['add', 'edit', 'import', 'qr_receive', 'clinic', 'first_member']) {
      expect(canOpenMember(busy)).toBe(false);
    }
    expect(canOpenMember('member')).toBe(true);
  });
});
