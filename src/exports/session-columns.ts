/** What a sessions export holds: no personal data (the chair and co-chair are officials acting as such). */

import type { Calendar } from "../holidays/rules";
import { localDay } from "../lib/dates";
import type { ExportColumn, ExportShape } from "../lib/export-stream";
import type { MessageCode, Translate } from "../lib/problem";
import { resultsDue } from "../sessions/rules";
import type { ExportSessionRow } from "./session-store";

const dueOf = (row: ExportSessionRow, holidays: Calendar) => resultsDue(row.starts_at, row.results_days, holidays);

/** Whether the results came out by their due day: null for a session not held, recorded afterwards, or not yet due. */
export function resultsOnTime(row: ExportSessionRow, today: string, holidays: Calendar): boolean | null {
  if (row.recorded_afterwards || (row.status !== "held" && row.status !== "results_published")) return null;
  const due = dueOf(row, holidays);
  if (row.results_published_at) return localDay(new Date(row.results_published_at)) <= due;
  return due < today ? false : null;
}

export function sessionExportShape(t: Translate, today: string, holidays: Calendar): ExportShape<ExportSessionRow> {
  const yesNo = (value: boolean | null) => (value === null ? null : value ? t("exports.yes") : t("common.no"));
  const columns: ExportColumn<ExportSessionRow>[] = [
    { header: t("exports.col.unit"), width: 24, value: (row) => row.unit_name },
    { header: t("exports.col.session"), width: 40, value: (row) => row.title },
    { header: t("exports.col.startsAt"), width: 17, type: "instant", value: (row) => row.starts_at },
    { header: t("exports.col.endsAt"), width: 17, type: "instant", value: (row) => row.ends_at },
    { header: t("exports.col.venue"), width: 28, value: (row) => row.venue_name },
    { header: t("exports.col.venueAddress"), width: 28, value: (row) => row.venue_address },
    { header: t("exports.col.mode"), width: 16, value: (row) => t(`session.mode.${row.mode}` as MessageCode) },
    { header: t("exports.col.sessionStatus"), width: 18, value: (row) => t(`session.status.${row.status}` as MessageCode) },
    { header: t("exports.col.chair"), width: 22, value: (row) => row.chair_name },
    {
      header: t("exports.col.coChair"),
      width: 22,
      value: (row) => (row.co_chair_name ? [row.co_chair_name, row.co_chair_title].filter(Boolean).join(", ") : null),
    },
    { header: t("exports.col.coOrganiser"), width: 24, value: (row) => row.co_organiser },
    { header: t("exports.col.publishedAt"), width: 17, type: "instant", value: (row) => row.published_at },
    { header: t("exports.col.shortNotice"), width: 10, value: (row) => yesNo(row.short_notice === 1) },
    { header: t("exports.col.shortNoticeReason"), width: 30, value: (row) => (row.short_notice ? row.short_notice_reason : null) },
    { header: t("exports.col.recordedAfterwards"), width: 10, value: (row) => yesNo(row.recorded_afterwards === 1) },
    { header: t("exports.col.resultsDue"), width: 13, type: "day", value: (row) => (row.recorded_afterwards ? null : dueOf(row, holidays)) },
    { header: t("exports.col.resultsPublishedAt"), width: 17, type: "instant", value: (row) => row.results_published_at },
    { header: t("exports.col.resultsOnTime"), width: 10, value: (row) => yesNo(resultsOnTime(row, today, holidays)) },
    { header: t("exports.col.resultsSummary"), width: 60, value: (row) => row.results_summary },
    { header: t("exports.col.cancelReason"), width: 30, value: (row) => row.cancel_reason },
    { header: t("exports.col.agenda"), width: 60, value: (row) => row.agenda },
  ];
  return {
    columns,
    sheetName: t("exports.sessions.file"),
    toItem: (row) => ({
      id: row.id,
      unit: { code: row.unit_code, name: row.unit_name },
      title: row.title,
      agenda: row.agenda,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      venue: { name: row.venue_name, address: row.venue_address },
      mode: row.mode,
      status: row.status,
      chair: row.chair_name,
      coChair: row.co_chair_name ? { name: row.co_chair_name, title: row.co_chair_title } : null,
      coOrganiser: row.co_organiser,
      publishedAt: row.published_at,
      shortNotice: row.short_notice === 1,
      shortNoticeReason: row.short_notice ? row.short_notice_reason : null,
      recordedAfterwards: row.recorded_afterwards === 1,
      heldAt: row.held_at,
      cancelledAt: row.cancelled_at,
      cancelReason: row.cancel_reason,
      resultsDue: row.recorded_afterwards ? null : dueOf(row, holidays),
      resultsPublishedAt: row.results_published_at,
      resultsOnTime: resultsOnTime(row, today, holidays),
      resultsSummary: row.results_summary,
    }),
  };
}
