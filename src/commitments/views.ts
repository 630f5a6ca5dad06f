/** Minutes and commitments as the API and the pages show them, mapped from the store's rows in one place. */

import type { ItemRow, MinutesRow } from "./minutes-store";
import type { CommitmentStatus, CommitmentView, MinutesItemView, MinutesView } from "./schema";
import type { CommitmentEventRow, CommitmentRow } from "./store";

/**
 * An opinion and what follows it. `official`: the name the asker gave and the petition's tracking code (to hand to
 * the asker) are shown; everyone else sees the village only, and the petition's public status.
 */
export function toItemView(row: ItemRow, official: boolean): MinutesItemView {
  return {
    id: row.id,
    position: row.position,
    question: row.question,
    askedBy: {
      ...(official ? { name: row.asked_by_name } : {}),
      village: row.asked_by_village_id ? { id: row.asked_by_village_id, name: row.village_name ?? "" } : null,
    },
    answer: row.answer,
    answeredOnSpot: row.answered_on_spot === 1,
    followUp: row.follow_up,
    petition:
      row.petition_id && row.petition_status
        ? {
            id: row.petition_id,
            ...(official && row.tracking_code ? { trackingCode: row.tracking_code } : {}),
            status: row.petition_status,
            dueOn: row.petition_due_on ?? "",
            answer: row.petition_answer,
          }
        : null,
    commitment: row.commitment_id
      ? {
          id: row.commitment_id,
          owner: row.owner_name ?? "",
          dueDate: row.commitment_due_on ?? "",
          description: row.commitment_description ?? "",
          status: (row.commitment_status ?? "open") as CommitmentStatus,
          percent: row.commitment_percent ?? 0,
          late: row.commitment_late === 1,
        }
      : null,
  };
}

export function toMinutesView(sessionId: string, minutes: MinutesRow | null, items: ItemRow[], official: boolean): MinutesView {
  return {
    sessionId,
    version: minutes?.version ?? 0,
    attendance: minutes?.attendance ?? 0,
    summary: minutes?.summary ?? "",
    secretary: minutes?.secretary ?? null,
    frontRepresentative: minutes?.front_representative ?? null,
    updatedAt: minutes?.updated_at ?? null,
    items: items.map((row) => toItemView(row, official)),
  };
}

/** A commitment for everyone: the owner is an official in office or a body, so no personal data is shown. */
export function toCommitmentView(row: CommitmentRow, history?: CommitmentEventRow[]): CommitmentView {
  return {
    id: row.id,
    unit: { code: row.unit_code, name: row.unit_name },
    session: { id: row.session_id, title: row.session_title, startsAt: row.session_starts_at },
    item: { id: row.item_id, question: row.question },
    owner: { name: row.owner_name ?? "", official: row.owner_account_id !== null },
    description: row.description,
    dueDate: row.due_on,
    status: row.status,
    percent: row.percent,
    late: row.late === 1,
    doneAt: row.done_at,
    updatedAt: row.updated_at,
    ...(history
      ? { history: history.map((entry) => ({ at: entry.at, action: entry.action, status: entry.status, percent: entry.percent, note: entry.note })) }
      : {}),
  };
}
