import type { MemberForm } from '../bindings/MemberForm';

/** The fields of the collapsible 保険証の情報（任意） group. */
export const INSURANCE_FIELDS = [
  'insurer_number',
  'insurer_name',
  'symbol',
  'number',
  'branch',
  'ratio',
  'acquired',
] as const satisfies readonly (keyof MemberForm)[];

/** Every field of the member form, in the order the form shows them. */
export const MEMBER_FIELDS = [
  'name',
  'kana',
  'relation',
  'birth',
  'cert_issued',
  'cert_expiry',
  'card_expiry',
  'phone_cert_expiry',
  'kakunin_expiry',
  ...INSURANCE_FIELDS,
] as const satisfies readonly (keyof MemberForm)[];

export type MemberField = (typeof MEMBER_FIELDS)[number];

export const RELATIONS = ['本人', '家族'] as const;
export const RATIOS = ['', '1割', '2割', '3割'] as const;

export function emptyMemberForm(): MemberForm {
  const form = {} as Record<MemberField, string>;
  for (const key of MEMBER_FIELDS) form[key] = '';
  form.relation = '本人';
  return form;
}

/** What the form sends: every field trimmed (empty = absent), the relation 本人 by default. */
export function toMemberForm(fields: Partial<Record<MemberField, string | null | undefined>>): MemberForm {
  const form = emptyMemberForm();
  for (const key of MEMBER_FIELDS) form[key] = (fields[key] ?? '').trim();
  if (!form.relation) form.relation = '本人';
  return form;
}

/** The required fields left empty (checked before calling the backend). */
export function missingFields(form: MemberForm): ('name' | 'birth')[] {
  const missing: ('name' | 'birth')[] = [];
  if (!form.name.trim()) missing.push('name');
  if (!form.birth.trim()) missing.push('birth');
  return missing;
}

export function hasInsuranceInfo(form: MemberForm): boolean {
  return INSURANCE_FIELDS.some((key) => form[key].trim() !== '');
}

/** How the backend names each field at the start of an error message (`生年月日: …`). */
export const ERROR_LABELS: Partial<Record<MemberField, readonly string[]>> = {
  name: ['氏名', 'name'],
  relation: ['続柄', 'relation'],
  birth: ['生年月日', 'birth date'],
  cert_issued: ['発行日', 'issue date'],
  cert_expiry: ['電子証明書の有効期限', 'certificate expiry'],
  card_expiry: ['カードの有効期限', 'card expiry'],
  phone_cert_expiry: ['スマホ用電子証明書の有効期限', 'smartphone certificate expiry'],
  kakunin_expiry: ['資格確認書の有効期限', '資格確認書 expiry'],
  insurer_number: ['保険者番号', 'insurer number'],
  ratio: ['負担割合', 'co-payment ratio'],
  acquired: ['資格取得年月日', 'qualification date'],
};

/**
 * The field a backend error is about, from the label it starts with (`生年月日: …`,
 * `birth date: …`), so that the form can mark it. Null when it names none.
 */
export function fieldOfError(message: string, labels = ERROR_LABELS): MemberField | null {
  const colon = message.search(/[:：]/);
  if (colon <= 0) return null;
  const head = message.slice(0, colon).trim().toLowerCase();
  for (const key of MEMBER_FIELDS) {
    if (labels[key]?.some((label) => label.toLowerCase() === head)) return key;
  }
  return null;
}
