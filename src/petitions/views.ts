/**
 * The named views of a petition, in one place: what the inbox lists, what an official sees, what the public
 * tracking page and its cached snapshot show, what a submission answers. The API, the pages and (later) exports
 * and Open311 serialise these, never rows. People and units appear with their names, never as bare ids.
 */
import type { Role } from "../auth/roles";
import type { Calendar } from "../holidays/rules";
import { localDay } from "../lib/dates";
import type { TimeLimits } from "../time-limits/schema";
import { allowedActions, deadlineView, feedbackWindowEnd, MAX_EXTENSIONS, NO_DEADLINE, type PetitionFacts, transferBy } from "./rules";
import type { PublicPetition } from "./schema";
import type { Attachment, Petition, PetitionEvent, PetitionPart, PetitionRecord, PetitionSummary } from "./store";

/** What the rules need to judge a petition besides its row: the calendar, the limits and the feedback window. */
export type RulesContext = { calendar: Calendar; limits: TimeLimits; feedbackWindowDays: number };

/** What the state machine looks at. */
export function factsOf(petition: Petition, context: Pick<RulesContext, "calendar" | "feedbackWindowDays">): PetitionFacts {
  return {
    id: petition.id,
    status: petition.status,
    kind: petition.kind,
    residentKind: petition.residentKind,
    complexity: petition.complexity,
    remoteArea: petition.remoteArea,
    needsVerification: petition.needsVerification,
    anonymous: petition.anonymous,
    identityProtected: petition.identityProtected,
    extensions: petition.extensions,
    transfers: petition.transfers,
    transferredOut: petition.toBody !== null,
    acknowledge: petition.acknowledge,
    resolve: petition.resolve,
    feedbackUntil:
      petition.status === "answered" && petition.answeredAt
        ? feedbackWindowEnd(localDay(new Date(petition.answeredAt)), context.feedbackWindowDays, context.calendar)
        : null,
    unitCode: petition.unit.code,
  };
}

/** An inbox row: the summary with its deadline badges. */
export function listItemView(petition: PetitionSummary, today: string) {
  return {
    id: petition.id,
    trackingCode: petition.trackingCode,
    unit: petition.unit,
    category: petition.category,
    kind: petition.kind,
    title: petition.title,
    status: petition.status,
    channel: petition.channel,
    submittedAt: petition.submittedAt,
    ...deadlineView(petition.dueOn, today),
    assignee: petition.assignee,
    version: petition.version,
  };
}
export type PetitionListItem = ReturnType<typeof listItemView>;

/** What a submission answers: the resident's own label as `kind`. */
export function createdView(petition: Petition) {
  return {
    id: petition.id,
    trackingCode: petition.trackingCode,
    status: petition.status,
    kind: petition.residentKind,
    acknowledgeBy: petition.acknowledge.due,
    version: petition.version,
  };
}

export function attachmentView(attachment: Pick<Attachment, "id" | "petitionId" | "contentType" | "size">) {
  return {
    id: attachment.id,
    contentType: attachment.contentType,
    size: attachment.size,
    url: `/api/v1/petitions/${attachment.petitionId}/attachments/${attachment.id}`,
  };
}

const NO_SUBMITTER = { name: null, phone: null, email: null, address: null, citizenId: null };

const periodView = (deadline: { from: string; days: number; dayKind: string } | null) =>
  deadline ? { from: deadline.from, days: deadline.days, dayKind: deadline.dayKind } : null;

const partView = (part: PetitionPart) => ({ id: part.id, trackingCode: part.trackingCode, kind: part.kind, status: part.status });

/**
 * The official's view: everything, and the submitter only when `showIdentity` (decided by `canSeeIdentity`;
 * the caller logs each such view). `allowedActions` are the actions of the viewer's role from the current state.
 */
