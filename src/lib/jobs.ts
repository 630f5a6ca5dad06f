/** A background job a domain exports: the cron handler runs each on its own, so one's failure or size never limits another. */
export type Job = {
  /** Stable name, `domain.what` (logged, and the key a queue message carries). */
  name: string;
  /** Does the work; idempotent (a retried or doubled run changes nothing more). Returns a figure to log. */
  run: (env: Env, now: Date) => Promise<Record<string, number>>;
};
