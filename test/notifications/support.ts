import { env } from "cloudflare:test";
import type { NotificationKind, OutboxMessage } from "../../src/notifications/schema";
import { type OutboxOptions, type OutboxRow, outboxStatements } from "../../src/notifications/store";

export const ORIGIN = "https://doithoai.example.vn";

let counter = 0;
/** A petition-like subject id unique in the file. */
export const subjectId = (prefix = "p") => `${prefix}${Date.now().toString(36)}${++counter}`;

/** A petition message to its submitter, with every field a caller fills; override what the test varies. */
export function petitionMessage(overrides: Partial<OutboxMessage> & { petitionId: string }): OutboxMessage {
  const kind: NotificationKind = overrides.kind ?? "petition.answered";
  return {
    kind,
    event: `petition:${overrides.petitionId}:v2`,
    recipient: "submitter",
    recipientRole: "submitter",
    channel: "email",
    address: "binh.nguyen@example.vn",
    unitCode: "C-TEST",
    provinceCode: "P-TEST",
    accessCode: `TRACK${overrides.petitionId}`,
    linkPath: `/track/TRACK${overrides.petitionId}`,
    data: { unitName: "UBND xã An Khê", trackingCode: "ABCD-EFGH-JKLM" },
    ...overrides,
  } as OutboxMessage;
}

/** Writes messages on their own (no guarded change before them). */
export async function writeMessages(messages: OutboxMessage[], options: Partial<OutboxOptions> = {}) {
  const write = await outboxStatements(env.DB, messages, { origin: ORIGIN, ...options });
  if (write.statements.length) await env.DB.batch(write.statements);
  return write;
}

export async function rowById(id: string): Promise<OutboxRow | null> {
  return env.DB.prepare("SELECT * FROM outbox WHERE id = ?").bind(id).first<OutboxRow>();
}

export async function rowsOf(petitionId: string): Promise<OutboxRow[]> {
  return (await env.DB.prepare("SELECT * FROM outbox WHERE petition_id = ? ORDER BY channel").bind(petitionId).all<OutboxRow>()).results;
}

/** Polls until `check` returns a value (the queue consumer runs on its own time). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
