/** The worker's `queue` handler: each queue of wrangler.toml to its consumer. */
import { consumeDeadJobs, consumeJobs } from "./jobs/queue";
import { consumeDeadLetters, consumeDeliveries } from "./notifications/channels/consumer";

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (batch.queue) {
    case "notifications":
      return consumeDeliveries(batch, env);
    case "notifications-dlq":
      return consumeDeadLetters(batch, env);
    case "jobs":
      return consumeJobs(batch, env);
    case "jobs-dlq":
      return consumeDeadJobs(batch, env);
    default:
      console.error(JSON.stringify({ level: "error", event: "queue.unknown", queue: batch.queue }));
      batch.retryAll({ delaySeconds: 300 });
  }
}
