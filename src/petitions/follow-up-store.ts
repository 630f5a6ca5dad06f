/**
 * Petitions that follow an opinion raised at a dialogue session and not answered on the spot (the minutes of
 * issue 12). Kept apart from the resident's submission (`insertPetition`) because they are written set-based
 * inside the minutes' own batch — many at once, after its guarded write — and must never be written twice for
 * one opinion: the caller derives each petition's id from the opinion, so a resend collides on the primary key.
 *
 * They are ordinary petitions from then on: state `received`, channel `session`, received on the session's day, the
 * acknowledgement deadline of their kind counted by the same rules (`acknowledgement`), a history entry, the asker's
 * identity only if given (a denunciation's protected, as any denunciation's).
 * Keep the columns in step with `insertPetition` (store.ts).
 */
import { foldDiacritics } from "../lib/text";
import type { Deadline } from "./rules";
import type { PetitionKind } from "./schema";
import { newTrackingCode, submitterSearchText } from "./store";

export type FollowUpPetition = {
  /** Derived from the opinion (the same opinion always gives the same id). */
  id: string;
  unitCode: string;
  provinceCode: string;
  category: string;
  kind: Exclude<PetitionKind, "mixed">;
  title: string;
  content: string;
  /** The asker's name, only if they gave it; their village (as the address) likewise. */
  askerName: string | null;
  askerVillage: string | null;
  /** When it was received: the session's start. */
  receivedAt: string;
  /** The session's local day: the petition's rules are those in force that day. */
  receivedOn: string;
  /** Its acknowledgement deadline (`acknowledgement` of its kind from the session's day). */
  acknowledge: Deadline;
  /** The official who recorded the minutes. */
  createdBy: string;
};

/**
 * Three statements for the caller's batch, each guarded by `onlyIf` (an SQL condition such as
 * `EXISTS (… this request's write …)`): the petitions, their submitters and their first history entries. A
 * petition that already exists (its id) is left as it is, and gets no second history entry.
 */
export function followUpPetitionStatements(
  db: D1Database,
  petitions: readonly FollowUpPetition[],
  onlyIf: { sql: string; params: unknown[] },
): D1PreparedStatement[] {
  if (petitions.length === 0) return [];
  const rows = JSON.stringify(
    petitions.map((petition) => ({
      ...petition,
      trackingCode: newTrackingCode(),
      folded: foldDiacritics(`${petition.title} ${petition.content}`),
      askerFolded: petition.askerName ? submitterSearchText({ name: petition.askerName }) : null,
      anonymous: petition.askerName ? 0 : 1,
      identityProtected: petition.kind === "denunciation" ? 1 : 0,
      acknowledgeBy: petition.acknowledge.due,
      ackFrom: petition.acknowledge.from,
      ackDays: petition.acknowledge.days,
      ackDayKind: petition.acknowledge.dayKind,
    })),
  );
  const value = (name: string) => `j.value ->> '${name}'`;
  return [
    db
      .prepare(
        `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, resident_kind, kind, title, content,
           search_folded, channel, anonymous, identity_protected, people_count, status, submitted_at, received_on, acknowledge_by, ack_from,
           ack_days, ack_day_kind, due_on, created_by, updated_at)
         SELECT ${value("id")}, ${value("trackingCode")}, ${value("unitCode")}, ${value("provinceCode")}, ${value("unitCode")}, ${value("category")},
           ${value("kind")}, ${value("kind")}, ${value("title")}, ${value("content")}, ${value("folded")}, 'session', ${value("anonymous")},
           ${value("identityProtected")}, 1, 'received', ${value("receivedAt")}, ${value("receivedOn")}, ${value("acknowledgeBy")}, ${value("ackFrom")},
           ${value("ackDays")}, ${value("ackDayKind")}, ${value("acknowledgeBy")}, ${value("createdBy")}, ${value("receivedAt")}
         FROM json_each(?) j WHERE ${onlyIf.sql}
         ON CONFLICT DO NOTHING`,
      )
      .bind(rows, ...onlyIf.params),
    db
      .prepare(
        `INSERT INTO petition_submitters (petition_id, name, address, search_folded)
         SELECT ${value("id")}, ${value("askerName")}, ${value("askerVillage")}, ${value("askerFolded")} FROM json_each(?) j
         WHERE ${onlyIf.sql} AND EXISTS (SELECT 1 FROM petitions p WHERE p.id = ${value("id")})
         ON CONFLICT DO NOTHING`,
      )
      .bind(rows, ...onlyIf.params),
    db
      .prepare(
        `INSERT INTO petition_events (petition_id, at, actor_id, actor_kind, action, from_status, to_status, note, public)
         SELECT ${value("id")}, ${value("receivedAt")}, ${value("createdBy")}, 'official', 'submit', NULL, 'received', NULL, 1 FROM json_each(?) j
         WHERE ${onlyIf.sql} AND EXISTS (SELECT 1 FROM petitions p WHERE p.id = ${value("id")})
           AND NOT EXISTS (SELECT 1 FROM petition_events e WHERE e.petition_id = ${value("id")})`,
      )
      .bind(rows, ...onlyIf.params),
  ];
}
