/** The worker's `queue` handler: each queue of wrangler.toml to its consumer. */
import { consumeDeadJobs, consumeJobs } from "./jobs/queue";
import { consumeDeadLetters, consumeDeliveries } from "./notifications/channels/consumer";
import { allJobs } from "./scheduled";

export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
  switch (batch.queue) {
    case "notifications":
      return consumeDeliveries(batch, env);
    case "notifications-dlq":
      return consumeDeadLetters(batch, env);
    case "jobs":
      return consumeJobs(batch, env, allJobs);
    case "jobs-dlq":
      return consumeDeadJobs(batch, env);
    default:
      // A queue bound in wrangler.toml but unknown here (a renamed queue): keep its messages until this is fixed.
      console.error(JSON.stringify({ level: "error", event: "queue.unknown", queue: batch.queue }));
      batch.retryAll({ delaySeconds: 300 });
  }
}