export function detailView(record: PetitionRecord, viewer: { role: Role }, showIdentity: boolean, today: string, context: RulesContext) {
  const { petition, events } = record;
  const facts = factsOf(petition, context);
  return {
    id: petition.id,
    trackingCode: petition.trackingCode,
    unit: petition.unit,
    receivedUnit: petition.receivedUnit,
    category: petition.category,
    kind: petition.kind,
    residentKind: petition.residentKind,
    complexity: petition.complexity,
    remoteArea: petition.remoteArea,
    needsVerification: petition.needsVerification,
    title: petition.title,
    content: petition.content,
    channel: petition.channel,
    anonymous: petition.anonymous,
    identityProtected: petition.identityProtected,
    peopleCount: petition.peopleCount,
    previouslyHandledBy: petition.previouslyHandledBy,
    status: petition.status,
    assignee: petition.assignee,
    duplicateOf: petition.duplicateOf,
    splitFrom: petition.splitFrom,
    parts: record.parts.map(partView),
    transfers: petition.transfers,
    toBody: petition.toBody,
    letterNumber: petition.letterNumber,
    submittedAt: petition.submittedAt,
    receivedOn: petition.receivedOn,
    acknowledgeBy: petition.acknowledge.due,
    acknowledgement: periodView(petition.acknowledge),
    transferBy: transferBy(facts, context),
    acceptedAt: petition.acceptedAt,
    resolveBy: petition.resolve?.due ?? null,
    resolution: periodView(petition.resolve),
    extensions: petition.extensions,
    maxExtensions: petition.kind === "denunciation" ? MAX_EXTENSIONS[petition.complexity] : 0,
    ...deadlineView(petition.dueOn, today),
    feedbackUntil: facts.feedbackUntil,
    draftAnswer: petition.draftAnswer,
    publicAnswer: petition.publicAnswer,
    publicNote: petition.publicNote,
    answeredAt: petition.answeredAt,
    closedAt: petition.closedAt,
    feedback: petition.feedback,
    version: petition.version,
    allowedActions: allowedActions(facts, viewer.role, today),
    submitter: showIdentity ? (record.submitter ?? NO_SUBMITTER) : null,
    submitterHidden: !showIdentity,
    history: events.map((event) => ({
      at: event.at,
      action: event.action,
      by: event.by,
      actorKind: event.actorKind,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
      public: event.public,
    })),
    notes: events.filter((event) => event.action === "note").map((event) => ({ at: event.at, by: event.by, text: event.note })),
    attachments: record.attachments.map(attachmentView),
  };
}
export type PetitionDetail = ReturnType<typeof detailView>;

/**
 * The public view (tracking page, its API and the KV snapshot): status, public history, answer, due dates and the
 * parts of a split letter. Built from a whitelist of fields — never the submitter, internal notes, drafts or
 * assignees. The daily job's overdue entry is marked `overdue` (its stored note is for officials); pages put it
 * into words.
 */
export function publicView(petition: Petition, publicEvents: PetitionEvent[], parts: PetitionPart[], feedbackUntil: string | null = null): PublicPetition {
  const resolveBy = petition.resolve?.due;
  return {
    trackingCode: petition.trackingCode,
    status: petition.status,
    unitCode: petition.unit.code,
    unitName: petition.unit.name,
    category: petition.category,
    title: petition.title,
    submittedAt: petition.submittedAt,
    acknowledgeBy: petition.acknowledge.due,
    ...(resolveBy && resolveBy !== NO_DEADLINE ? { resolveBy } : {}),
    ...(petition.publicAnswer ? { publicAnswer: petition.publicAnswer } : {}),
    ...(petition.publicNote ? { publicNote: petition.publicNote } : {}),
    canGiveFeedback: petition.status === "answered",
    ...(petition.status === "answered" && feedbackUntil ? { feedbackUntil } : {}),
    ...(parts.length ? { parts: parts.map((part) => ({ trackingCode: part.trackingCode, kind: part.kind, status: part.status })) } : {}),
    history: publicEvents.map((event) =>
      event.action === "overdue"
        ? { at: event.at, status: event.toStatus, action: event.action, overdue: true as const }
        : { at: event.at, status: event.toStatus, action: event.action, ...(event.note ? { note: event.note } : {}) },
    ),
  };
}
