import * as v from "valibot";
import { emailSchema, personNameSchema } from "../accounts/schema";
import { categoryCodeSchema } from "../categories/schema";
import { citizenIdSchema, phoneSchema } from "../lib/identity";
import { pageQuery } from "../lib/pagination";
import { code } from "../lib/validate";
import { localDateSchema, unitCodeSchema } from "../units/schema";

export const PETITION_KINDS = ["complaint", "denunciation", "recommendation", "feedback", "mixed"] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];

export const PETITION_STATUSES = [
  "received",
  "accepted",
  "returned",
  "transferred",
  "filed",
  "duplicate",
  "in_progress",
  "answered",
  "resolved",
  "reopened",
] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

const CHANNELS = ["online", "walk_in", "letter"] as const;
export type Channel = (typeof CHANNELS)[number];

const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));

const submitterSchema = v.object({
  name: v.optional(personNameSchema),
  phone: v.optional(phoneSchema),
  email: v.optional(emailSchema),
  address: optionalText(300),
  citizenId: v.optional(citizenIdSchema),
});

/** A petition as a resident (or staff, for a walk-in or letter) submits it. */
export const petitionSubmissionSchema = v.pipe(
  v.object({
    unitCode: unitCodeSchema,
    category: categoryCodeSchema,
    /** The resident's own classification; officials classify by content later (Thông tư 05/2021). */
    kind: v.optional(v.picklist(PETITION_KINDS)),
    title: v.pipe(v.string(), v.trim(), v.minLength(5), v.maxLength(200)),
    content: v.pipe(v.string(), v.trim(), v.minLength(10), v.maxLength(10_000)),
    submitter: submitterSchema,
    anonymous: v.optional(v.boolean(), false),
    consent: v.literal(true, code("petition.consent_required")),
    channel: v.optional(v.picklist(CHANNELS), "online"),
    peopleCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)), 1),
    previouslyHandledBy: optionalText(300),
  }),
  v.forward(
    v.check((petition) => !petition.anonymous || (petition.kind ?? "feedback") === "feedback", code("petition.anonymous_feedback_only")),
    ["anonymous"],
  ),
  v.forward(
    v.check((petition) => petition.anonymous || !!petition.submitter.name, code("petition.name_required")),
    ["submitter", "name"],
  ),
  v.forward(
    v.check(
      (petition) => petition.anonymous || petition.channel !== "online" || !!petition.submitter.phone || !!petition.submitter.email,
      code("petition.contact_required"),
    ),
    ["submitter", "phone"],
  ),
);
export type PetitionSubmission = v.InferOutput<typeof petitionSubmissionSchema>;

const version = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));
const reason = (max = 2000) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const answerText = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(10_000));

/** The actions of API.md, one schema per action (a discriminated union on `action`). */
export const petitionActionSchema = v.variant("action", [
  v.object({ action: v.literal("classify"), version, kind: v.picklist(PETITION_KINDS), complex: v.optional(v.boolean()), remoteArea: v.optional(v.boolean()) }),
  v.object({ action: v.literal("accept"), version }),
  v.object({ action: v.literal("return"), version, guidance: reason() }),
  v.object({ action: v.literal("transfer"), version, toUnitCode: unitCodeSchema, reason: reason() }),
  v.object({ action: v.literal("file"), version, reason: reason() }),
  v.object({ action: v.literal("mark_duplicate"), version, ofId: v.pipe(v.string(), v.uuid()) }),
  v.object({ action: v.literal("assign"), version, accountId: v.pipe(v.string(), v.uuid()) }),
  v.object({ action: v.literal("note"), version, text: reason(5000) }),
  v.object({ action: v.literal("start"), version }),
  v.object({ action: v.literal("draft_answer"), version, text: answerText }),
  v.object({ action: v.literal("answer"), version, text: answerText }),
  v.object({
    action: v.literal("extend"),
    version,
    days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30)),
    reason: reason(),
  }),
  v.object({ action: v.literal("resolve"), version }),
]);
export type PetitionActionInput = v.InferOutput<typeof petitionActionSchema>;
export type PetitionAction = PetitionActionInput["action"];

