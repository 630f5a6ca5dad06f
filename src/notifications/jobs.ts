import type { Job } from "../lib/jobs";
import { relayOverdue } from "./workflow";

/** Every 5 minutes: re-send what the queue has not delivered, send what is due, give up what is days late. */
export const notificationJobs: Job[] = [
  {
    name: "notifications.relay",
    run: (env, now) => relayOverdue(env, now),
  },
];
