/**
 * What a petitions export holds: columns in words for people (CSV, XLSX) and items in codes for programs (JSON).
 * Submitter columns stay empty unless the caller may see that petition's submitter.
 */
import { formatDay } from "../lib/dates";
import type { ExportColumn, ExportShape } from "../lib/export-stream";
import type { MessageCode, Translate } from "../lib/problem";
import { NO_DEADLINE } from "../petitions/rules";
import type { PetitionKind, PetitionStatus } from "../petitions/schema";
import { formatTrackingCode } from "../petitions/store";
import type { ExportedPetition, ExportQuery } from "./schema";
import type { ExportPetitionRow, ScopeUnitRow } from "./store";

const statusWords = (status: PetitionStatus): MessageCode => `status.${status}`;
const kindWords = (kind: PetitionKind | null): MessageCode => (kind ? `kind.${kind}` : "kind.unclassified");
const channelWords = (channel: string): MessageCode | null =>
  channel === "online"
    ? "channel.online"
    : channel === "walk_in"
      ? "channel.walk_in"
      : channel === "letter"
        ? "channel.letter"
        : channel === "session"
          ? "channel.session"
          : null;

const dueOn = (row: ExportPetitionRow) => (row.due_on === NO_DEADLINE ? null : row.due_on);

export function petitionExportShape(t: Translate, showsIdentity: (row: ExportPetitionRow) => boolean): ExportShape<ExportPetitionRow> {
  const identity = (read: (row: ExportPetitionRow) => string | null) => (row: ExportPetitionRow) => (showsIdentity(row) ? read(row) : null);
  const columns: ExportColumn<ExportPetitionRow>[] = [
    { header: t("exports.col.trackingCode"), width: 16, value: (row) => formatTrackingCode(row.tracking_code) },
    { header: t("exports.col.submittedAt"), width: 17, type: "instant", value: (row) => row.submitted_at },
    { header: t("exports.col.unit"), width: 24, value: (row) => row.unit_name ?? row.unit_code },
    { header: t("exports.col.category"), width: 20, value: (row) => row.category_name ?? row.category },
    { header: t("exports.col.kind"), width: 14, value: (row) => t(kindWords(row.kind)) },
    { header: t("exports.col.status"), width: 18, value: (row) => t(statusWords(row.status)) },
    { header: t("exports.col.channel"), width: 12, value: (row) => (channelWords(row.channel) ? t(channelWords(row.channel)!) : row.channel) },
    { header: t("exports.col.title"), width: 36, value: (row) => row.title },
    { header: t("exports.col.content"), width: 60, value: (row) => row.content },
    { header: t("exports.col.peopleCount"), width: 9, type: "number", value: (row) => row.people_count },
    { header: t("exports.col.acknowledgeBy"), width: 13, type: "day", value: (row) => row.acknowledge_by },
    { header: t("exports.col.resolveBy"), width: 13, type: "day", value: (row) => row.resolve_by },
    { header: t("exports.col.dueOn"), width: 13, type: "day", value: dueOn },
    { header: t("exports.col.answeredAt"), width: 17, type: "instant", value: (row) => row.answered_at },
    { header: t("exports.col.closedAt"), width: 17, type: "instant", value: (row) => row.closed_at },
    { header: t("exports.col.assignee"), width: 22, value: (row) => row.assignee_name },
    { header: t("exports.col.answer"), width: 60, value: (row) => row.public_answer },
    { header: t("exports.col.submitterName"), width: 24, value: identity((row) => row.submitter_name) },
    { header: t("exports.col.phone"), width: 14, value: identity((row) => row.submitter_phone) },
    { header: t("exports.col.email"), width: 24, value: identity((row) => row.submitter_email) },
    { header: t("exports.col.address"), width: 30, value: identity((row) => row.submitter_address) },
    { header: t("exports.col.citizenId"), width: 16, value: identity((row) => row.submitter_citizen_id) },
  ];
  return { columns, sheetName: t("exports.petitions.file"), toItem: (row) => exportedPetition(row, showsIdentity(row)) };
}

export function exportedPetition(row: ExportPetitionRow, withIdentity: boolean): ExportedPetition {
  const hasSubmitter = withIdentity && (row.submitter_name ?? row.submitter_phone ?? row.submitter_email ?? row.submitter_address) !== null;
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    unit: { code: row.unit_code, name: row.unit_name },
    category: { code: row.category, name: row.category_name },
    kind: row.kind,
    status: row.status,
    channel: row.channel,
    title: row.title,
    content: row.content,
    peopleCount: row.people_count,
    submittedAt: row.submitted_at,
    acknowledgeBy: row.acknowledge_by,
    resolveBy: row.resolve_by,
    dueOn: dueOn(row),
    answeredAt: row.answered_at,
    closedAt: row.closed_at,
    publicAnswer: row.public_answer,
    assignee: row.assigned_to ? { id: row.assigned_to, name: row.assignee_name } : null,
    submitter: hasSubmitter
      ? {
          name: row.submitter_name,
          phone: row.submitter_phone,
          email: row.submitter_email,
          address: row.submitter_address,
          citizenId: row.submitter_citizen_id,
        }
      : null,
  };
}

/** "Danh sách đơn - Xã An Khê - 01-01-2026 đến 31-03-2026": what, whose, when (days as people write them). */
export function petitionsFileName(t: Translate, unit: ScopeUnitRow, query: Pick<ExportQuery, "from" | "to">): string {
  return exportFileName(t, t("exports.petitions.file"), unit, query);
}

/** A file's name: what it is, whose, and the days it covers. */
export function exportFileName(t: Translate, what: string, unit: Pick<ScopeUnitRow, "name">, query: Pick<ExportQuery, "from" | "to">): string {
  const day = (value: string) => formatDay(value).replace(/\//g, "-");
  const range =
    query.from && query.to
      ? t("exports.file.range", { from: day(query.from), to: day(query.to) })
      : query.from
        ? t("exports.file.from", { from: day(query.from) })
        : query.to
          ? t("exports.file.to", { to: day(query.to) })
          : null;
  return [what, unit.name, range].filter(Boolean).join(" - ");
}
