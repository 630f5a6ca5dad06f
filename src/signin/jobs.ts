import type { Job } from "../lib/jobs";
import { forgetOldAttempts } from "./store";

/** A device not seen for as long as its cookie lives is forgotten. */
const DEVICE_MEMORY_SECONDS = 400 * 24 * 60 * 60;

/** Failure windows that have run out, and devices gone quiet, count for nothing: forget them. */
export const signInJobs: Job[] = [
  {
    name: "signin.forget_old_attempts",
    async run(env, now) {
      const seconds = Math.floor(now.getTime() / 1000);
      const cleared = await forgetOldAttempts(env.DB, {
        clientWindowsBefore: seconds - Number(env.LOGIN_LOCK_SECONDS),
        emailWindowsBefore: seconds - Number(env.LOGIN_EMAIL_WINDOW_SECONDS),
        devicesBefore: seconds - DEVICE_MEMORY_SECONDS,
      });
      return { cleared };
    },
  },
];
