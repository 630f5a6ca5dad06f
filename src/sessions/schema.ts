import * as v from "valibot";
import { pageQuery } from "../lib/pagination";
import { code } from "../lib/validate";
import { residentNotificationSchema } from "../notifications/schema";
import { localDateSchema, unitCodeSchema } from "../units/schema";
import { contactEmailSchema, contactPhoneSchema } from "../villages/schema";

export const SESSION_STATUSES = ["draft", "published", "held", "results_published", "cancelled"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_MODES = ["in_person", "online", "hybrid"] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const SESSION_ACTIONS = ["publish", "reschedule", "cancel", "mark_held", "publish_results"] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];
export const REGISTRATION_STATUSES = ["confirmed", "waitlisted", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** An instant with a zone (`Z` or `+07:00`), stored as UTC ISO with milliseconds so that text order is time order. */
export const instantSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, code("session.instant_format")),
  v.check((value) => Number.isFinite(Date.parse(value)), code("session.instant_format")),
  v.transform((value) => new Date(value).toISOString()),
);

const text = (max: number, min = 1) => v.pipe(v.string(), v.trim(), v.minLength(min), v.maxLength(max));
const seats = v.pipe(v.number(code("integer")), v.integer(), v.minValue(1), v.maxValue(100_000));
const uuid = (messageCode: Parameters<typeof code>[0]) => v.pipe(v.string(), v.uuid(code(messageCode)));

export const venueSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, code("session.venue_required")), v.maxLength(200)),
  address: v.optional(text(300)),
});
export const coChairSchema = v.object({ name: text(120), title: text(120) });
export const bridgePointSchema = v.object({ name: text(200), address: v.optional(text(300)), capacity: seats });
const onlineUrlSchema = v.pipe(v.string(), v.trim(), v.maxLength(500), v.url(code("session.url_format")), v.regex(/^https?:\/\//i, code("session.url_format")));
const shortNoticeReasonSchema = text(500);
/** A session lasts at most a day: the clash query's index range relies on it. */
export const MAX_SESSION_HOURS = 24;

export const endsAfterStart = (input: { startsAt: string; endsAt: string }) => input.endsAt > input.startsAt;
export const withinADay = (input: { startsAt: string; endsAt: string }) =>
  Date.parse(input.endsAt) - Date.parse(input.startsAt) <= MAX_SESSION_HOURS * 3_600_000;

export const createSessionSchema = v.pipe(
  v.object({
    unitCode: unitCodeSchema,
    title: v.pipe(v.string(), v.trim(), v.minLength(1, code("session.title_required")), v.maxLength(200)),
    agenda: v.optional(text(5000)),
    startsAt: instantSchema,
    endsAt: instantSchema,
    venue: venueSchema,
    chairAccountId: v.optional(uuid("session.chair_invalid")),
    mode: v.picklist(SESSION_MODES),
    onlineUrl: v.optional(onlineUrlSchema),
    capacity: seats,
    bridgePoints: v.optional(v.pipe(v.array(bridgePointSchema), v.maxLength(300)), []),
    villageIds: v.optional(v.pipe(v.array(uuid("session.village_invalid")), v.maxLength(200)), []),
    coChair: v.optional(coChairSchema),
    coOrganiser: v.optional(text(200)),
    shortNoticeReason: v.optional(shortNoticeReasonSchema),
  }),
  v.forward(
    v.check((input) => endsAfterStart(input), code("session.ends_before_start")),
    ["endsAt"],
  ),
  v.forward(
    v.check((input) => withinADay(input), code("session.too_long")),
    ["endsAt"],
  ),
);
export type CreateSessionInput = v.InferOutput<typeof createSessionSchema>;

/** PATCH: times change only by `reschedule`. A bridge point with an `id` is kept (and edited); one left out is removed. */
export const updateSessionSchema = v.object({
  title: v.optional(text(200)),
  agenda: v.optional(v.nullable(text(5000))),
  venue: v.optional(venueSchema),
  mode: v.optional(v.picklist(SESSION_MODES)),
  onlineUrl: v.optional(v.nullable(onlineUrlSchema)),
  capacity: v.optional(seats),
  bridgePoints: v.optional(v.pipe(v.array(v.object({ id: v.optional(uuid("session.bridge_point_invalid")), ...bridgePointSchema.entries })), v.maxLength(300))),
  villageIds: v.optional(v.pipe(v.array(uuid("session.village_invalid")), v.maxLength(200))),
  coChair: v.optional(v.nullable(coChairSchema)),
  coOrganiser: v.optional(v.nullable(text(200))),
  shortNoticeReason: v.optional(v.nullable(shortNoticeReasonSchema)),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type UpdateSessionInput = v.InferOutput<typeof updateSessionSchema>;

const version = { version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) };
export const sessionActionSchema = v.variant("action", [
  v.object({ action: v.literal("publish"), shortNoticeReason: v.optional(shortNoticeReasonSchema), ...version }),
  // The order and length of the new times are checked by the rules (a variant takes plain objects only).
  v.object({
    action: v.literal("reschedule"),
    startsAt: instantSchema,
    endsAt: instantSchema,
    reason: text(500),
    shortNoticeReason: v.optional(shortNoticeReasonSchema),
    ...version,
  }),
  v.object({ action: v.literal("cancel"), reason: text(500), ...version }),
  v.object({ action: v.literal("mark_held"), ...version }),
  v.object({ action: v.literal("publish_results"), summary: text(20_000), ...version }),
]);
export type SessionActionInput = v.InferOutput<typeof sessionActionSchema>;

export const sessionIdParamSchema = v.object({ id: uuid("session.not_found") });
export const unitParamSchema = v.object({ code: unitCodeSchema });

export const sessionListQuerySchema = v.object({
  unit: v.optional(unitCodeSchema),
  province: v.optional(unitCodeSchema),
  from: v.optional(localDateSchema),
  to: v.optional(localDateSchema),
  status: v.optional(v.picklist(SESSION_STATUSES)),
  ...pageQuery,
});
export type SessionListQuery = v.InferOutput<typeof sessionListQuerySchema>;

/** 10 symbols of a 32-letter alphabet without 0/O/1/I = 50 bits; dashes and spaces as people copy them are ignored. */
export const registrationCodeSchema = v.pipe(
  v.string(),
  v.transform((value) => value.replace(/[\s-]/g, "").toUpperCase()),
  v.regex(/^[2-9A-HJ-NP-Z]{10}$/, code("registration.not_found")),
);
export const registrationCodeParamSchema = v.object({ code: registrationCodeSchema });

export const registerSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, code("registration.name_required")), v.maxLength(120)),
  phone: contactPhoneSchema,
  email: v.optional(contactEmailSchema),
  question: v.optional(text(1000)),
  bridgePointId: v.optional(uuid("registration.place_invalid")),
  villageId: v.optional(uuid("session.village_invalid")),
});
export type RegisterInput = v.InferOutput<typeof registerSchema>;

