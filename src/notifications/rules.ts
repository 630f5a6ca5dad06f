/**
 * The outbox's pure rules: message identity, addresses and their masks, retry timing, reminders, and how a
 * channel's answer is judged. No I/O.
 */
import { sha256Hex } from "../lib/crypto";
import type { Channel, NotificationKind, OutboxMessage } from "./schema";

/** How long a consumer holds a row while it delivers; another copy of the message waits that long. */
export const LEASE_SECONDS = 60;
/** How late a delivery may be before the relay sends the row again ("still pending after a few minutes"). */
export const GRACE_SECONDS = 120;
/** A row pending this long after its hour is given up as `failed` (`expired`) instead of being re-sent forever. */
export const EXPIRE_AFTER_SECONDS = 2 * 24 * 60 * 60;

const SECOND = 1000;
export const addSeconds = (instant: Date, seconds: number) => new Date(instant.getTime() + seconds * SECOND).toISOString();

/** The row id: the same (event, recipient, channel) always gives the same id, and it reveals no address. */
export async function outboxId(event: string, recipient: string, channel: Channel): Promise<string> {
  return (await sha256Hex(`${event}\u0000${recipient}\u0000${channel}`)).slice(0, 32);
}

/** Backoff between delivery attempts: 30 s, 1, 2, 4, 8 min, then at most 15 min (`attempt` counts from 1). */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 900);
}

/** Phones as 0 and nine digits (+84… and 84… too); emails trimmed and lower-cased. */
export function normaliseAddress(channel: Channel, address: string): string {
  if (channel === "email") return address.trim().toLowerCase();
  const digits = address.replace(/[^\d+]/g, "");
  if (digits.startsWith("+84")) return `0${digits.slice(3)}`;
  if (/^84\d{9}$/.test(digits)) return `0${digits.slice(2)}`;
  return digits;
}

/** A phone as gateways take it: 84 and nine digits. */
export function internationalPhone(phone: string): string {
  return phone.startsWith("0") ? `84${phone.slice(1)}` : phone.replace(/^\+/, "");
}

const BULLET = "•";

/** Enough to recognise one's own address, not enough to learn someone else's: `09•••••678`, `b•••@example.vn`. */
export function maskAddress(channel: Channel, address: string): string {
  if (channel === "email") {
    const at = address.lastIndexOf("@");
    if (at < 0) return BULLET.repeat(3);
    const local = address.slice(0, at);
    return `${local.length > 1 ? local[0] : ""}${BULLET.repeat(3)}${address.slice(at)}`;
  }
  if (address.length < 7) return BULLET.repeat(Math.max(3, address.length));
  return `${address.slice(0, 2)}${BULLET.repeat(address.length - 5)}${address.slice(-3)}`;
}

/** The channels a contact reaches: email when given, the phone channel ("sms" or "zalo") when a phone is given. */
export function contactChannels(
  contact: { email?: string | null; phone?: string | null },
  phoneChannel: string | undefined,
): { channel: Channel; address: string }[] {
  const channels: { channel: Channel; address: string }[] = [];
  if (contact.email?.trim()) channels.push({ channel: "email", address: normaliseAddress("email", contact.email) });
  if (contact.phone?.trim()) channels.push({ channel: phoneChannel === "zalo" ? "zalo" : "sms", address: normaliseAddress("sms", contact.phone) });
  return channels;
}

/**
 * One message per channel a contact left (email, and the phone by `PHONE_CHANNEL`): what a caller writes for a
 * submitter or a registrant. No contact, no message.
 */
