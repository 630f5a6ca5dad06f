/**
 * The named views of a petition, in one place: what the inbox lists, what an official sees, what the public
 * tracking page and its cached snapshot show, what a submission answers. The API, the pages and (later) exports
 * and Open311 serialise these, never rows.
 */
import type { Role } from "../auth/roles";
import { localDay } from "../lib/dates";
import { allowedActions, deadlineView, NO_DEADLINE, type PetitionFacts } from "./rules";
import type { PublicPetition } from "./schema";
import type { Attachment, Petition, PetitionEvent, PetitionRecord, PetitionSummary } from "./store";

/** What the state machine looks at; `acceptedDay` is the local day of acceptance. */
export function factsOf(petition: Petition): PetitionFacts {
  return {
    id: petition.id,
    status: petition.status,
    kind: petition.kind,
    complex: petition.complex,
    remoteArea: petition.remoteArea,
    extensions: petition.extensions,
    acknowledgeBy: petition.acknowledgeBy,
    resolveBy: petition.resolveBy,
    acceptedDay: petition.acceptedAt ? localDay(new Date(petition.acceptedAt)) : null,
    unitCode: petition.unitCode,
  };
}

/** An inbox row: the summary with its deadline badges. */
export function listItemView(petition: PetitionSummary, today: string) {
  return {
    id: petition.id,
    trackingCode: petition.trackingCode,
    unitCode: petition.unitCode,
    category: petition.category,
    kind: petition.kind,
    title: petition.title,
    status: petition.status,
    channel: petition.channel,
    submittedAt: petition.submittedAt,
    ...deadlineView(petition.dueOn, today),
    assignedTo: petition.assignedTo,
    version: petition.version,
  };
}
export type PetitionListItem = ReturnType<typeof listItemView>;

/** What a submission answers. */
export function createdView(petition: Petition) {
  return { id: petition.id, trackingCode: petition.trackingCode, status: petition.status, acknowledgeBy: petition.acknowledgeBy, version: petition.version };
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

/**
 * The official's view: everything, and the submitter only when `showIdentity` (decided by `canSeeIdentity`;
 * the caller logs each such view). `allowedActions` are the actions of the viewer's role from the current state.
 */
export function detailView(record: PetitionRecord, viewer: { role: Role }, showIdentity: boolean, today: string) {
  const { petition, events } = record;
  return {
    id: petition.id,
    trackingCode: petition.trackingCode,
    unitCode: petition.unitCode,
    unitName: record.unitName,
    receivedUnitCode: petition.receivedUnitCode,
    category: petition.category,
    kind: petition.kind,
    complex: petition.complex,
    remoteArea: petition.remoteArea,
    title: petition.title,
    content: petition.content,
    channel: petition.channel,
    anonymous: petition.anonymous,
    peopleCount: petition.peopleCount,
    previouslyHandledBy: petition.previouslyHandledBy,
    status: petition.status,
    assignedTo: petition.assignedTo,
    duplicateOf: petition.duplicateOf,
    submittedAt: petition.submittedAt,
    acknowledgeBy: petition.acknowledgeBy,
    acceptedAt: petition.acceptedAt,
    resolveBy: petition.resolveBy,
    extensions: petition.extensions,
    ...deadlineView(petition.dueOn, today),
    draftAnswer: petition.draftAnswer,
    publicAnswer: petition.publicAnswer,
    publicNote: petition.publicNote,
    answeredAt: petition.answeredAt,
    closedAt: petition.closedAt,
    feedback: petition.feedback,
    version: petition.version,
    allowedActions: allowedActions(factsOf(petition), viewer.role),
    submitter: showIdentity ? (record.submitter ?? NO_SUBMITTER) : null,
    submitterHidden: !showIdentity,
    history: events.map((event) => ({
      at: event.at,
      action: event.action,
      actorId: event.actorId,
      actorKind: event.actorKind,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
      public: event.public,
    })),
    notes: events.filter((event) => event.action === "note").map((event) => ({ at: event.at, authorId: event.actorId, text: event.note })),
    attachments: record.attachments.map(attachmentView),
  };
}
export type PetitionDetail = ReturnType<typeof detailView>;

/**
 * The public view (tracking page, its API and the KV snapshot): status, public history, answer, due dates. Built
 * from a whitelist of fields — never the submitter, internal notes, drafts or assignees. The daily job's overdue
 * entry is marked `overdue` (its stored note is for officials); pages put it into words.
 */
export function publicView(petition: Petition, unitName: string, publicEvents: PetitionEvent[]): PublicPetition {
  return {
    trackingCode: petition.trackingCode,
    status: petition.status,
    unitCode: petition.unitCode,
    unitName,
    category: petition.category,
    title: petition.title,
    submittedAt: petition.submittedAt,
    acknowledgeBy: petition.acknowledgeBy,
    ...(petition.resolveBy && petition.resolveBy !== NO_DEADLINE ? { resolveBy: petition.resolveBy } : {}),
    ...(petition.publicAnswer ? { publicAnswer: petition.publicAnswer } : {}),
    ...(petition.publicNote ? { publicNote: petition.publicNote } : {}),
    canGiveFeedback: petition.status === "answered",
    history: publicEvents.map((event) =>
      event.action === "overdue"
        ? { at: event.at, status: event.toStatus, overdue: true as const }
        : { at: event.at, status: event.toStatus, ...(event.note ? { note: event.note } : {}) },
    ),
  };
}
