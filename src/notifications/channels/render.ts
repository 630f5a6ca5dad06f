/** Fills a kind's Vietnamese templates from the row's data: an email, a short text for Zalo, one SMS. */
import { formatDay, formatInstant, localDay } from "../../lib/dates";
import { EMAIL_FOOTER, EMAIL_GREETING, OUTGOING_TEXTS } from "../messages";
import { isGsm7, SMS_LENGTH, toSmsText } from "../rules";
import type { Channel, NotificationKind } from "../schema";

/** What a row's `data` holds: the event's values plus the absolute link. */
export type StoredData = Record<string, string | number | undefined> & { link: string };

export type Rendered = { subject: string; text: string };

/** The template's values, formatted for people: dates dd/mm/yyyy and times HH:mm in Asia/Ho_Chi_Minh. */
function templateValues(data: StoredData): Record<string, string> {
  const values: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && String(value).trim() !== "") values[name] = String(value).trim();
  };
  put("unit", data.unitName);
  put("code", data.trackingCode ?? data.registrationCode);
  put("title", data.title);
  put("venue", data.venue);
  put("position", data.position);
  put("reason", data.reason);
  put("link", data.link);
  if (typeof data.resolveBy === "string") put("due", formatDay(data.resolveBy));
  if (typeof data.startsAt === "string") {
    const instant = new Date(data.startsAt);
    if (!Number.isNaN(instant.getTime())) {
      put("date", formatDay(localDay(instant)));
      put("time", formatInstant(data.startsAt).slice(-5));
    }
  }
  return values;
}

/** The template with its values, or null when one of them is missing (the line or alternative is left out). */
function fill(template: string, values: Record<string, string>): string | null {
  let missing = false;
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined) missing = true;
    return values[name] ?? "";
  });
  return missing ? null : text;
}

export function renderMessage(kind: NotificationKind, channel: Channel, data: StoredData): Rendered {
  const texts = OUTGOING_TEXTS[kind];
  const values = templateValues(data);
  const subject = fill(texts.subject, values) ?? fill("{link}", values) ?? "";
  if (channel === "email") {
    const lines = texts.body.map((line) => fill(line, values)).filter((line): line is string => line !== null);
    return { subject, text: [EMAIL_GREETING, "", ...lines, "", EMAIL_FOOTER].join("\n") };
  }
  const alternatives = texts.short.map((template) => fill(template, values)).filter((text): text is string => text !== null);
  if (channel === "zalo") return { subject, text: alternatives[0] ?? subject };
  const sms = alternatives.map(toSmsText);
  // The first that fits one SMS; if none does (a very long origin), the shortest, sent as a longer message.
  const fitting = sms.find((text) => text.length <= SMS_LENGTH && isGsm7(text));
  return { subject, text: fitting ?? sms.reduce((shortest, text) => (text.length < shortest.length ? text : shortest), toSmsText(subject)) };
}
