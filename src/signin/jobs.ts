import type { Job } from "../lib/jobs";
import { forgetOldAttempts } from "./store";

/** Sign-in failure windows older than the lock period count for nothing: forget them. */
export const signInJobs: Job[] = [
  {
    name: "signin.forget_old_attempts",
    async run(env, now) {
      const cleared = await forgetOldAttempts(env.DB, Math.floor(now.getTime() / 1000) - Number(env.LOGIN_LOCK_SECONDS));
      return { cleared };
    },
  },
];
