/**
 * The tracking snapshot: each petition's public view cached in KV, so the tracking page and its API usually
 * answer without touching D1. D1 stays the truth: a missing or stale snapshot is rebuilt from it.
 */
import { type Calendar, calendarOf } from "../holidays/rules";
import { DEADLINES_VERSION_KEY } from "../holidays/store";
import { HANDLING, INTAKE } from "./rules";
import type { PublicPetition } from "./schema";

const snapshotKey = (trackingCode: string) => `track:${trackingCode}`;

/**
 * What KV holds: the view, the calendar version whose deadlines it shows (read in the same batch as its data), and
 * the calendar's exceptions (days off on weekdays, weekend days worked) up to its deadlines, so that the page can say
 * "còn 3 ngày làm việc" without reading the calendar. A calendar change publishes a new version once the deadlines
 * have moved; every older snapshot is then stale, without a KV write per petition.
 */
type Snapshot = { view: PublicPetition; calendarVersion: number; calendar?: { daysOff: string[]; workingDays: string[] } };

/** The last day a view's deadlines need the calendar up to. */
const lastDueOf = (view: PublicPetition) => [view.acknowledgeBy, view.resolveBy ?? "", view.feedbackUntil ?? ""].sort().at(-1) ?? view.acknowledgeBy;

/** Stores a public view with the calendar's exceptions from `today` to its deadlines; KV then serves tracking lookups. */
export async function writeSnapshot(kv: KVNamespace, view: PublicPetition, calendarVersion: number, calendar: Calendar, today: string): Promise<void> {
  const last = lastDueOf(view);
  const within = (days: ReadonlySet<string>) => [...days].filter((day) => day >= today && day <= last).sort();
  const snapshot: Snapshot = { view, calendarVersion, calendar: { daysOff: within(calendar.daysOff), workingDays: within(calendar.workingDays) } };
  await kv.put(snapshotKey(view.trackingCode), JSON.stringify(snapshot), { expirationTtl: 60 * 60 * 24 * 30 });
}

/**
 * A snapshot goes stale without a change of its own in two cases: its running deadline passed and the nightly job
 * recorded that in D1, or the calendar changed and moved deadlines since it was built. Rebuild such a snapshot
 * rather than rewrite every key from a job. One built before it carried the calendar is rebuilt too.
 */
function isSnapshotStale(snapshot: Snapshot, today: string, calendarVersion: number): boolean {
  if (!snapshot.view || !snapshot.calendar || (snapshot.calendarVersion ?? 0) < calendarVersion) return true;
  const { view } = snapshot;
  const due = INTAKE.includes(view.status) ? view.acknowledgeBy : HANDLING.includes(view.status) ? view.resolveBy : undefined;
  if (!due || today <= due) return false;
  return !view.history.some((entry) => entry.overdue && entry.at.slice(0, 10) >= due);
}

/** The public view and the calendar its deadlines count with. */
export type TrackedView = { view: PublicPetition; calendar: Calendar };

/** The cached public view, unless it is missing or stale. Two KV reads, side by side: the snapshot and the version. */
export async function readSnapshot(kv: KVNamespace, trackingCode: string, today: string): Promise<TrackedView | null> {
  const [cached, version] = await Promise.all([kv.get<Snapshot>(snapshotKey(trackingCode), "json"), kv.get(DEADLINES_VERSION_KEY)]);
  if (!cached?.calendar || isSnapshotStale(cached, today, Number(version ?? 0))) return null;
  return { view: cached.view, calendar: calendarOf(cached.calendar.daysOff, cached.calendar.workingDays) };
}
