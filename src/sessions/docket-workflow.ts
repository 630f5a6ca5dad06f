/**
 * The docket's use cases: officials of the unit add petitions, accept registrants' questions and add their
 * own; everyone reads the wording without names.
 */

import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { conflict, fieldError, forbidden, invalid, notFound } from "../lib/problem";
import {
  type DocketPetitionRow,
  type DocketRegistrationRow,
  type DocketRow,
  deleteDocketItemStatement,
  docketPetitionStatement,
  docketRegistrationStatement,
  insertDocketItemStatement,
  officialDocketStatement,
  publicDocketStatement,
} from "./docket-store";
import { keepsDocket, sessionAccess } from "./rules";
import type { DocketAddInput } from "./schema";
import { type SessionRow, sessionStatement } from "./store";

const APPLIED = { afterChange: true };
const DOCKET_STATUSES = new Set(["draft", "published", "held"]);

/** A docket item for everyone: the question and where it came from; officials also who asked and which petition. */
export function docketItemView(row: DocketRow, official: boolean) {
  return {
    id: row.id,
    source: row.source,
    question: row.question,
    addedAt: row.created_at,
    ...(row.petition_status ? { petitionStatus: row.petition_status } : {}),
    ...(official ? { petitionId: row.petition_id, askedBy: row.asked_by } : {}),
  };
}

/** The docket as the caller may see it: officials of the unit (and supervisors) with names; everyone else without. */
export async function readDocket(db: D1Database, user: SessionUser | undefined, sessionId: string) {
  const [sessions, publicItems, officialItems] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    publicDocketStatement(db, sessionId),
    ...(user ? [officialDocketStatement(db, sessionId)] : []),
  ]);
  const session = sessions.results[0] as SessionRow | undefined;
  const access = session ? sessionAccess(user, session) : null;
  if (!access) throw notFound("session.not_found");
  const official = access === "official";
  return ((official ? officialItems : publicItems).results as DocketRow[]).map((row) => docketItemView(row, official));
}

/** Loads the session for a docket change: its head and staff only (others outside the unit: 404; supervisors: 403). */
async function loadForDocket(db: D1Database, user: SessionUser, sessionId: string, extra: D1PreparedStatement[]) {
  const [sessions, ...rest] = await db.batch<Record<string, unknown>>([sessionStatement(db, sessionId), ...extra]);
  const session = sessions.results[0] as SessionRow | undefined;
  if (!session || sessionAccess(user, session) !== "official") throw notFound("session.not_found");
  if (!keepsDocket(user, session.unit_code)) throw forbidden();
  if (!DOCKET_STATUSES.has(session.status)) throw conflict("docket.closed");
  return { session, rest };
}

/** Adds a petition of the unit, a registrant's question (by their code) or an official's question. */
export async function addDocketItem(db: D1Database, user: SessionUser, sessionId: string, input: DocketAddInput) {
  const extra = input.petitionId
    ? [docketPetitionStatement(db, input.petitionId, sessionId)]
    : input.registrationCode
      ? [docketRegistrationStatement(db, input.registrationCode, sessionId)]
      : [];
  const { rest } = await loadForDocket(db, user, sessionId, extra);
  let question = input.question ?? "";
  let petitionId: string | null = null;
  let registrationId: string | null = null;
  if (input.petitionId) {
    const petition = rest[0].results[0] as DocketPetitionRow | undefined;
    if (!petition) throw invalid([fieldError("petitionId", "docket.petition_invalid")]);
    question = petition.title;
    petitionId = petition.id;
  }
  if (input.registrationCode) {
    const registration = rest[0].results[0] as DocketRegistrationRow | undefined;
    if (!registration) throw invalid([fieldError("registrationCode", "registration.not_found")]);
    if (!registration.question) throw invalid([fieldError("registrationCode", "docket.no_question")]);
    question = registration.question;
    registrationId = registration.id;
  }
  const id = crypto.randomUUID();
  const source = petitionId ? "petition" : registrationId ? "registration" : "official";
  const [inserted, , items] = await db.batch<Record<string, unknown>>([
    insertDocketItemStatement(db, { id, sessionId, source, petitionId, registrationId, question, addedBy: user.id, now: new Date().toISOString() }),
    auditStatement(
      db,
      { actorId: user.id, action: "session.docket_add", targetType: "dialogue_session", targetId: sessionId, detail: { itemId: id, source } },
      APPLIED,
    ),
    officialDocketStatement(db, sessionId),
  ]);
  if (inserted.meta.changes !== 1) {
    const rows = items.results as DocketRow[];
    const duplicate = rows.some((row) => (petitionId && row.petition_id === petitionId) || (registrationId && row.registration_id === registrationId));
    throw conflict(duplicate ? "docket.duplicate" : "docket.closed");
  }
  const row = (items.results as DocketRow[]).find((item) => item.id === id);
  if (!row) throw notFound("docket.not_found");
  return docketItemView(row, true);
}

export async function removeDocketItem(db: D1Database, user: SessionUser, sessionId: string, itemId: string): Promise<void> {
  await loadForDocket(db, user, sessionId, []);
  const [deleted] = await db.batch([
    deleteDocketItemStatement(db, sessionId, itemId),
    auditStatement(db, { actorId: user.id, action: "session.docket_remove", targetType: "dialogue_session", targetId: sessionId, detail: { itemId } }, APPLIED),
  ]);
  if (deleted.meta.changes !== 1) throw notFound("docket.not_found");
}
