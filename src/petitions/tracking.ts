import { localDay } from "../lib/dates";
import { getUnit } from "../units/store";
import { NO_DEADLINE } from "./rules";
import type { PublicPetition } from "./schema";
import { getPetitionByTrackingCode, listEvents, type PetitionRow } from "./store";

/**
 * The public view of a petition (tracking page and API): status, public history, answer, due dates.
 * Built from a whitelist of fields — never the submitter, internal notes, drafts or assignees.
 */
export async function buildPublicView(db: D1Database, row: PetitionRow): Promise<PublicPetition> {
  const [unit, events] = await Promise.all([getUnit(db, row.unit_code), listEvents(db, row.id, true)]);
  return {
    trackingCode: row.tracking_code,
    status: row.status,
    unitCode: row.unit_code,
    unitName: unit?.name ?? row.unit_code,
    category: row.category,
    title: row.title,
    submittedAt: row.submitted_at,
    acknowledgeBy: row.acknowledge_by,
    ...(row.resolve_by && row.resolve_by !== NO_DEADLINE ? { resolveBy: row.resolve_by } : {}),
    ...(row.public_answer ? { publicAnswer: row.public_answer } : {}),
    ...(row.public_note ? { publicNote: row.public_note } : {}),
    canGiveFeedback: row.status === "answered",
    history: events.map((event) => ({
      at: event.at,
      status: event.to_status,
      ...(event.note && event.action !== "overdue" ? { note: event.note } : {}),
      ...(event.action === "overdue" ? { note: OVERDUE_NOTE } : {}),
    })),
  };
}

const snapshotKey = (trackingCode: string) => `track:${trackingCode}`;

/** Stores a public view; KV then serves tracking lookups without touching D1. */
export async function writeSnapshot(env: Env, view: PublicPetition): Promise<void> {
  await env.KV.put(snapshotKey(view.trackingCode), JSON.stringify(view), { expirationTtl: 60 * 60 * 24 * 30 });
}

/** Rewrites the cached public view from D1 after a public change. */
export async function refreshSnapshot(env: Env, row: PetitionRow): Promise<PublicPetition> {
  const view = await buildPublicView(env.DB, row);
  await writeSnapshot(env, view);
  return view;
}

const OVERDUE_NOTE = "Quá hạn xử lý / past the deadline";

/**
 * A snapshot goes stale without a public change in one case: its running deadline passed and the nightly job
 * recorded that in D1. Rebuild such a snapshot rather than rewrite every overdue key from the cron job.
 */
export function isSnapshotStale(view: PublicPetition, today: string): boolean {
  const due =
    view.status === "received" || view.status === "transferred"
      ? view.acknowledgeBy
      : ["accepted", "in_progress", "reopened"].includes(view.status)
        ? view.resolveBy
        : undefined;
  if (!due || today <= due) return false;
  return !view.history.some((entry) => entry.note === OVERDUE_NOTE && entry.at.slice(0, 10) >= due);
}

/** The public view: from the KV snapshot, or from D1 (the truth) when the snapshot is missing or stale. */
export async function readPublicView(env: Env, trackingCode: string): Promise<PublicPetition | null> {
  const cached = await env.KV.get<PublicPetition>(snapshotKey(trackingCode), "json");
  if (cached && !isSnapshotStale(cached, localDay())) return cached;
  const row = await getPetitionByTrackingCode(env.DB, trackingCode);
  return row ? refreshSnapshot(env, row) : null;
}
