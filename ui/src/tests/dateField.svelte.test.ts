import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import DateField from '../lib/components/DateField.svelte';
import { composeDate } from '../lib/dateInput';
import { lang } from '../lib/i18n';
import type { DateParts } from '../bindings/DateParts';

/** What core's date_parts answers for the forms these tests type (core/src/era.rs tests the reading). */
const SHOWA_40: DateParts = { iso: '1965-10-01', era: 'showa', era_year: 40, year: 1965, month: 10, day: 1, display: '昭和40年（1965年）10月1日' };
const HEISEI_2: DateParts = { iso: '1990-04-10', era: 'heisei', era_year: 2, year: 1990, month: 4, day: 10, display: '平成2年（1990年）4月10日' };
const ANSWERS: Record<string, DateParts> = {
  '昭和40年10月1日': SHOWA_40,
  'S40.10.1': SHOWA_40,
  '1965-10-01': SHOWA_40,
  '平成2年4月10日': HEISEI_2,
};

let target: HTMLElement;
let field: ReturnType<typeof mount> | null = null;
let asked: string[] = [];
/** The form's side of `bind:value` (a .svelte.ts file, so that it can hold state). */
const props = $state({ value: '' });

const q = <T extends HTMLElement>(id: string) => target.querySelector<T>(`[data-testid="${id}"]`)!;

async function settle(ms = 260) {
  await new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 6; i++) {
    await Promise.resolve();
    await tick();
  }
  flushSync();
}

function type(value: string) {
  const input = q<HTMLInputElement>('birth');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function choose(id: string, value: string) {
  const el = q<HTMLSelectElement | HTMLInputElement>(id);
  if (el instanceof HTMLSelectElement) for (const o of el.options) o.selected = o.value === value;
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

beforeEach(() => {
  lang.set('ja');
  asked = [];
  props.value = '';
  mockIPC((cmd, args) => {
    if (cmd !== 'date_parts') throw new Error(`unexpected ${cmd}`);
    const input = String((args as { input: string }).input);
    asked.push(input);
    const answer = ANSWERS[input];
    if (!answer) throw { kind: 'invalid_date', message: 'no such date', message_ja: 'その日付はありません' };
    return answer;
  });
  target = document.createElement('div');
  document.body.append(target);
  field = mount(DateField, {
    target,
    props: {
      id: 'birth',
      testid: 'birth',
      label: '生年月日',
      required: true,
      get value() {
        return props.value;
      },
      set value(v: string) {
        props.value = v;
      },
    },
  });
  flushSync();
});

afterEach(() => {
  if (field) unmount(field);
  field = null;
  target.remove();
  clearMocks();
});

describe('the date input', () => {
  for (const typed of ['昭和40年10月1日', 'S40.10.1', '1965-10-01']) {
    it(`reads ${typed} through core: the pickers follow and the date is shown back in the app's style`, async () => {
      type(typed);
      await settle();
      expect(asked).toContain(typed);
      expect(q<HTMLSelectElement>('birth-era').value).toBe('showa');
      expect(q<HTMLInputElement>('birth-year').value).toBe('40');
      expect(q<HTMLSelectElement>('birth-month').value).toBe('10');
      expect(q<HTMLSelectElement>('birth-day').value).toBe('1');
      expect(q('birth-shown').textContent).toContain('昭和40年（1965年）10月1日');
      expect(props.value).toBe(typed);
    });
  }

  it('writes the chosen era, year, month and day as text core reads', async () => {
    choose('birth-era', 'heisei');
    choose('birth-year', '2');
    choose('birth-month', '4');
    expect(props.value).toBe('');
    choose('birth-day', '10');
    expect(props.value).toBe('平成2年4月10日');
    await settle();
    expect(q('birth-shown').textContent).toContain('平成2年（1990年）4月10日');
  });

  it('shows nothing back for a date core cannot read, and keeps what was typed', async () => {
    type('昭和65年1月1日');
    await settle();
    expect(q('birth-shown').textContent!.trim()).toBe('');
    expect(props.value).toBe('昭和65年1月1日');
  });
});

describe('composeDate', () => {
  it('writes era dates in kanji and Western dates in ISO, nothing until all four are chosen', () => {
    expect(composeDate('showa', '40', '10', '1')).toBe('昭和40年10月1日');
    expect(composeDate('reiwa', '１', '5', '1')).toBe('令和1年5月1日');
    expect(composeDate('western', '1965', '10', '1')).toBe('1965-10-01');
    expect(composeDate('', '40', '10', '1')).toBeNull();
    expect(composeDate('showa', '', '10', '1')).toBeNull();
    expect(composeDate('showa', '40', '', '1')).toBeNull();
    expect(composeDate('showa', 'x', '10', '1')).toBeNull();
  });
});
