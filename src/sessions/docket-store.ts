/**
 * SQL for a session's docket: petitions of the unit, residents' questions accepted from their registrations,
 * and questions officials add. The public docket reads only the question's wording, never who asked.
 */
export type DocketSource = "petition" | "registration" | "official";

export type DocketRow = {
  id: string;
  source: DocketSource;
  question: string;
  created_at: string;
  petition_id: string | null;
  petition_status: string | null;
  registration_id: string | null;
  asked_by: string | null;
};

/** The public docket: the wording and where it came from, no names. */
export function publicDocketStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT d.id, d.source, d.question, d.created_at, NULL AS petition_id, pe.status AS petition_status, NULL AS registration_id, NULL AS asked_by
       FROM session_docket d LEFT JOIN petitions pe ON pe.id = d.petition_id WHERE d.session_id = ? ORDER BY d.created_at, d.id`,
    )
    .bind(sessionId);
}

/** The officials' docket: also which petition and which registrant (by name) an item came from. */
export function officialDocketStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT d.id, d.source, d.question, d.created_at, d.petition_id, pe.status AS petition_status, d.registration_id, r.name AS asked_by
       FROM session_docket d LEFT JOIN petitions pe ON pe.id = d.petition_id LEFT JOIN session_registrations r ON r.id = d.registration_id
       WHERE d.session_id = ? ORDER BY d.created_at, d.id`,
    )
    .bind(sessionId);
}

export type DocketPetitionRow = { id: string; title: string; unit_code: string };

/** A petition that may go on a session's docket: handled by the session's unit. */
export function docketPetitionStatement(db: D1Database, petitionId: string, sessionId: string): D1PreparedStatement {
  return db
    .prepare("SELECT id, title, unit_code FROM petitions WHERE id = ? AND unit_code = (SELECT unit_code FROM dialogue_sessions WHERE id = ?)")
    .bind(petitionId, sessionId);
}

/** The unit's open petitions, newest first: the officials' choice of what to put on the docket. */
export function openPetitionsStatement(db: D1Database, unitCode: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id, title, unit_code FROM petitions WHERE unit_code = ? AND status IN ('received', 'transferred', 'accepted', 'in_progress', 'reopened')
       ORDER BY due_on, id LIMIT 100`,
    )
    .bind(unitCode);
}

export type DocketRegistrationRow = { id: string; question: string | null; session_id: string; status: string };
export function docketRegistrationStatement(db: D1Database, code: string, sessionId: string): D1PreparedStatement {
  return db.prepare("SELECT id, question, session_id, status FROM session_registrations WHERE code = ? AND session_id = ?").bind(code, sessionId);
}

export type NewDocketItem = {
  id: string;
  sessionId: string;
  source: DocketSource;
  petitionId: string | null;
  registrationId: string | null;
  question: string;
  addedBy: string;
  now: string;
};

/** Adds an item unless the same petition or registration is already on the docket (then nothing changes). */
export function insertDocketItemStatement(db: D1Database, item: NewDocketItem): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO session_docket (id, session_id, source, petition_id, registration_id, question, added_by, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ? AND status IN ('draft', 'published', 'held'))
       ON CONFLICT DO NOTHING`,
    )
    .bind(item.id, item.sessionId, item.source, item.petitionId, item.registrationId, item.question, item.addedBy, item.now, item.sessionId);
}

export function deleteDocketItemStatement(db: D1Database, sessionId: string, itemId: string): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM session_docket WHERE id = ? AND session_id = ?
         AND EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ? AND status IN ('draft', 'published', 'held'))`,
    )
    .bind(itemId, sessionId, sessionId);
}
