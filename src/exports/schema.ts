import * as v from "valibot";
import { code } from "../lib/validate";
import { localDateSchema, unitCodeSchema } from "../units/schema";

/**
 * The query of an export (API.md: `?unit=|province=&from=&to=`): a commune or a province (neither: the caller's
 * own), and local days, both inclusive, either may be left open.
 */
export const exportQuerySchema = v.pipe(
  v.object({
    unit: v.optional(unitCodeSchema),
    province: v.optional(unitCodeSchema),
    from: v.optional(localDateSchema),
    to: v.optional(localDateSchema),
  }),
  v.forward(
    v.check((query) => !(query.unit && query.province), code("exports.scope_both")),
    ["province"],
  ),
  v.forward(
    v.check((query) => !query.from || !query.to || query.from <= query.to, code("exports.range_order")),
    ["to"],
  ),
);
export type ExportQuery = v.InferOutput<typeof exportQuerySchema>;

/** A petition as the JSON export gives it: codes and ISO instants for programs; people and units by name. */
export const exportedPetitionSchema = v.object({
  id: v.string(),
  trackingCode: v.string(),
  unit: v.object({ code: v.string(), name: v.nullable(v.string()) }),
  category: v.object({ code: v.string(), name: v.nullable(v.string()) }),
  kind: v.nullable(v.string()),
  status: v.string(),
  channel: v.string(),
  title: v.string(),
  content: v.string(),
  peopleCount: v.number(),
  submittedAt: v.string(),
  acknowledgeBy: v.string(),
  resolveBy: v.nullable(v.string()),
  dueOn: v.nullable(v.string()),
  answeredAt: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
  publicAnswer: v.nullable(v.string()),
  assignee: v.nullable(v.object({ id: v.string(), name: v.nullable(v.string()) })),
  submitter: v.nullable(
    v.object({
      name: v.nullable(v.string()),
      phone: v.nullable(v.string()),
      email: v.nullable(v.string()),
      address: v.nullable(v.string()),
      citizenId: v.nullable(v.string()),
    }),
  ),
});
export type ExportedPetition = v.InferOutput<typeof exportedPetitionSchema>;
export const petitionExportSchema = v.object({ items: v.array(exportedPetitionSchema) });

/** A commitment as the JSON export gives it: no resident's identity. */
export const exportedCommitmentSchema = v.object({
  id: v.string(),
  unit: v.object({ code: v.string(), name: v.string() }),
  session: v.object({ id: v.string(), title: v.string(), day: v.string() }),
  question: v.string(),
  description: v.string(),
  owner: v.nullable(v.string()),
  dueOn: v.string(),
  status: v.picklist(["open", "in_progress", "done"]),
  percent: v.number(),
  late: v.boolean(),
  doneOn: v.nullable(v.string()),
  updatedAt: v.string(),
});
export const commitmentExportSchema = v.object({ items: v.array(exportedCommitmentSchema) });
