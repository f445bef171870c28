import type { CheckRequest } from '../bindings/CheckRequest';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import { translate, type Lang } from './i18n';

/**
 * The only place that talks to the Rust side. The calls themselves are generated from the
 * Rust declaration of the IPC surface (src-tauri/src/ipc/surface.rs) into
 * ../bindings/commands.ts; every command rejects with an ErrorPayload `{kind, message,
 * message_ja}` whose kinds are the ErrorKind union; see {@link errorMessage}.
 */
export * from '../bindings/commands';

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && typeof v.message === 'string' && typeof v.message_ja === 'string';
}

/** Turns whatever a command rejected with into one sentence in the user's language. */
export function errorMessage(error: unknown, lang: Lang): string {
  if (isErrorPayload(error)) {
    const text = lang === 'ja' ? error.message_ja || error.message : error.message || error.message_ja;
    if (text.trim()) return text;
  } else if (typeof error === 'string' && error.trim()) {
    return error;
  } else if (error instanceof Error && error.message.trim()) {
    return error.message;
  }
  return translate(lang, 'error.unknown');
}

/** Builds the request from form fields: trimmed, and empty fields left out. */
export function buildRequest(fields: {
  birth: string;
  issued?: string;
  cert_expiry?: string;
  card_expiry?: string;
  phone_cert_expiry?: string;
}): CheckRequest {
  const request: CheckRequest = { birth: fields.birth.trim() };
  const optional = ['issued', 'cert_expiry', 'card_expiry', 'phone_cert_expiry'] as const;
  for (const key of optional) {
    const value = fields[key]?.trim();
    if (value) request[key] = value;
  }
  return request;
}