const booleanQuery = v.pipe(
  v.picklist(["true", "false", "1", "0"]),
  v.transform((value) => value === "true" || value === "1"),
);

export const petitionListQuerySchema = v.object({
  unit: v.optional(unitCodeSchema),
  status: v.optional(v.picklist(PETITION_STATUSES)),
  kind: v.optional(v.picklist(PETITION_KINDS)),
  category: v.optional(categoryCodeSchema),
  overdue: v.optional(booleanQuery),
  dueWithinDays: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0), v.maxValue(365))),
  q: v.optional(v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(100))),
  ...pageQuery,
});
export type PetitionListQuery = v.InferOutput<typeof petitionListQuerySchema>;

const petitionIdSchema = v.pipe(v.string(), v.uuid());
export const petitionIdParamSchema = v.object({ id: petitionIdSchema });
export const attachmentParamSchema = v.object({ id: petitionIdSchema, attachmentId: v.pipe(v.string(), v.uuid()) });

/** Whether a path segment is a petition id at all (pages answer 404 rather than 400 for a mistyped address). */
export const isPetitionId = (value: string): boolean => v.is(petitionIdSchema, value);

/** A tracking code as people type it: any case, with spaces or dashes between the groups of four. */
const trackingCodeSchema = v.pipe(
  v.string(),
  v.transform((text) => text.toUpperCase().replace(/[\s-]/g, "")),
  v.regex(/^[2-9A-HJ-NP-Z]{12}$/, code("petition.tracking_code_format")),
);
export const trackingCodeParamSchema = v.object({ trackingCode: trackingCodeSchema });

/** The tracking code in its stored form, or null when `text` cannot be one. */
export function parseTrackingCode(text: string): string | null {
  const result = v.safeParse(trackingCodeSchema, text);
  return result.success ? result.output : null;
}

export const feedbackSchema = v.pipe(
  v.object({ satisfied: v.boolean(), comment: optionalText(2000) }),
  v.forward(
    v.check((feedback) => feedback.satisfied || !!feedback.comment, code("petition.feedback_reason_required")),
    ["comment"],
  ),
);
export const idempotencyKeySchema = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(8, code("petition.idempotency_key_format")),
    v.maxLength(200, code("petition.idempotency_key_format")),
    v.regex(/^[\x21-\x7e]+$/, code("petition.idempotency_key_format")),
  ),
);

export const createdPetitionSchema = v.object({
  id: v.string(),
  trackingCode: v.string(),
  status: v.picklist(PETITION_STATUSES),
  acknowledgeBy: localDateSchema,
  version: v.number(),
});

/** A public history entry; `overdue` marks the entry the daily job writes when a deadline passes. */
const publicHistoryEntrySchema = v.object({
  at: v.string(),
  status: v.picklist(PETITION_STATUSES),
  note: v.optional(v.string()),
  overdue: v.optional(v.literal(true)),
});
export const publicPetitionSchema = v.object({
  trackingCode: v.string(),
  status: v.picklist(PETITION_STATUSES),
  unitCode: v.string(),
  unitName: v.string(),
  category: v.string(),
  title: v.string(),
  submittedAt: v.string(),
  acknowledgeBy: v.string(),
  resolveBy: v.optional(v.string()),
  publicAnswer: v.optional(v.string()),
  publicNote: v.optional(v.string()),
  canGiveFeedback: v.boolean(),
  history: v.array(publicHistoryEntrySchema),
});
export type PublicPetition = v.InferOutput<typeof publicPetitionSchema>;

const petitionListItemSchema = v.object({
  id: v.string(),
  trackingCode: v.string(),
  unitCode: v.string(),
  category: v.string(),
  kind: v.nullable(v.picklist(PETITION_KINDS)),
  title: v.string(),
  status: v.picklist(PETITION_STATUSES),
  channel: v.picklist(CHANNELS),
  submittedAt: v.string(),
  dueOn: v.nullable(v.string()),
  overdue: v.boolean(),
  dueSoon: v.boolean(),
  assignedTo: v.nullable(v.string()),
  version: v.number(),
});
export const petitionPageSchema = v.object({ items: v.array(petitionListItemSchema), nextCursor: v.nullable(v.string()) });
