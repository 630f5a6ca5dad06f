import type { NotificationError } from "../messages";

/** What one channel call came to, before the consumer turns "retry" into a delay. */
export type Attempt = { verdict: "sent"; providerMessageId: string | null } | { verdict: "skipped" | "failed" | "retry"; error: NotificationError };
