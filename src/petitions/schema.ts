import * as v from "valibot";
import { emailSchema, personNameSchema } from "../accounts/schema";
import { citizenIdSchema, phoneSchema } from "../lib/identity";
import { pageQuery } from "../lib/pagination";
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

export const CHANNELS = ["online", "walk_in", "letter"] as const;

export const categoryCodeSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[a-z0-9-]{1,40}$/, "Mã lĩnh vực gồm chữ thường, số, '-' / category code: lower-case letters, digits, '-'"),
);

const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `Tối đa ${max} ký tự / at most ${max} characters`)));

export const submitterSchema = v.object({
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
    title: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(5, "Tiêu đề cần ít nhất 5 ký tự / at least 5 characters"),
      v.maxLength(200, "Tiêu đề tối đa 200 ký tự / at most 200 characters"),
    ),
    content: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(10, "Nội dung cần ít nhất 10 ký tự / at least 10 characters"),
      v.maxLength(10_000, "Nội dung tối đa 10.000 ký tự / at most 10,000 characters"),
    ),
    submitter: submitterSchema,
    anonymous: v.optional(v.boolean(), false),
    consent: v.literal(true, "Cần đồng ý cho xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP) / consent is required"),
    channel: v.optional(v.picklist(CHANNELS), "online"),
    peopleCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)), 1),
    previouslyHandledBy: optionalText(300),
  }),
  v.forward(
    v.check(
      (petition) => !petition.anonymous || (petition.kind ?? "feedback") === "feedback",
      "Chỉ phản ánh mới được gửi ẩn danh; tố cáo, khiếu nại cần họ tên / only feedback may be anonymous",
    ),
    ["anonymous"],
  ),
  v.forward(
    v.check(
      (petition) => petition.anonymous || !!petition.submitter.name,
      "Cần nhập họ tên (hoặc chọn gửi ẩn danh cho phản ánh) / name is required unless anonymous",
    ),
    ["submitter", "name"],
  ),
  v.forward(
    v.check(
      (petition) => petition.anonymous || petition.channel !== "online" || !!petition.submitter.phone || !!petition.submitter.email,
      "Cần số điện thoại hoặc email để nhận trả lời / a phone or email is required",
    ),
    ["submitter", "phone"],
  ),
);
export type PetitionSubmission = v.InferOutput<typeof petitionSubmissionSchema>;

const version = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));
const reason = (max = 2000) => v.pipe(v.string(), v.trim(), v.minLength(1, "Cần nêu lý do / a reason is required"), v.maxLength(max));
const answerText = v.pipe(v.string(), v.trim(), v.minLength(1, "Cần nội dung trả lời / text is required"), v.maxLength(10_000));

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
    days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30, "Mỗi lần gia hạn tối đa 30 ngày / at most 30 days")),
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

export const petitionIdParamSchema = v.object({ id: v.pipe(v.string(), v.uuid("Mã đơn không hợp lệ / invalid petition id")) });
export const trackingCodeParamSchema = v.object({
  trackingCode: v.pipe(
    v.string(),
    v.transform((code) => code.toUpperCase().replace(/[\s-]/g, "")),
    v.regex(/^[2-9A-HJ-NP-Z]{12}$/, "Mã theo dõi gồm 12 ký tự / a tracking code has 12 characters"),
  ),
});
export const feedbackSchema = v.pipe(
  v.object({ satisfied: v.boolean(), comment: optionalText(2000) }),
  v.forward(
    v.check((feedback) => feedback.satisfied || !!feedback.comment, "Hãy cho biết vì sao chưa hài lòng / say why the answer is not enough"),
    ["comment"],
  ),
);

export const createdPetitionSchema = v.object({
  id: v.string(),
  trackingCode: v.string(),
  status: v.picklist(PETITION_STATUSES),
  acknowledgeBy: localDateSchema,
  version: v.number(),
});

export const publicHistoryEntrySchema = v.object({ at: v.string(), status: v.picklist(PETITION_STATUSES), note: v.optional(v.string()) });
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

export const petitionListItemSchema = v.object({
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