export const docketAddSchema = v.pipe(
  v.object({
    petitionId: v.optional(uuid("docket.petition_invalid")),
    registrationCode: v.optional(registrationCodeSchema),
    question: v.optional(text(1000)),
  }),
  v.check((input) => [input.petitionId, input.registrationCode, input.question].filter((value) => value !== undefined).length === 1, code("docket.one_of")),
);
export type DocketAddInput = v.InferOutput<typeof docketAddSchema>;
export const docketItemParamSchema = v.object({ id: uuid("session.not_found"), itemId: uuid("docket.not_found") });

const placeView = v.object({
  id: v.string(),
  name: v.string(),
  address: v.nullable(v.string()),
  capacity: v.number(),
  confirmed: v.number(),
  waitlisted: v.number(),
});
/** A session as everyone sees it: no personal data. Officials of the unit get `shortNoticeReason` and `version` too. */
export const sessionViewSchema = v.object({
  id: v.string(),
  unit: v.object({ code: v.string(), name: v.string() }),
  title: v.string(),
  agenda: v.nullable(v.string()),
  startsAt: v.string(),
  endsAt: v.string(),
  venue: v.object({ name: v.string(), address: v.nullable(v.string()) }),
  chair: v.object({ id: v.string(), name: v.string() }),
  mode: v.picklist(SESSION_MODES),
  onlineUrl: v.nullable(v.string()),
  capacity: v.number(),
  confirmed: v.number(),
  waitlisted: v.number(),
  bridgePoints: v.array(placeView),
  villages: v.array(v.object({ id: v.string(), name: v.string() })),
  villageIds: v.array(v.string()),
  coChair: v.nullable(coChairSchema),
  coOrganiser: v.nullable(v.string()),
  status: v.picklist(SESSION_STATUSES),
  sequence: v.number(),
  noticeDeadline: v.string(),
  shortNotice: v.boolean(),
  recordedAfterwards: v.boolean(),
  registrationOpen: v.boolean(),
  publishedAt: v.nullable(v.string()),
  cancelReason: v.nullable(v.string()),
  /** The local day the results are due (DOMAIN.md, Counting days). */
  resultsDue: v.string(),
  /** The results came out after `resultsDue`, or it has passed without them. */
  resultsLate: v.boolean(),
  resultsSummary: v.nullable(v.string()),
  resultsPublishedAt: v.nullable(v.string()),
  version: v.optional(v.number()),
  shortNoticeReason: v.optional(v.nullable(v.string())),
  allowedActions: v.optional(v.array(v.picklist(SESSION_ACTIONS))),
});
export type SessionView = v.InferOutput<typeof sessionViewSchema>;
export const sessionListItemSchema = v.object({
  id: v.string(),
  unit: v.object({ code: v.string(), name: v.string() }),
  title: v.string(),
  startsAt: v.string(),
  endsAt: v.string(),
  venue: v.object({ name: v.string(), address: v.nullable(v.string()) }),
  mode: v.picklist(SESSION_MODES),
  status: v.picklist(SESSION_STATUSES),
  sequence: v.number(),
  capacity: v.number(),
  confirmed: v.number(),
  waitlisted: v.number(),
  registrationOpen: v.boolean(),
  shortNotice: v.boolean(),
  recordedAfterwards: v.boolean(),
});
export type SessionListItem = v.InferOutput<typeof sessionListItemSchema>;
export const sessionPageSchema = v.object({ items: v.array(sessionListItemSchema), nextCursor: v.nullable(v.string()) });
export const conflictSchema = v.object({ id: v.string(), title: v.string(), startsAt: v.string(), endsAt: v.string() });