export function messagesForContact<K extends NotificationKind>(
  message: Omit<OutboxMessage<K>, "channel" | "address">,
  contact: { email?: string | null; phone?: string | null },
  phoneChannel: string | undefined,
): OutboxMessage<K>[] {
  return contactChannels(contact, phoneChannel).map(({ channel, address }) => ({ ...message, channel, address }) as OutboxMessage<K>);
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * SECOND;

/** 08:00 Asia/Ho_Chi_Minh on the day before a session starts, as an ISO instant. */
export function reminderAt(startsAt: string): string {
  const local = new Date(new Date(startsAt).getTime() + VIETNAM_OFFSET_MS);
  const dayBefore = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1, 8);
  return new Date(dayBefore - VIETNAM_OFFSET_MS).toISOString();
}

/** When to remind of a session, or null when that hour has already passed (no reminder for a late registration). */
export function reminderFor(startsAt: string, now: Date): string | null {
  const at = reminderAt(startsAt);
  return at > now.toISOString() ? at : null;
}

/**
 * Where links in messages point: `PUBLIC_ORIGIN`, else the origin of the request that caused them. A malformed
 * `PUBLIC_ORIGIN` (no scheme) falls back too: a configuration slip must not make every change that notifies fail.
 */
export function publicOrigin(env: { PUBLIC_ORIGIN?: string }, requestUrl: string): string {
  const configured = (env.PUBLIC_ORIGIN ?? "").trim();
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.protocol === "https:" || url.protocol === "http:") return url.origin;
    } catch {
      // fall through to the request's origin
    }
  }
  return new URL(requestUrl).origin;
}

export type Verdict = "sent" | "retry" | "failed" | "skipped";

/** A gateway's HTTP status: 2xx sent; 408/425/429 and 5xx worth another try; any other refusal is final. */
export function gatewayVerdict(status: number): Verdict {
  if (status >= 200 && status < 300) return "sent";
  if (status === 408 || status === 425 || status === 429 || status >= 500) return "retry";
  return "failed";
}

/** Email Service error codes (Workers API reference): the sender's domain not set up means "not configured". */
const EMAIL_NOT_CONFIGURED = new Set(["E_SENDER_NOT_VERIFIED", "E_SENDER_DOMAIN_NOT_AVAILABLE"]);
const EMAIL_FINAL = new Set([
  "E_VALIDATION_ERROR",
  "E_FIELD_MISSING",
  "E_TOO_MANY_RECIPIENTS",
  "E_RECIPIENT_NOT_ALLOWED",
  "E_RECIPIENT_SUPPRESSED",
  "E_CONTENT_TOO_LARGE",
  "E_HEADER_NOT_ALLOWED",
  "E_HEADER_USE_API_FIELD",
  "E_HEADER_VALUE_INVALID",
  "E_HEADER_VALUE_TOO_LONG",
  "E_HEADER_NAME_INVALID",
  "E_HEADERS_TOO_LARGE",
  "E_HEADERS_TOO_MANY",
]);

/** The verdict on an error the `send_email` binding threw. Unknown errors (an outage, a limit) are retried. */
export function emailErrorVerdict(code: string | undefined, message: string): Exclude<Verdict, "sent"> {
  if (code && EMAIL_NOT_CONFIGURED.has(code)) return "skipped";
  if (code && EMAIL_FINAL.has(code)) return "failed";
  // The local binding throws plain errors for its allow-lists: as final as E_RECIPIENT_NOT_ALLOWED.
  if (!code && / not allowed$/.test(message)) return "failed";
  return "retry";
}

/** The 7-bit GSM alphabet's basic set (3GPP TS 23.038): an SMS in it holds 160 characters, in UCS-2 only 70. */
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
export const SMS_LENGTH = 160;

export const isGsm7 = (text: string) => GSM7.test(text);

/**
 * Vietnamese without diacritics, as Vietnamese SMS is usually sent: "Đã trả lời" → "Da tra loi". Keeps case;
 * anything outside the GSM basic set becomes a plain equivalent or "?".
 */
export function toSmsText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[–—]/g, "-")
    .replace(/…/g, "...")
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/•/g, "*")
    .split("")
    .map((char) => (isGsm7(char) ? char : "?"))
    .join("");
}
