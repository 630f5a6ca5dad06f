import { relayOverdue } from "./workflow";

/** The outbox's scheduled work: every 5 minutes, re-send what the queue has not delivered and send what is due. */
export const relayJob = {
  name: "notifications.relay",
  run: (env: Env, now: Date) => relayOverdue(env, now),
};

export const notificationJobs = [relayJob];
