import { env } from "cloudflare:test";
import { api } from "./factory";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An instant `days` from now at a local hour (Asia/Ho_Chi_Minh), on a minute grid: `2026-03-10T01:00:00.000Z` for 08:00. */
export function localAt(days: number, hour: number, minute = 0): string {
  const local = new Date(Date.now() + 7 * HOUR + days * DAY);
  local.setUTCHours(hour, minute, 0, 0);
  return new Date(local.getTime() - 7 * HOUR).toISOString();
}

export const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

let venueCounter = 0;
/** A venue name nobody else in the file uses, so tests never clash by accident. */
export const freshVenue = (prefix = "Hội trường") => `${prefix} ${Date.now().toString(36)}-${++venueCounter}`;

let slot = 0;
/** A session body on a day of its own (from 60 days ahead), so that a file's sessions never share a chair's hour by accident. */
export function sessionBody(unitCode: string, overrides: Record<string, unknown> = {}) {
  const startsAt = localAt(60 + ++slot, 8);
  return {
    unitCode,
    title: "Hội nghị đối thoại với Nhân dân năm 2026",
    agenda: "Đường liên thôn; nước sạch; chính sách hỗ trợ hộ nghèo.",
    startsAt,
    endsAt: plusHours(startsAt, 3),
    venue: { name: freshVenue(), address: "Trụ sở UBND xã" },
    mode: "in_person",
    capacity: 50,
    ...overrides,
  };
}

export type SessionJson = {
  id: string;
  status: string;
  version: number;
  sequence: number;
  startsAt: string;
  endsAt: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  bridgePoints: { id: string; name: string; capacity: number; confirmed: number; waitlisted: number }[];
  [key: string]: unknown;
};

export async function book(token: string, body: Record<string, unknown>): Promise<SessionJson> {
  const response = await api("POST", "/api/v1/sessions", { token, body });
  if (response.status !== 201) throw new Error(`booking failed ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function act(token: string, id: string, action: Record<string, unknown>) {
  return api("POST", `/api/v1/sessions/${id}/actions`, { token, body: action });
}

export async function actOk(token: string, id: string, action: Record<string, unknown>): Promise<SessionJson> {
  const response = await act(token, id, action);
  if (response.status !== 200) throw new Error(`${action.action} failed ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Books and publishes a session far enough ahead for full notice. */
export async function publishedSession(token: string, unitCode: string, overrides: Record<string, unknown> = {}): Promise<SessionJson> {
  const session = await book(token, sessionBody(unitCode, overrides));
  return actOk(token, session.id, { action: "publish" });
}

let phoneCounter = Math.floor(Math.random() * 50_000_000);
/** A distinct valid mobile number per call (within a test file). */
export const freshPhone = () => `09${String(10_000_000 + (++phoneCounter % 89_999_999)).padStart(8, "0")}`;

let ipCounter = 0;
export const freshIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

export async function registerFor(sessionId: string, body: Record<string, unknown> = {}) {
  return api("POST", `/api/v1/sessions/${sessionId}/registrations`, {
    body: { name: "Nguyễn Văn Dân", phone: freshPhone(), ...body },
    headers: { "cf-connecting-ip": freshIp() },
  });
}

export const roundTrips = (response: Response) => Number(response.headers.get("x-d1-round-trips"));

/** The clock moves on: the session took place `daysAgo` days ago (same hours), as if time had passed. */
export async function moveToPast(sessionId: string, daysAgo = 1) {
  const startsAt = localAt(-daysAgo, 8);
  await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(startsAt, plusHours(startsAt, 3), sessionId).run();
  return startsAt;
}

/** A published session that has since been held (`daysAgo` days ago), registrations made before it and kept. */
export async function heldSession(token: string, sessionId: string, daysAgo = 1): Promise<SessionJson> {
  await moveToPast(sessionId, daysAgo);
  return actOk(token, sessionId, { action: "mark_held" });
}
