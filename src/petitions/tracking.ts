/**
 * The tracking snapshot: each petition's public view cached in KV, so the tracking page and its API usually
 * answer without touching D1. D1 stays the truth: a missing or stale snapshot is rebuilt from it.
 */
import { DEADLINES_VERSION_KEY } from "../holidays/store";
import { HANDLING, INTAKE } from "./rules";
import type { PublicPetition } from "./schema";

const snapshotKey = (trackingCode: string) => `track:${trackingCode}`;

/**
 * What KV holds: the view, and the calendar version whose deadlines it shows (read in the same batch as its data).
 * A calendar change publishes a new version once the deadlines have moved; every older snapshot is then stale,
 * without a KV write per petition.
 */
type Snapshot = { view: PublicPetition; calendarVersion: number };

/** Stores a public view; KV then serves tracking lookups without touching D1. */
export async function writeSnapshot(kv: KVNamespace, view: PublicPetition, calendarVersion: number): Promise<void> {
  await kv.put(snapshotKey(view.trackingCode), JSON.stringify({ view, calendarVersion } satisfies Snapshot), { expirationTtl: 60 * 60 * 24 * 30 });
}

/**
 * A snapshot goes stale without a change of its own in two cases: its running deadline passed and the nightly job
 * recorded that in D1, or the calendar changed and moved deadlines since it was built. Rebuild such a snapshot
 * rather than rewrite every key from a job.
 */
function isSnapshotStale(snapshot: Snapshot, today: string, calendarVersion: number): boolean {
  if (!snapshot.view || (snapshot.calendarVersion ?? 0) < calendarVersion) return true;
  const { view } = snapshot;
  const due = INTAKE.includes(view.status) ? view.acknowledgeBy : HANDLING.includes(view.status) ? view.resolveBy : undefined;
  if (!due || today <= due) return false;
  return !view.history.some((entry) => entry.overdue && entry.at.slice(0, 10) >= due);
}

/** The cached public view, unless it is missing or stale. Two KV reads, side by side: the snapshot and the version. */
export async function readSnapshot(kv: KVNamespace, trackingCode: string, today: string): Promise<PublicPetition | null> {
  const [cached, version] = await Promise.all([kv.get<Snapshot>(snapshotKey(trackingCode), "json"), kv.get(DEADLINES_VERSION_KEY)]);
  return cached && !isSnapshotStale(cached, today, Number(version ?? 0)) ? cached.view : null;
}
