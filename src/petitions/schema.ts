import * as v from "valibot";
import { emailSchema, personNameSchema } from "../accounts/schema";
import { categoryCodeSchema } from "../categories/schema";
import { citizenIdSchema, phoneSchema } from "../lib/identity";
import { pageQuery } from "../lib/pagination";
import type { MessageCode } from "../lib/problem";
import { code } from "../lib/validate";
import { localDateSchema, unitCodeSchema } from "../units/schema";

/** What a resident may call their letter; `mixed` is only that label (officials classify each part as one of the rest). */
export const PETITION_KINDS = ["complaint", "denunciation", "recommendation", "feedback", "mixed"] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];
/** What officials classify a petition as, by its content (Thông tư 05/2021/TT-TTCP). */
export const CLASSIFIED_KINDS = ["complaint", "denunciation", "recommendation", "feedback"] as const;
export type ClassifiedKind = (typeof CLASSIFIED_KINDS)[number];

/** Sets the resolution period, and how many extensions a denunciation may get (Luật Tố cáo 2018, art. 30). */
export const COMPLEXITIES = ["normal", "complex", "especially_complex"] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

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
  "split",
  "escalated",
] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** How a petition reached the commune: online, in person, by letter, or raised at a dialogue session (API.md). */
const CHANNELS = ["online", "walk_in", "letter", "session"] as const;
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
    unitCode: v.pipe(v.string(code("petition.unit_required")), v.trim(), v.nonEmpty(code("petition.unit_required")), unitCodeSchema),
    category: v.pipe(v.string(code("petition.category_required")), v.trim(), v.nonEmpty(code("petition.category_required")), categoryCodeSchema),
    /** The resident's own classification; officials classify by content later (Thông tư 05/2021). */
    kind: v.optional(v.picklist(PETITION_KINDS)),
    title: v.pipe(v.string(code("petition.title_required")), v.trim(), v.nonEmpty(code("petition.title_required")), v.minLength(5), v.maxLength(200)),
    content: v.pipe(v.string(code("petition.content_required")), v.trim(), v.nonEmpty(code("petition.content_required")), v.minLength(10), v.maxLength(10_000)),
    submitter: submitterSchema,
    anonymous: v.optional(v.boolean(), false),
    consent: v.literal(true, code("petition.consent_required")),
    channel: v.optional(v.picklist(CHANNELS, code("petition.channel_choice")), "online"),
    peopleCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)), 1),
    previouslyHandledBy: optionalText(300),
  }),
  // Partial checks run even while other fields fail, so a form lists every problem at once.
  v.forward(
    v.partialCheck(
      [["anonymous"], ["kind"]],
      (petition) => !petition.anonymous || (petition.kind ?? "feedback") === "feedback",
      code("petition.anonymous_feedback_only"),
    ),
    ["anonymous"],
  ),
  v.forward(
    v.partialCheck([["anonymous"], ["submitter", "name"]], (petition) => petition.anonymous || !!petition.submitter.name, code("petition.name_required")),
    ["submitter", "name"],
  ),
  v.forward(
    v.partialCheck(
      [["anonymous"], ["channel"], ["submitter", "phone"], ["submitter", "email"]],
      (petition) => petition.anonymous || petition.channel !== "online" || !!petition.submitter.phone || !!petition.submitter.email,
      code("petition.contact_required"),
    ),
    ["submitter", "phone"],
  ),
);
export type PetitionSubmission = v.InferOutput<typeof petitionSubmissionSchema>;

const version = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));
const reason = (max = 2000, required: MessageCode = "petition.reason_required") =>
  v.pipe(v.string(code(required)), v.trim(), v.minLength(1, code(required)), v.maxLength(max));
const answerText = reason(10_000, "petition.text_required");

const letterNumber = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50)));
const classifiedKind = v.picklist(CLASSIFIED_KINDS, code("petition.classify_as_one_kind"));

/** A part of a split letter: each becomes a petition of its own kind. */
const splitPartSchema = v.object({
  kind: classifiedKind,
  title: v.pipe(v.string(), v.trim(), v.minLength(5), v.maxLength(200)),
  content: v.pipe(v.string(), v.trim(), v.minLength(10), v.maxLength(10_000)),
});

