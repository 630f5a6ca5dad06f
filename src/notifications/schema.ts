import * as v from "valibot";
import { pageQuery } from "../lib/pagination";

/** What a message tells: one template each (messages.ts), named after the event that causes it. */
export const NOTIFICATION_KINDS = [
  "petition.accepted",
  "petition.answered",
  "petition.escalated",
  "registration.confirmed",
  "registration.waitlisted",
  "registration.promoted",
  "session.rescheduled",
  "session.cancelled",
  "session.changed",
  "session.reminder",
  "session.results",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ["email", "sms", "zalo"] as const;
export type Channel = (typeof CHANNELS)[number];

export const NOTIFICATION_STATUSES = ["pending", "sent", "failed", "skipped"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const RECIPIENT_ROLES = ["submitter", "registrant", "village_head"] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** A petition's message: the unit's name and the tracking code as the resident reads it (ABCD-EFGH-JKLM). */
type PetitionData = { unitName: string; trackingCode: string };
/** A session's message: instants are ISO strings, shown in Asia/Ho_Chi_Minh. */
type SessionData = { unitName: string; title: string; startsAt: string; venue: string };

/** The values each kind's template is filled with (the link is added from `linkPath`). */
export type NotificationData = {
  /** `resolveBy`: the local day (YYYY-MM-DD) the answer is due, when known. */
  "petition.accepted": PetitionData & { resolveBy?: string };
  "petition.answered": PetitionData;
  "petition.escalated": PetitionData;
  "registration.confirmed": SessionData & { registrationCode: string };
  /** `position`: the place on the waiting list, from 1. */
  "registration.waitlisted": SessionData & { registrationCode: string; position: number };
  "registration.promoted": SessionData & { registrationCode: string };
  "session.rescheduled": SessionData & { reason?: string };
  "session.cancelled": SessionData & { reason?: string };
  "session.changed": SessionData;
  "session.reminder": SessionData;
  "session.results": SessionData;
};

/**
 * One message for the outbox, as another domain describes it. Its identity is (event, recipient, channel): the
 * same triple from a retried request is the same row, so a retry never sends twice.
 */
export type OutboxMessage<K extends NotificationKind = NotificationKind> = {
  kind: K;
  /** What happened, unique per occurrence: `petition:${id}:v${newVersion}`, `session:${id}:seq${sequence}:reminder`. */
  event: string;
  /** Who, stable and free of personal data: "submitter", `registration:${code}`, `village:${id}`. */
  recipient: string;
  recipientRole: RecipientRole;
  channel: Channel;
  address: string;
  /** A protected identity (a denouncer): the address is masked wherever the message is shown. */
  protected?: boolean;
  unitCode: string;
  provinceCode: string;
  petitionId?: string;
  sessionId?: string;
  /** The tracking or registration code the resident holds: their page lists what was sent to them. */
  accessCode?: string;
  /** The page the message links to, as a path: `/track/ABCD…`, `/registrations/…`. */
  linkPath: string;
  data: NotificationData[K];
  /** ISO instant before which it is not sent (a reminder waits for 08:00 the day before). */
  sendAfter?: string;
};

/** What the queue carries: only the row's id; the row is the truth. */
export const deliveryMessageSchema = v.object({ id: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)) });
export type DeliveryMessage = v.InferOutput<typeof deliveryMessageSchema>;

const subjectId = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));

export const notificationListQuerySchema = v.object({
  petition: v.optional(subjectId),
  session: v.optional(subjectId),
  status: v.optional(v.picklist(NOTIFICATION_STATUSES)),
  ...pageQuery,
});
export type NotificationListQuery = v.InferOutput<typeof notificationListQuerySchema>;

/** A message as officials see it: the address masked when the identity is protected. */
export const notificationSchema = v.object({
  id: v.string(),
  at: v.string(),
  kind: v.picklist(NOTIFICATION_KINDS),
  channel: v.picklist(CHANNELS),
  status: v.picklist(NOTIFICATION_STATUSES),
  recipientRole: v.picklist(RECIPIENT_ROLES),
  address: v.string(),
  addressMasked: v.boolean(),
  unitCode: v.string(),
  petitionId: v.nullable(v.string()),
  sessionId: v.nullable(v.string()),
  attempts: v.number(),
  sentAt: v.nullable(v.string()),
  /** Why it failed or was skipped, as a code: `not_configured`, `expired`, `undelivered`, `gateway.rejected`, … */
  error: v.nullable(v.string()),
  providerMessageId: v.nullable(v.string()),
});
export type NotificationView = v.InferOutput<typeof notificationSchema>;

export const notificationPageSchema = v.object({ items: v.array(notificationSchema), nextCursor: v.nullable(v.string()) });

/** What the resident sees on their own page: never the full address. */
export const residentNotificationSchema = v.object({
  at: v.string(),
  kind: v.picklist(NOTIFICATION_KINDS),
  channel: v.picklist(CHANNELS),
  status: v.picklist(NOTIFICATION_STATUSES),
  address: v.string(),
});
export type ResidentNotification = v.InferOutput<typeof residentNotificationSchema>;
