import { describe, expect, it } from 'vitest';
import { emptyMemberForm, fieldOfError, hasInsuranceInfo, MEMBER_FIELDS, missingFields, toMemberForm } from '../lib/memberForm';

describe('toMemberForm', () => {
  it('has every MemberForm field, trimmed, and 本人 by default', () => {
    const form = toMemberForm({ name: '  山田 太郎 ', birth: ' 昭和55年6月1日', cert_expiry: 'R7.6.1 ', relation: '' });
    expect(Object.keys(form).sort()).toEqual([...MEMBER_FIELDS].sort());
    expect(form.name).toBe('山田 太郎');
    expect(form.birth).toBe('昭和55年6月1日');
    expect(form.cert_expiry).toBe('R7.6.1');
    expect(form.relation).toBe('本人');
    expect(form.insurer_number).toBe('');
    expect(toMemberForm({ relation: '家族' }).relation).toBe('家族');
    expect(toMemberForm({ kana: null }).kana).toBe('');
  });

  it('starts empty', () => {
    const form = emptyMemberForm();
    expect(missingFields(form)).toEqual(['name', 'birth']);
    expect(hasInsuranceInfo(form)).toBe(false);
    expect(hasInsuranceInfo({ ...form, ratio: '3割' })).toBe(true);
  });
});

describe('fieldOfError', () => {
  it('finds the field a backend error names', () => {
    expect(fieldOfError('生年月日: 日付が正しくありません')).toBe('birth');
    expect(fieldOfError('電子証明書の有効期限：日付が正しくありません')).toBe('cert_expiry');
    expect(fieldOfError('birth date: not a date')).toBe('birth');
    expect(fieldOfError('保険者番号: 検証番号が違います')).toBe('insurer_number');
    expect(fieldOfError('負担割合: 1割・2割・3割のどれかを入力してください')).toBe('ratio');
    expect(fieldOfError('名前を入力してください')).toBeNull();
    expect(fieldOfError('unknown: x')).toBeNull();
  });
});
