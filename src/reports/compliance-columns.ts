/** The compliance table as a file: one row per commune-level unit, every figure of API.md's compliance item. */
import type { ExportColumn, ExportShape } from "../lib/export-stream";
import type { MessageCode, Translate } from "../lib/problem";
import type { ComplianceItem } from "./rules";

type Figure = Exclude<keyof ComplianceItem, "unit" | "status" | "validFrom" | "validTo" | "rollsUpTo" | "mergedFrom" | "deadline">;

const FIGURES: [Figure, MessageCode, number][] = [
  ["sessionsHeld", "exports.col.sessionsHeld", 10],
  ["recordedAfterwards", "exports.col.recordedAfterwards", 10],
  ["shortNotice", "exports.col.shortNotice", 10],
  ["resultsOnTime", "exports.col.resultsOnTime", 10],
  ["resultsLate", "exports.col.resultsLate", 10],
  ["petitionsReceived", "exports.col.petitionsReceived", 10],
  ["acknowledgedOnTime", "exports.col.acknowledgedOnTime", 10],
  ["acknowledgedLate", "exports.col.acknowledgedLate", 10],
  ["resolvedOnTime", "exports.col.resolvedOnTime", 10],
  ["resolvedLate", "exports.col.resolvedLate", 10],
  ["overdue", "exports.col.overdue", 10],
  ["commitmentsDone", "exports.col.commitmentsDone", 10],
  ["commitmentsLate", "exports.col.commitmentsLate", 10],
  ["sessionsCounted", "exports.col.sessionsCounted", 10],
  ["sessionsRequired", "exports.col.sessionsRequired", 10],
];

export function complianceShape(t: Translate): ExportShape<ComplianceItem> {
  const columns: ExportColumn<ComplianceItem>[] = [
    { header: t("exports.col.commune"), width: 28, value: (item) => item.unit.name },
    { header: t("exports.col.complianceStatus"), width: 14, value: (item) => t(`oversight.status.${item.status}`) },
    ...FIGURES.map(([figure, header, width]): ExportColumn<ComplianceItem> => ({ header: t(header), width, type: "number", value: (item) => item[figure] })),
    { header: t("exports.col.deadline"), width: 13, type: "day", value: (item) => item.deadline },
    { header: t("exports.col.rollsUpTo"), width: 24, value: (item) => item.rollsUpTo?.name ?? null },
    { header: t("exports.col.mergedFrom"), width: 30, value: (item) => item.mergedFrom.map((unit) => unit.name).join(", ") || null },
  ];
  return { columns, sheetName: t("exports.compliance.file"), toItem: (item) => item };
}
