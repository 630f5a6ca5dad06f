/**
 * SMS and Zalo through one HTTP gateway, the usual way Vietnamese SMS/ZNS providers (or a small proxy in front of
 * one) are reached: a JSON POST to `GATEWAY_URL`, signed with HMAC-SHA256 under `GATEWAY_SECRET`.
 *
 * Request: `POST GATEWAY_URL`, `content-type: application/json`, body
 *   `{ "id", "channel": "sms"|"zalo", "to": "84912345678", "text", "kind" }`
 * with headers `x-signature-timestamp: <unix seconds>`, `x-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
 * and `idempotency-key: <id>` (the same message may be offered twice: delivery is at least once).
 * Answer: 2xx with an optional JSON `{ "messageId": "…" }` (or `"id"`) = sent; 408, 425, 429, 5xx or no answer =
 * try again later; any other status = refused for good.
 */
import { gatewayVerdict, internationalPhone } from "../rules";
import type { NotificationKind } from "../schema";
import type { Attempt } from "./attempt";

export type GatewayConfig = { url: string; secret: string };
export type GatewayMessage = { id: string; channel: "sms" | "zalo"; to: string; text: string; kind: NotificationKind };

const TIMEOUT_MS = 10_000;

/** Configured when both the URL and the secret are set. */
export function gatewayConfig(env: { GATEWAY_URL?: string; GATEWAY_SECRET?: string }): GatewayConfig | null {
  const url = (env.GATEWAY_URL ?? "").trim();
  const secret = (env.GATEWAY_SECRET ?? "").trim();
  return url && secret ? { url, secret } : null;
}

const encoder = new TextEncoder();

/** Hex HMAC-SHA256 of `timestamp + "." + body`: what the gateway recomputes to trust the request. */
export async function gatewaySignature(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function sendViaGateway(config: GatewayConfig, message: GatewayMessage, now: Date): Promise<Attempt> {
  const body = JSON.stringify({ ...message, to: internationalPhone(message.to) });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-timestamp": timestamp,
        "x-signature": `sha256=${await gatewaySignature(config.secret, timestamp, body)}`,
        "idempotency-key": message.id,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", event: "gateway.unreachable", id: message.id, message: String(error) }));
    return { verdict: "retry", error: "unreachable" };
  }
  const verdict = gatewayVerdict(response.status);
  const text = await response.text().catch(() => "");
  if (verdict !== "sent") {
    console.warn(JSON.stringify({ level: "warn", event: "gateway.refused", id: message.id, status: response.status, body: text.slice(0, 200) }));
    return verdict === "failed" ? { verdict, error: "rejected" } : { verdict: "retry", error: "unreachable" };
  }
  let providerMessageId: string | null = null;
  try {
    const parsed = JSON.parse(text) as { messageId?: unknown; id?: unknown };
    const id = parsed.messageId ?? parsed.id;
    if (typeof id === "string" || typeof id === "number") providerMessageId = String(id).slice(0, 200);
  } catch {
    // A 2xx without JSON is still sent; there is just no id to record.
  }
  return { verdict: "sent", providerMessageId };
}
