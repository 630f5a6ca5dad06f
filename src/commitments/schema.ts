/**
 * Following every promise to the end: the minutes of a session (each opinion raised and what follows it), and the
 * commitments made there, a resource of their own with progress. The one source of validation and of OpenAPI.
 */
import * as v from "valibot";
import { categoryCodeSchema } from "../categories/schema";
import { pageQuery } from "../lib/pagination";
import { code } from "../lib/validate";
import { localDateSchema, unitCodeSchema } from "../units/schema";

export const FOLLOW_UPS = ["petition", "commitment"] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];
export const COMMITMENT_STATUSES = ["open", "in_progress", "done"] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/** A follow-up petition is classified by the officials who write it down: one of the four kinds, never "mixed". */
export const FOLLOW_UP_PETITION_KINDS = ["recommendation", "feedback", "complaint", "denunciation"] as const;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const whole = (min: number, max: number) => v.pipe(v.number(code("integer")), v.integer(code("integer")), v.minValue(min), v.maxValue(max));
const uuid = (messageCode: Parameters<typeof code>[0]) => v.pipe(v.string(), v.uuid(code(messageCode)));

/** Who carries a commitment out: an official of the unit (`{ accountId }`) or a body named as typed (`{ name }`). */
export const commitmentOwnerSchema = v.pipe(
  v.object({ accountId: v.optional(uuid("commitment.owner_invalid")), name: v.optional(text(200)) }),
  v.check((owner) => (owner.accountId === undefined) !== (owner.name === undefined), code("commitment.owner_one_of")),
);

const commitmentTermsSchema = v.object({ owner: commitmentOwnerSchema, dueDate: localDateSchema, description: text(2000) });

/** One opinion raised at the session, as the minutes record it. */
export const minutesItemSchema = v.pipe(
  v.object({
    /** Leave out for a new item; resending the same new item (same place in the list, same question) finds it again. */
    id: v.optional(uuid("minutes.item_not_found")),
    question: text(2000),
    /** Who asked: a name only if they gave it, or just a village. */
    askedBy: v.optional(v.object({ name: v.optional(text(120)), villageId: v.optional(uuid("session.village_invalid")) })),
    answer: v.optional(text(10_000)),
    answeredOnSpot: v.boolean(),
    followUp: v.optional(v.picklist(FOLLOW_UPS)),
    petition: v.optional(v.object({ kind: v.picklist(FOLLOW_UP_PETITION_KINDS), category: categoryCodeSchema })),
    commitment: v.optional(commitmentTermsSchema),
  }),
  v.forward(
    v.check((item) => !item.answeredOnSpot || item.answer !== undefined, code("minutes.answer_required")),
    ["answer"],
  ),
  v.forward(
    v.check((item) => !item.answeredOnSpot || item.followUp === undefined, code("minutes.follow_up_answered")),
    ["followUp"],
  ),
  v.forward(
    v.check((item) => item.answeredOnSpot || item.followUp !== undefined, code("minutes.follow_up_required")),
    ["followUp"],
  ),
  v.forward(
    v.check((item) => item.followUp !== "petition" || item.petition !== undefined, code("minutes.petition_required")),
    ["petition"],
  ),
  v.forward(
    v.check((item) => item.followUp !== "commitment" || item.commitment !== undefined, code("minutes.commitment_required")),
    ["commitment"],
  ),
);
export type MinutesItemInput = v.InferOutput<typeof minutesItemSchema>;

/** `PUT /sessions/:id/minutes`: the whole minutes; items left out are removed (unless something follows them). */
export const minutesSchema = v.pipe(
  v.object({
    version: v.optional(whole(1, 1_000_000)),
    attendance: whole(0, 1_000_000),
    summary: text(20_000),
    secretary: v.optional(text(120)),
    frontRepresentative: v.optional(text(120)),
    items: v.pipe(v.array(minutesItemSchema), v.maxLength(200)),
  }),
  v.forward(
    v.check((minutes) => {
      const ids = minutes.items.flatMap((item) => (item.id ? [item.id] : []));
      return new Set(ids).size === ids.length;
    }, code("minutes.duplicate_item")),
    ["items"],
  ),
);
export type MinutesInput = v.InferOutput<typeof minutesSchema>;