/** `transfer`: to a commune of the system (`toUnitCode`) or to an outside body by name (`toBody`), not both. */
const transferSchema = v.pipe(
  v.object({
    action: v.literal("transfer"),
    version,
    toUnitCode: v.optional(unitCodeSchema),
    toBody: v.optional(v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(200))),
    reason: reason(),
    letterNumber,
  }),
  v.forward(
    v.check((transfer) => !transfer.toUnitCode !== !transfer.toBody, code("petition.transfer_one_destination")),
    ["toUnitCode"],
  ),
);

/** The actions of API.md, one schema per action (a discriminated union on `action`). */
export const petitionActionSchema = v.variant("action", [
  v.pipe(
    v.object({
      action: v.literal("classify"),
      version,
      kind: classifiedKind,
      complexity: v.optional(v.picklist(COMPLEXITIES)),
      /** Older clients: `complex: true` is read as `complexity: "complex"`. */
      complex: v.optional(v.boolean()),
      remoteArea: v.optional(v.boolean()),
      /** A denunciation to be verified: 10 working days to classify it instead of 7. */
      needsVerification: v.optional(v.boolean()),
    }),
    v.transform(({ complex, ...input }) =>
      complex === undefined || input.complexity ? input : { ...input, complexity: complex ? ("complex" as const) : ("normal" as const) },
    ),
  ),
  v.object({ action: v.literal("accept"), version }),
  v.object({ action: v.literal("return"), version, guidance: reason(2000, "petition.guidance_required"), letterNumber }),
  transferSchema,
  v.object({ action: v.literal("file"), version, reason: reason() }),
  v.object({
    action: v.literal("mark_duplicate"),
    version,
    /** The other petition: its id, or its tracking code as people type it. */
    of: v.pipe(v.string(code("petition.original_required")), v.trim(), v.minLength(1, code("petition.original_required")), v.maxLength(64)),
  }),
  v.pipe(
    v.object({ action: v.literal("split"), version, parts: v.pipe(v.array(splitPartSchema), v.minLength(2), v.maxLength(CLASSIFIED_KINDS.length)) }),
    v.forward(
      v.check((split) => new Set(split.parts.map((part) => part.kind)).size === split.parts.length, code("petition.split_one_part_per_kind")),
      ["parts"],
    ),
  ),
  v.object({
    action: v.literal("assign"),
    version,
    accountId: v.pipe(v.string(code("petition.assignee_required")), v.uuid(code("petition.assignee_required"))),
  }),
  v.object({ action: v.literal("note"), version, text: reason(5000, "petition.text_required") }),
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
  kind: v.optional(v.picklist(CLASSIFIED_KINDS)),
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
  v.object({ satisfied: v.boolean(code("petition.feedback_choose")), comment: optionalText(2000) }),
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
  /** The resident's own label, as sent (null when none). */
  kind: v.nullable(v.picklist(PETITION_KINDS)),
  acknowledgeBy: localDateSchema,
  version: v.number(),
});

/** A public history entry; `overdue` marks the entry the daily job writes when a deadline passes. */
const publicHistoryEntrySchema = v.object({
  at: v.string(),
  status: v.picklist(PETITION_STATUSES),
  /** What happened (`accept`, `answer`, `extend`, …): the actions of API.md, and the resident's `submit`, `confirm`, `reopen`, `escalate`. */
  action: v.optional(v.string()),
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
  /** While an answer awaits the resident: the last day they may confirm it or ask again. */
  feedbackUntil: v.optional(v.string()),
  /** The petitions a mixed letter was split into, each with its own tracking code. */
  parts: v.optional(v.array(v.object({ trackingCode: v.string(), kind: v.picklist(CLASSIFIED_KINDS), status: v.picklist(PETITION_STATUSES) }))),
  history: v.array(publicHistoryEntrySchema),
});
export type PublicPetition = v.InferOutput<typeof publicPetitionSchema>;

/** A unit as responses show it. */
const unitRefSchema = v.object({ code: v.string(), name: v.string() });
/** A person as responses show them: never a bare id. */
const personSchema = v.object({ id: v.string(), name: v.string() });

const petitionListItemSchema = v.object({
  id: v.string(),
  trackingCode: v.string(),
  unit: unitRefSchema,
  category: v.string(),
  kind: v.nullable(v.picklist(CLASSIFIED_KINDS)),
  title: v.string(),
  status: v.picklist(PETITION_STATUSES),
  channel: v.picklist(CHANNELS),
  submittedAt: v.string(),
  dueOn: v.nullable(v.string()),
  overdue: v.boolean(),
  dueSoon: v.boolean(),
  assignee: v.nullable(personSchema),
  version: v.number(),
});
export const petitionPageSchema = v.object({ items: v.array(petitionListItemSchema), nextCursor: v.nullable(v.string()) });

