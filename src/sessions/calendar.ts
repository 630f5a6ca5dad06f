/**
 * iCalendar (RFC 5545) written by hand, as STACK.md found best: CRLF line ends, lines folded at 75 octets
 * (never inside a UTF-8 character), TEXT escaped, a UID stable per session, SEQUENCE, STATUS, and local
 * times with TZID Asia/Ho_Chi_Minh and a fixed +07:00 VTIMEZONE (Vietnam has no daylight saving). Pure.
 */

export type CalendarEvent = {
  id: string;
  sequence: number;
  title: string;
  description: string;
  location: string;
  startsAt: string;
  endsAt: string;
  cancelled: boolean;
  url: string;
  updatedAt: string;
};

const encoder = new TextEncoder();
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line into pieces of at most 75 octets, continuation lines starting with a space (§3.1). */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = pieces.length === 0 ? 75 : 74; // a continuation's leading space counts
    if (octets + size > limit) {
      pieces.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

/** 20260310T080000Z */
export function utcStamp(iso: string): string {
  return `${iso.slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** The local wall time in Asia/Ho_Chi_Minh: 20260310T080000, for DTSTART;TZID=Asia/Ho_Chi_Minh. */
export function localStamp(iso: string): string {
  return new Date(Date.parse(iso) + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace(/[-:]/g, "");
}

/** A UID that stays the same for the session whatever address the app is reached at. */
export const eventUid = (sessionId: string) => `${sessionId}@doi-thoai.citizen-dialogue`;

function eventLines(event: CalendarEvent): string[] {
  return [
    "BEGIN:VEVENT",
    `UID:${eventUid(event.id)}`,
    `DTSTAMP:${utcStamp(event.updatedAt)}`,
    `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    `DTSTART;TZID=Asia/Ho_Chi_Minh:${localStamp(event.startsAt)}`,
    `DTEND;TZID=Asia/Ho_Chi_Minh:${localStamp(event.endsAt)}`,
    `SUMMARY:${escapeText(event.title)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `LOCATION:${escapeText(event.location)}`,
    `URL:${event.url}`,
    "END:VEVENT",
  ];
}

/** A whole calendar: one session's file, or a commune's feed. */
export function icsCalendar(name: string, events: CalendarEvent[]): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Doi thoai//Citizen dialogue//VI",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
    "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Ho_Chi_Minh",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
    ...events.flatMap(eventLines),
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