const petitionFollowUpView = v.object({
  id: v.string(),
  trackingCode: v.optional(v.string()),
  status: v.string(),
  dueOn: v.string(),
  answer: v.nullable(v.string()),
});
const commitmentFollowUpView = v.object({
  id: v.string(),
  owner: v.string(),
  dueDate: v.string(),
  description: v.string(),
  status: v.picklist(COMMITMENT_STATUSES),
  percent: v.number(),
  late: v.boolean(),
});
export const minutesItemViewSchema = v.object({
  id: v.string(),
  position: v.number(),
  question: v.string(),
  /** Officials see the name the asker gave; everyone else only the village. */
  askedBy: v.object({ name: v.optional(v.nullable(v.string())), village: v.nullable(v.object({ id: v.string(), name: v.string() })) }),
  answer: v.nullable(v.string()),
  answeredOnSpot: v.boolean(),
  followUp: v.nullable(v.picklist(FOLLOW_UPS)),
  petition: v.nullable(petitionFollowUpView),
  commitment: v.nullable(commitmentFollowUpView),
});
export type MinutesItemView = v.InferOutput<typeof minutesItemViewSchema>;
export const minutesViewSchema = v.object({
  sessionId: v.string(),
  version: v.number(),
  attendance: v.number(),
  summary: v.string(),
  secretary: v.nullable(v.string()),
  frontRepresentative: v.nullable(v.string()),
  updatedAt: v.nullable(v.string()),
  items: v.array(minutesItemViewSchema),
});
export type MinutesView = v.InferOutput<typeof minutesViewSchema>;

const booleanQuery = v.pipe(
  v.picklist(["true", "false", "1", "0"]),
  v.transform((value) => value === "true" || value === "1"),
);
const idSchema = v.pipe(v.string(), v.uuid(code("commitment.not_found")));

export const commitmentListQuerySchema = v.object({
  unit: v.optional(unitCodeSchema),
  status: v.optional(v.picklist(COMMITMENT_STATUSES)),
  session: v.optional(v.pipe(v.string(), v.uuid(code("session.not_found")))),
  late: v.optional(booleanQuery),
  ...pageQuery,
});
export type CommitmentListQuery = v.InferOutput<typeof commitmentListQuerySchema>;
export const commitmentIdParamSchema = v.object({ id: idSchema });

/** `POST /commitments/:id/progress`: a note on how far it got; `done` means 100 %. */
export const progressSchema = v.pipe(
  v.object({ status: v.picklist(COMMITMENT_STATUSES), note: text(2000), percent: v.optional(whole(0, 100)) }),
  v.forward(
    v.check((input) => input.status !== "done" || input.percent === undefined || input.percent === 100, code("commitment.done_percent")),
    ["percent"],
  ),
);
export type ProgressInput = v.InferOutput<typeof progressSchema>;

/** A commitment as everyone sees it: no personal data (the owner is an official acting in office, or a body). */
export const commitmentViewSchema = v.object({
  id: v.string(),
  unit: v.object({ code: v.string(), name: v.string() }),
  session: v.object({ id: v.string(), title: v.string(), startsAt: v.string() }),
  item: v.object({ id: v.string(), question: v.string() }),
  owner: v.object({ name: v.string(), official: v.boolean() }),
  description: v.string(),
  dueDate: v.string(),
  status: v.picklist(COMMITMENT_STATUSES),
  percent: v.number(),
  late: v.boolean(),
  doneAt: v.nullable(v.string()),
  updatedAt: v.string(),
  history: v.optional(
    v.array(v.object({ at: v.string(), action: v.string(), status: v.picklist(COMMITMENT_STATUSES), percent: v.number(), note: v.nullable(v.string()) })),
  ),
});
export type CommitmentView = v.InferOutput<typeof commitmentViewSchema>;
export const commitmentPageSchema = v.object({ items: v.array(commitmentViewSchema), nextCursor: v.nullable(v.string()) });
