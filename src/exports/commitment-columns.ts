/** What a commitments export holds: what was promised, by whom, by when and how far it got. No resident's identity. */
import { localDay } from "../lib/dates";
import type { ExportColumn, ExportShape } from "../lib/export-stream";
import type { Translate } from "../lib/problem";
import type { ExportCommitmentRow } from "./commitment-store";

/**
 * Whether a commitment missed its due day (as the compliance report counts it): flagged by the daily job, not
 * done after its due day, or done after it.
 */
export function missedDueDay(row: Pick<ExportCommitmentRow, "late" | "status" | "due_on" | "done_at">, today: string): boolean {
  if (row.late === 1) return true;
  if (row.status === "done") return row.done_at !== null && localDay(new Date(row.done_at)) > row.due_on;
  return row.due_on < today;
}

const sessionDay = (row: ExportCommitmentRow) => localDay(new Date(row.session_starts_at));
const doneDay = (row: ExportCommitmentRow) => (row.done_at ? localDay(new Date(row.done_at)) : null);

export function commitmentExportShape(t: Translate, today: string): ExportShape<ExportCommitmentRow> {
  const columns: ExportColumn<ExportCommitmentRow>[] = [
    { header: t("exports.col.commitmentUnit"), width: 24, value: (row) => row.unit_name },
    { header: t("exports.col.session"), width: 36, value: (row) => row.session_title },
    { header: t("exports.col.sessionDay"), width: 13, type: "day", value: sessionDay },
    { header: t("exports.col.opinion"), width: 50, value: (row) => row.question },
    { header: t("exports.col.commitment"), width: 50, value: (row) => row.description },
    { header: t("exports.col.owner"), width: 24, value: (row) => row.owner_name },
    { header: t("exports.col.commitmentDue"), width: 13, type: "day", value: (row) => row.due_on },
    { header: t("exports.col.commitmentStatus"), width: 16, value: (row) => t(`commitment.status.${row.status}`) },
    { header: t("exports.col.percent"), width: 10, type: "number", value: (row) => row.percent },
    { header: t("exports.col.commitmentLate"), width: 10, value: (row) => (missedDueDay(row, today) ? t("exports.yes") : t("common.no")) },
    { header: t("exports.col.doneOn"), width: 13, type: "day", value: doneDay },
    { header: t("exports.col.updatedAt"), width: 17, type: "instant", value: (row) => row.updated_at },
  ];
  return {
    columns,
    sheetName: t("exports.commitments.file"),
    toItem: (row) => ({
      id: row.id,
      unit: { code: row.unit_code, name: row.unit_name },
      session: { id: row.session_id, title: row.session_title, day: sessionDay(row) },
      question: row.question,
      description: row.description,
      owner: row.owner_name,
      dueOn: row.due_on,
      status: row.status,
      percent: row.percent,
      late: missedDueDay(row, today),
      doneOn: doneDay(row),
      updatedAt: row.updated_at,
    }),
  };
}
