/**
 * The reception book in the columns of form Mẫu 03/TCD (DOMAIN.md): no., date, name and address, ID or passport
 * number, content summary, type, number of people, body already handling it, accepted (x), guided to whom and the
 * guidance letter's number, transferred to whom and the transfer letter's number, follow-up. Name, address and ID
 * stay empty unless the caller may see that petition's submitter.
 */
import { formatDay, localDay } from "../lib/dates";
import type { ExportColumn, ExportShape } from "../lib/export-stream";
import type { Translate } from "../lib/problem";
import type { ReceptionRow } from "./reception-store";

export type NumberedReception = ReceptionRow & { number: number };

const ANSWERED = new Set(["answered", "resolved", "escalated"]);

/** Where the person was sent with guidance (a petition returned at intake): the guidance given. */
const guidance = (row: ReceptionRow) => (row.status === "returned" ? row.public_note : null);
/** Where it was transferred: a body outside the system, or the commune handling it now when not the one that received it. */
const transferredTo = (row: ReceptionRow) => row.to_body ?? (row.unit_code !== row.received_unit_code ? row.handling_unit_name : null);
const guidanceLetter = (row: ReceptionRow) => (guidance(row) !== null ? row.letter_number : null);
const transferLetter = (row: ReceptionRow) => (transferredTo(row) !== null ? row.letter_number : null);

function followUp(t: Translate, row: ReceptionRow): string {
  const status = t(`status.${row.status}`);
  return ANSWERED.has(row.status) && row.answered_at ? t("exports.followUp", { status, day: formatDay(localDay(new Date(row.answered_at))) }) : status;
}

export function receptionBookShape(t: Translate, showsIdentity: (row: ReceptionRow) => boolean): ExportShape<NumberedReception> {
  const identity = (read: (row: ReceptionRow) => string | null) => (row: ReceptionRow) => (showsIdentity(row) ? read(row) : null);
  const columns: ExportColumn<NumberedReception>[] = [
    { header: t("exports.col.number"), width: 6, type: "number", value: (row) => row.number },
    { header: t("exports.col.receivedOn"), width: 12, type: "day", value: (row) => localDay(new Date(row.submitted_at)) },
    {
      header: t("exports.col.nameAndAddress"),
      width: 34,
      value: identity((row) => [row.submitter_name, row.submitter_address].filter(Boolean).join(", ") || null),
    },
    { header: t("exports.col.idNumber"), width: 16, value: identity((row) => row.submitter_citizen_id) },
    { header: t("exports.col.contentSummary"), width: 60, value: (row) => `${row.title}: ${row.content}` },
    { header: t("exports.col.type"), width: 14, value: (row) => t(row.kind ? `kind.${row.kind}` : "kind.unclassified") },
    { header: t("exports.col.peopleCountShort"), width: 8, type: "number", value: (row) => row.people_count },
    { header: t("exports.col.previouslyHandledBy"), width: 24, value: (row) => row.previously_handled_by },
    { header: t("exports.col.acceptedMark"), width: 8, value: (row) => (row.accepted_at ? t("exports.accepted") : null) },
    { header: t("exports.col.guidedTo"), width: 30, value: guidance },
    { header: t("exports.col.guidanceLetter"), width: 14, value: guidanceLetter },
    { header: t("exports.col.transferredTo"), width: 24, value: transferredTo },
    { header: t("exports.col.transferLetter"), width: 14, value: transferLetter },
    { header: t("exports.col.followUp"), width: 30, value: (row) => followUp(t, row) },
  ];
  return {
    columns,
    sheetName: t("exports.receptionBook.file"),
    toItem: (row) => {
      const withIdentity = showsIdentity(row);
      return {
        number: row.number,
        id: row.id,
        trackingCode: row.tracking_code,
        receivedOn: localDay(new Date(row.submitted_at)),
        submitter: withIdentity ? { name: row.submitter_name, address: row.submitter_address, citizenId: row.submitter_citizen_id } : null,
        title: row.title,
        content: row.content,
        kind: row.kind,
        peopleCount: row.people_count,
        previouslyHandledBy: row.previously_handled_by,
        accepted: row.accepted_at !== null,
        guidedTo: guidance(row) === null ? null : { guidance: guidance(row), letterNumber: guidanceLetter(row) },
        transferredTo:
          transferredTo(row) === null
            ? null
            : {
                unit: row.to_body ? null : { code: row.unit_code, name: row.handling_unit_name },
                body: row.to_body,
                letterNumber: transferLetter(row),
              },
        status: row.status,
        answeredAt: row.answered_at,
      };
    },
  };
}
