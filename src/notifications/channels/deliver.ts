/** One delivery attempt of a claimed row: render its text, pick its channel's adapter, or skip an unset channel. */
import type { Claimed } from "../store";
import type { Attempt } from "./attempt";
import { emailConfig, sendEmail } from "./email";
import { gatewayConfig, sendViaGateway } from "./gateway";
import { renderMessage, type StoredData } from "./render";

export type ChannelEnv = { EMAIL?: SendEmail; EMAIL_FROM?: string; GATEWAY_URL?: string; GATEWAY_SECRET?: string };

export async function deliverRow(env: ChannelEnv, row: Claimed, now: Date): Promise<Attempt> {
  const rendered = renderMessage(row.kind, row.channel, JSON.parse(row.data) as StoredData);
  if (row.channel === "email") {
    const config = emailConfig(env);
    return config ? sendEmail(config, row.address, rendered) : { verdict: "skipped", error: "not_configured" };
  }
  const config = gatewayConfig(env);
  if (!config) return { verdict: "skipped", error: "not_configured" };
  return sendViaGateway(config, { id: row.id, channel: row.channel, to: row.address, text: rendered.text, kind: row.kind }, now);
}
