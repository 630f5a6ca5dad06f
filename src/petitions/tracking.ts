/**
 * The tracking snapshot: each petition's public view cached in KV, so the tracking page and its API usually
 * answer without touching D1. D1 stays the truth: a missing or stale snapshot is rebuilt from it.
 */
import { HANDLING, INTAKE } from "./rules";
import type { PublicPetition } from "./schema";

const snapshotKey = (trackingCode: string) => `track:${trackingCode}`;

/** Stores a public view; KV then serves tracking lookups without touching D1. */
export async function writeSnapshot(kv: KVNamespace, view: PublicPetition): Promise<void> {
  await kv.put(snapshotKey(view.trackingCode), JSON.stringify(view), { expirationTtl: 60 * 60 * 24 * 30 });
}

/**
 * A snapshot goes stale without a public change in one case: its running deadline passed and the nightly job
 * recorded that in D1. Rebuild such a snapshot rather than rewrite every overdue key from the cron job.
 */
function isSnapshotStale(view: PublicPetition, today: string): boolean {
  const due = INTAKE.includes(view.status) ? view.acknowledgeBy : HANDLING.includes(view.status) ? view.resolveBy : undefined;
  if (!due || today <= due) return false;
  return !view.history.some((entry) => entry.overdue && entry.at.slice(0, 10) >= due);
}

/** The cached public view, unless it is missing or stale. */
export async function readSnapshot(kv: KVNamespace, trackingCode: string, today: string): Promise<PublicPetition | null> {
  const cached = await kv.get<PublicPetition>(snapshotKey(trackingCode), "json");
  return cached && !isSnapshotStale(cached, today) ? cached : null;
}
