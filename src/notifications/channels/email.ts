/** Email through Cloudflare Email Service's `send_email` binding (locally: each message written to a file). */
import { EMAIL_SENDER_NAME } from "../messages";
import { emailErrorVerdict } from "../rules";
import type { Attempt } from "./attempt";
import type { Rendered } from "./render";

const ERROR_OF = { skipped: "not_configured", failed: "rejected", retry: "unreachable" } as const;

export type EmailConfig = { binding: SendEmail; from: string };

/** Configured when the binding exists and `EMAIL_FROM` names a sender. */
export function emailConfig(env: { EMAIL?: SendEmail; EMAIL_FROM?: string }): EmailConfig | null {
  const from = (env.EMAIL_FROM ?? "").trim();
  return env.EMAIL && from ? { binding: env.EMAIL, from } : null;
}

export async function sendEmail(config: EmailConfig, to: string, message: Rendered): Promise<Attempt> {
  try {
    const result = await config.binding.send({ from: { name: EMAIL_SENDER_NAME, email: config.from }, to, subject: message.subject, text: message.text });
    return { verdict: "sent", providerMessageId: result?.messageId ?? null };
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    const verdict = emailErrorVerdict(typeof code === "string" ? code : undefined, String((error as Error)?.message ?? error));
    console.warn(JSON.stringify({ level: "warn", event: "email.failed", code, verdict, message: String((error as Error)?.message ?? error) }));
    return { verdict, error: ERROR_OF[verdict] };
  }
}