export const registrationCreatedSchema = v.object({
  registrationCode: v.string(),
  status: v.picklist(REGISTRATION_STATUSES),
  position: v.optional(v.number()),
});
export const registrationViewSchema = v.object({
  registrationCode: v.string(),
  status: v.picklist(REGISTRATION_STATUSES),
  position: v.optional(v.number()),
  name: v.string(),
  place: v.object({ id: v.string(), name: v.string(), address: v.nullable(v.string()) }),
  checkedInAt: v.nullable(v.string()),
  session: v.object({ id: v.string(), title: v.string(), startsAt: v.string(), endsAt: v.string(), status: v.picklist(SESSION_STATUSES) }),
  /** What was sent to the registrant, oldest first; addresses masked. */
  notifications: v.array(residentNotificationSchema),
});

/**
 * `POST /sessions/:id/checkins`: `{ registrationCode }` checks a registrant in (a second time changes nothing), or
 * `{ walkIns, bridgePointId? }` sets the number of people who came without registering, at the main venue or a
 * bridge point (the absolute count, so a repeated post is harmless too).
 */
export const checkInSchema = v.pipe(
  v.object({
    registrationCode: v.optional(registrationCodeSchema),
    walkIns: v.optional(v.pipe(v.number(code("integer")), v.integer(code("integer")), v.minValue(0), v.maxValue(100_000))),
    bridgePointId: v.optional(uuid("registration.place_invalid")),
  }),
  v.check((input) => (input.registrationCode === undefined) !== (input.walkIns === undefined), code("checkin.one_of")),
);
export type CheckInInput = v.InferOutput<typeof checkInSchema>;

const attendancePlaceSchema = v.object({
  id: v.string(),
  name: v.string(),
  bridgePoint: v.boolean(),
  capacity: v.number(),
  checkedIn: v.number(),
  walkIns: v.number(),
});
/** Who came: per place (registrants checked in and walk-ins) and per village (registrants checked in). */
export const attendanceSchema = v.object({
  total: v.number(),
  places: v.array(attendancePlaceSchema),
  villages: v.array(v.object({ id: v.nullable(v.string()), name: v.nullable(v.string()), checkedIn: v.number() })),
});
export type Attendance = v.InferOutput<typeof attendanceSchema>;

export const checkInResultSchema = v.object({
  registration: v.optional(
    v.object({
      registrationCode: v.string(),
      name: v.string(),
      status: v.picklist(REGISTRATION_STATUSES),
      checkedInAt: v.nullable(v.string()),
      place: v.string(),
      village: v.nullable(v.string()),
    }),
  ),
  /** The registrant had been checked in before: nothing changed. */
  alreadyCheckedIn: v.optional(v.boolean()),
  attendance: attendanceSchema,
});