const periodSchema = v.object({ from: v.string(), days: v.number(), dayKind: v.picklist(["working", "calendar"]) });
const historyBySchema = v.object({ id: v.string(), name: v.string(), role: v.string() });

/** A petition as its officials see it (`GET /petitions/:id`, and the answer to every action). */
export const petitionDetailSchema = v.object({
  id: v.string(),
  trackingCode: v.string(),
  /** The handling unit; `receivedUnit` received it first (they differ after a transfer). */
  unit: unitRefSchema,
  receivedUnit: unitRefSchema,
  category: v.string(),
  /** The classification by content; null until classified. */
  kind: v.nullable(v.picklist(CLASSIFIED_KINDS)),
  /** The resident's own label at submission. */
  residentKind: v.nullable(v.picklist(PETITION_KINDS)),
  complexity: v.picklist(COMPLEXITIES),
  remoteArea: v.boolean(),
  needsVerification: v.boolean(),
  title: v.string(),
  content: v.string(),
  channel: v.picklist(CHANNELS),
  anonymous: v.boolean(),
  /** Once submitted or classified as a denunciation (or split with one): the identity stays protected. */
  identityProtected: v.boolean(),
  peopleCount: v.number(),
  previouslyHandledBy: v.nullable(v.string()),
  status: v.picklist(PETITION_STATUSES),
  assignee: v.nullable(personSchema),
  duplicateOf: v.nullable(v.string()),
  /** A part of a split letter: the original's id. */
  splitFrom: v.nullable(v.string()),
  parts: v.array(v.object({ id: v.string(), trackingCode: v.string(), kind: v.picklist(CLASSIFIED_KINDS), status: v.picklist(PETITION_STATUSES) })),
  transfers: v.number(),
  /** Transferred to a body outside the system: finished here. */
  toBody: v.nullable(v.string()),
  /** The guidance or transfer letter's number. */
  letterNumber: v.nullable(v.string()),
  submittedAt: v.string(),
  /** The local day of receipt: the time limits in force that day apply. */
  receivedOn: v.string(),
  acknowledgeBy: v.string(),
  acknowledgement: v.nullable(periodSchema),
  /** A denunciation outside the commune's competence must be transferred by this day. */
  transferBy: v.nullable(v.string()),
  acceptedAt: v.nullable(v.string()),
  resolveBy: v.nullable(v.string()),
  resolution: v.nullable(periodSchema),
  extensions: v.number(),
  maxExtensions: v.number(),
  dueOn: v.nullable(v.string()),
  overdue: v.boolean(),
  dueSoon: v.boolean(),
  /** While answered: the last day of the resident's window; officials may resolve after it. */
  feedbackUntil: v.nullable(v.string()),
  draftAnswer: v.nullable(v.string()),
  publicAnswer: v.nullable(v.string()),
  publicNote: v.nullable(v.string()),
  answeredAt: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
  feedback: v.nullable(v.object({ satisfied: v.boolean(), comment: v.nullable(v.string()) })),
  version: v.number(),
  allowedActions: v.array(v.string()),
  /** Only for those allowed to see it (each view logged); null otherwise, with `submitterHidden`. */
  submitter: v.nullable(
    v.object({
      name: v.nullable(v.string()),
      phone: v.nullable(v.string()),
      email: v.nullable(v.string()),
      address: v.nullable(v.string()),
      citizenId: v.nullable(v.string()),
    }),
  ),
  submitterHidden: v.boolean(),
  history: v.array(
    v.object({
      at: v.string(),
      action: v.string(),
      by: v.nullable(historyBySchema),
      actorKind: v.picklist(["resident", "official", "system"]),
      fromStatus: v.nullable(v.picklist(PETITION_STATUSES)),
      toStatus: v.picklist(PETITION_STATUSES),
      note: v.nullable(v.string()),
      public: v.boolean(),
    }),
  ),
  notes: v.array(v.object({ at: v.string(), by: v.nullable(historyBySchema), text: v.nullable(v.string()) })),
  attachments: v.array(v.object({ id: v.string(), contentType: v.string(), size: v.number(), url: v.string() })),
});
