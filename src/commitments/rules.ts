/**
 * The rules of minutes and commitments, pure: when minutes may be written, how a resend maps onto the items already
 * kept (by id, never a second follow-up), progress and lateness of a commitment, and when registrants' personal
 * data ends. Returns codes; no I/O (ids derived from content use the platform's digest, which is pure).
 */
import type { Role } from "../auth/roles";
import { sha256Hex } from "../lib/crypto";
import { localDay } from "../lib/dates";
import { conflict, type FieldError, fieldError, forbidden, invalid, type MessageCode, Problem } from "../lib/problem";
import { foldDiacritics } from "../lib/text";
import type { CommitmentStatus, FollowUp, MinutesInput, MinutesItemInput, ProgressInput } from "./schema";

/** Minutes open this long before the start (the same window as check-in), and close when the results are published. */
const OPENS_BEFORE_MS = 2 * 60 * 60 * 1000;

/** Minutes are written during the session and after it, until the results are out: then they are the published record. */
export function minutesOpen(session: { status: string; startsAt: string }, now: string): boolean {
  if (session.status === "held") return true;
  return session.status === "published" && Date.parse(now) >= Date.parse(session.startsAt) - OPENS_BEFORE_MS;
}

/** Head and staff of the unit write the minutes and report progress; supervisors only read. */
export const writesFollowUps = (user: { role: Role; unitCode: string | null }, unitCode: string) =>
  (user.role === "commune_head" || user.role === "commune_staff") && user.unitCode === unitCode;

/** A UUID-shaped id derived from text: the same text always gives the same id (a resend finds what it made). */
export async function derivedId(...parts: string[]): Promise<string> {
  const hex = await sha256Hex(parts.join("\u0000"));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A new item's id: the session, its place in the list and its question (folded), so a blind resend maps onto it. */
export const newItemId = (sessionId: string, position: number, question: string) =>
  derivedId("minutes-item", sessionId, String(position), foldDiacritics(question));
/** The one petition and the one commitment an item may have, by id. */
export const followUpPetitionId = (itemId: string) => derivedId("follow-up-petition", itemId);
export const commitmentIdOf = (itemId: string) => derivedId("commitment", itemId);

/** An item as the minutes already keep it. */
export type KeptItem = { id: string; followUp: FollowUp | null; petitionId: string | null; commitmentId: string | null };

export type MinutesContext = {
  session: { id: string; status: string; startsAt: string; unitCode: string };
  user: { role: Role; unitCode: string | null };
  now: string;
  /** The minutes' version now (0: none yet) and their items. */
  version: number;
  kept: KeptItem[];
  villages: ReadonlySet<string>;
  officials: ReadonlySet<string>;
  categories: ReadonlySet<string>;
};

export type PlannedItem = MinutesItemInput & { id: string; position: number; isNew: boolean; makePetition: boolean; commitmentId: string | null };
export type MinutesPlan = { items: PlannedItem[]; removed: string[] };

/**
 * Checks a PUT of the minutes against the session, the version and what is kept, and says what to write: every
 * item with its id (`ids[i]` for `input.items[i]`, derived when new), which items need a petition made, which a
 * commitment written, and which kept items go. Throws Problems.
 */
export function planMinutes(input: MinutesInput, ids: readonly string[], context: MinutesContext): MinutesPlan {
  const { session } = context;
  if (!writesFollowUps(context.user, session.unitCode)) throw forbidden("minutes.role_may_not");
  if (!minutesOpen(session, context.now)) throw conflict("minutes.closed", { sessionStatus: session.status });
  if (input.version !== undefined && input.version !== context.version) throw conflict("minutes.stale", { version: context.version });
  const kept = new Map(context.kept.map((item) => [item.id, item]));
  const errors: FieldError[] = [];
  const refusals: FieldError[] = [];
  const sessionDay = localDay(new Date(session.startsAt));
  const seen = new Set<string>();
  const items = input.items.map((item, position): PlannedItem => {
    const path = `items.${position}`;
    const id = ids[position];
    const existing = kept.get(id);
    if (item.id && !existing) errors.push(fieldError(`${path}.id`, "minutes.item_not_found"));
    if (seen.has(id)) errors.push(fieldError(`${path}.id`, "minutes.duplicate_item"));
    seen.add(id);
    if (existing?.followUp && existing.followUp !== item.followUp)
      refusals.push(fieldError(`${path}.followUp`, "minutes.follow_up_fixed", { followUp: existing.followUp }));
    const villageId = item.askedBy?.villageId;
    if (villageId && !context.villages.has(villageId)) errors.push(fieldError(`${path}.askedBy.villageId`, "session.village_invalid"));
    if (item.followUp === "petition" && item.petition && !context.categories.has(item.petition.category))
      errors.push(fieldError(`${path}.petition.category`, "category.unknown"));
    if (item.followUp === "commitment" && item.commitment) {
      const ownerId = item.commitment.owner.accountId;
      if (ownerId && !context.officials.has(ownerId)) errors.push(fieldError(`${path}.commitment.owner.accountId`, "commitment.owner_invalid"));
      if (item.commitment.dueDate < sessionDay) errors.push(fieldError(`${path}.commitment.dueDate`, "commitment.due_before_session"));
    }
    return {
      ...item,
      id,
      position,
      isNew: !existing,
      makePetition: item.followUp === "petition" && !existing?.petitionId,
      commitmentId: item.followUp === "commitment" ? (existing?.commitmentId ?? null) : null,
    };
  });
  const listed = new Set(items.map((item) => item.id));
  const removed = context.kept.filter((item) => !listed.has(item.id));
  if (removed.some((item) => item.petitionId || item.commitmentId)) refusals.push(fieldError("items", "minutes.item_has_follow_up"));
  if (errors.length) throw invalid(errors);
  if (refusals.length) throw new Problem(409, refusals[0].code as MessageCode, { errors: refusals, params: refusals[0].params });
  return { items, removed: removed.map((item) => item.id) };
}

/** What a progress report changes: `done` is 100 % and stamps the day; otherwise the percent given, or as it was. */
export function planProgress(current: { status: CommitmentStatus; percent: number }, input: ProgressInput) {
  const percent = input.percent ?? (input.status === "done" ? 100 : current.percent);
  return { status: input.status, percent, done: input.status === "done" };
}

/** Late: not done, and its due day (local, until 24:00) is over. The daily job sets the flag once; it stays. */
export const isLate = (commitment: { status: CommitmentStatus; dueOn: string }, today: string) => commitment.status !== "done" && today > commitment.dueOn;
