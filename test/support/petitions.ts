import { env } from "cloudflare:test";
import { api } from "./factory";

let ipCounter = 0;
/** A fresh client address per call, so the per-IP throttle never couples tests. */
export const freshIp = () => `10.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}.${Math.floor(Math.random() * 250)}`;

export const SUBMITTER = {
  name: "Nguyễn Thị Bình",
  phone: "0912345678",
  email: "binh.nguyen@example.vn",
  address: "Thôn Đông, xã An Khê",
  citizenId: "034190012345",
};

export function petitionBody(unitCode: string, overrides: Record<string, unknown> = {}) {
  return {
    unitCode,
    category: "ha-tang",
    title: "Đường ngập sau mưa",
    content: "Đoạn đường liên thôn trước nhà văn hóa ngập sâu mỗi khi mưa lớn, xe máy không đi được.",
    submitter: SUBMITTER,
    consent: true,
    ...overrides,
  };
}

export type Created = { id: string; trackingCode: string; status: string; kind: string | null; acknowledgeBy: string; version: number };

export async function submit(unitCode: string, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Created> {
  const response = await api("POST", "/api/v1/petitions", { body: petitionBody(unitCode, overrides), headers: { "cf-connecting-ip": freshIp(), ...headers } });
  if (response.status !== 201) throw new Error(`submit failed ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function act(token: string, id: string, action: Record<string, unknown>) {
  return api("POST", `/api/v1/petitions/${id}/actions`, { token, body: action });
}

/** Acts and insists on success, returning the updated petition. */
export async function actOk(token: string, id: string, action: Record<string, unknown>) {
  const response = await act(token, id, action);
  if (response.status !== 200) throw new Error(`${action.action} failed ${response.status}: ${await response.text()}`);
  return response.json<{ status: string; version: number; [key: string]: unknown }>();
}

export async function petitionCount(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM petitions").first<{ n: number }>())?.n ?? 0;
}

/** A 1×1 PNG. */
export const PNG_BYTES = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (c) =>
  c.charCodeAt(0),
);
