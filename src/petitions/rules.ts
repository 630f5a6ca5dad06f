/**
 * The petition state machine and its deadlines, as pure functions: what each role may do from each state,
 * and what an action changes, named by message codes when refused. The workflow loads the petition, the calendar and
 * the time limits in force on the day it was received in one batch, calls `planAction`, and writes the result with a
 * version-guarded batch.
 */
import type { Role } from "../auth/roles";
import { addDays, addWorkingDays, type Calendar, type DayKind, deadline } from "../holidays/rules";
import type { MessageCode, MessageParams } from "../lib/problem";
import { foldDiacritics } from "../lib/text";
import type { TimeLimitRule, TimeLimits } from "../time-limits/schema";
import type { UnitLevel } from "../units/schema";
import {
  type ClassifiedKind,
  type Complexity,
  PETITION_STATUSES,
  type PetitionAction,
  type PetitionActionInput,
  type PetitionKind,
  type PetitionStatus,
  parseTrackingCode,
} from "./schema";

export const NO_DEADLINE = "9999-12-31";

/** States in which a deadline runs and the petition waits on the unit. */
export const OPEN_STATUSES = ["received", "transferred", "accepted", "in_progress", "reopened"] as const satisfies readonly PetitionStatus[];
/** Open states whose deadline is the acknowledgement; in the others it is the resolution. */
export const INTAKE: readonly PetitionStatus[] = ["received", "transferred"];
export const HANDLING: readonly PetitionStatus[] = ["accepted", "in_progress", "reopened"];
const COMMUNE: readonly Role[] = ["commune_head", "commune_staff"];
const HEAD: readonly Role[] = ["commune_head"];

type ActionRule = { from: readonly PetitionStatus[]; to?: PetitionStatus; roles: readonly Role[] };

/** Who may take each action, from which states, into which state (no `to`: the state stays). */
export const ACTION_RULES: Record<PetitionAction, ActionRule> = {
  classify: { from: [...INTAKE, ...HANDLING], roles: COMMUNE },
  accept: { from: INTAKE, to: "accepted", roles: COMMUNE },
  return: { from: INTAKE, to: "returned", roles: COMMUNE },
  transfer: { from: INTAKE, to: "transferred", roles: COMMUNE },
  file: { from: INTAKE, to: "filed", roles: COMMUNE },
  mark_duplicate: { from: INTAKE, to: "duplicate", roles: COMMUNE },
  split: { from: INTAKE, to: "split", roles: COMMUNE },
  // Only the head assigns: assignment opens a denunciation's identity to the assignee.
  assign: { from: [...INTAKE, ...HANDLING], roles: HEAD },
  note: { from: PETITION_STATUSES, roles: COMMUNE },
  start: { from: ["accepted", "reopened"], to: "in_progress", roles: COMMUNE },
  draft_answer: { from: ["in_progress"], roles: COMMUNE },
  answer: { from: ["in_progress"], to: "answered", roles: HEAD },
  extend: { from: HANDLING, roles: HEAD },
  resolve: { from: ["answered"], to: "resolved", roles: COMMUNE },
};

/** Extensions a denunciation may get, each of at most 30 days (Luật Tố cáo 2018, art. 30). */
export const MAX_EXTENSIONS: Record<Complexity, number> = { normal: 0, complex: 1, especially_complex: 2 };

/**
 * A running period: from the day after `from`, `days` of `dayKind`, ending on `due`. Stored with the petition, so
 * that a calendar change can recompute `due` (petitions/store.ts `recomputeDeadlinesStatements`).
 */
export type Deadline = { from: string; days: number; dayKind: DayKind; due: string };

/** The facts about a petition that the rules look at. */
export type PetitionFacts = {
  id: string;
  status: PetitionStatus;
  /** The classification; null until known (a `mixed` or unlabelled letter). */
  kind: ClassifiedKind | null;
  /** The resident's own label. */
  residentKind: PetitionKind | null;
  complexity: Complexity;
  remoteArea: boolean;
  needsVerification: boolean;
  anonymous: boolean;
  identityProtected: boolean;
  extensions: number;
  transfers: number;
  /** Transferred to a body outside the system: finished here. */
  transferredOut: boolean;
  acknowledge: Deadline;
  resolve: Deadline | null;
  /** While `answered`: the last day of the resident's window to answer (then officials may resolve). */
  feedbackUntil: string | null;
  unitCode: string;
};

/** What the rules need besides the petition: who acts, today, the calendar and the limits in force. */
export type PlanContext = { role: Role; today: string; calendar: Calendar; limits: TimeLimits };

/** Why an action cannot be taken now, beyond role and state; `params` for the words. */
function conditionError(action: PetitionAction, petition: PetitionFacts, today: string): { code: MessageCode; params?: MessageParams } | null {
  if (petition.transferredOut && action !== "note") return { code: "petition.transferred_out" };
  if (action === "accept" && !petition.kind) return { code: "petition.classify_first" };
  // Luật Tố cáo 2018, art. 25(1): an anonymous denunciation is not handled as a denunciation.
  if (action === "accept" && petition.kind === "denunciation" && petition.anonymous) return { code: "denunciation.anonymous" };
  if (action === "transfer" && petition.kind === "denunciation" && petition.transfers >= 1) return { code: "petition.denunciation_transferred_once" };
  if (action === "extend" && petition.kind !== "denunciation") return { code: "petition.extend_denunciations_only" };
  if (action === "extend" && petition.extensions >= MAX_EXTENSIONS[petition.complexity]) {
    return petition.complexity === "normal"
      ? { code: "petition.extension_needs_complexity" }
      : { code: "petition.extended_max", params: { max: MAX_EXTENSIONS[petition.complexity] } };
  }
  if (action === "resolve" && petition.feedbackUntil && today <= petition.feedbackUntil) {
    return { code: "petition.feedback_window_open", params: { until: petition.feedbackUntil } };
  }
  return null;
}

/** The actions the user may take on this petition now: the buttons to show, and the `allowedActions` of a 409. */
export function allowedActions(petition: PetitionFacts, role: Role, today: string): PetitionAction[] {
  return (Object.keys(ACTION_RULES) as PetitionAction[]).filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.roles.includes(role) && rule.from.includes(petition.status) && conditionError(action, petition, today) === null;
  });
}

/**
 * The one step an official's page puts first, among the actions they may take now: close once the resident's window
 * has passed; while new, classify, then accept (an anonymous denunciation, which cannot be accepted, is filed); once
 * accepted, the head assigns it (if nobody has it yet), then it is started; while being dealt with, staff draft the
 * answer and the head publishes it. Null when nothing waits on them.
 */
export function suggestedAction(
  petition: { status: PetitionStatus; kind: ClassifiedKind | null; assignee: unknown },
  allowed: readonly PetitionAction[],
  role: Role,
): PetitionAction | null {
  const first = (...candidates: PetitionAction[]) => candidates.find((action) => allowed.includes(action)) ?? null;
  if (allowed.includes("resolve")) return "resolve";
  if (INTAKE.includes(petition.status)) return petition.kind ? first("accept", "file") : first("classify");
  if (petition.status === "accepted" || petition.status === "reopened")
    return role === "commune_head" && !petition.assignee ? first("assign", "start") : first("start");
  if (petition.status === "in_progress") return role === "commune_head" ? first("answer") : first("draft_answer");
  return null;
}

/** The time limit that governs resolution (Luật Khiếu nại arts. 28, 37; Luật Tố cáo art. 30; configurable for the rest). */
export function resolutionRule(kind: ClassifiedKind, complexity: Complexity, remoteArea: boolean): TimeLimitRule {
  if (kind === "complaint") {
    const complex = complexity !== "normal";
    if (remoteArea) return complex ? "complaint_remote_complex" : "complaint_remote";
    return complex ? "complaint_complex" : "complaint";
  }
  return kind;
}

/** The acknowledgement rule of a kind: the period to accept, guide, transfer (or refuse) a petition of it. */
function acknowledgementRule(kind: ClassifiedKind, needsVerification: boolean): TimeLimitRule {
  if (kind === "denunciation") return needsVerification ? "acknowledge_denunciation_verification" : "acknowledge_denunciation";
  return `acknowledge_${kind}`;
}

/** A period of a rule, counted from the day after `from`. */
function period(from: string, rule: TimeLimitRule, context: Pick<PlanContext, "calendar" | "limits">, extraDays = 0): Deadline {
  const limit = context.limits[rule];
  const days = limit.days + extraDays;
  return { from, days, dayKind: limit.dayKind, due: deadline(from, days, limit.dayKind, context.calendar) };
}

/**
 * The acknowledgement deadline of a petition by its kind, or by the resident's label until it is classified: a
 * `mixed` letter may hold any kind, so it gets the earliest of them; an unlabelled one the general rule for
 * recommendations and feedback (Luật Tiếp công dân 2013, art. 28).
 */
export function acknowledgement(
  kind: PetitionKind | null,
  needsVerification: boolean,
  from: string,
  context: Pick<PlanContext, "calendar" | "limits">,
): Deadline {
  if (kind === "mixed") {
    const candidates = (["recommendation", "feedback", "complaint", "denunciation"] as const).map((each) =>
      period(from, acknowledgementRule(each, false), context),
    );
    return candidates.reduce((earliest, candidate) => (candidate.due < earliest.due ? candidate : earliest));
  }
  return period(from, acknowledgementRule(kind ?? "recommendation", needsVerification), context);
}

/**
 * The day a denunciation outside the commune's competence must be transferred by: 5 working days from receipt
 * (Luật Tố cáo 2018, art. 24). Shown to officials; null for other kinds.
 */
export function transferBy(petition: Pick<PetitionFacts, "kind" | "acknowledge">, context: Pick<PlanContext, "calendar" | "limits">): string | null {
  return petition.kind === "denunciation" ? period(petition.acknowledge.from, "transfer_denunciation", context).due : null;
}

/**
 * The last day of the resident's window after an answer given on `answeredDay`: the province policy's
 * `feedbackWindowWorkingDays` (API.md, Province policy; default 10) in force that day, in working days.
 */
export function feedbackWindowEnd(answeredDay: string, windowDays: number, calendar: Calendar): string {
  return addWorkingDays(answeredDay, windowDays, calendar);
}

/** Column changes an action makes; `undefined` leaves a column as it is. */
export type PetitionChanges = Partial<{
  status: PetitionStatus;
  kind: ClassifiedKind;
  complexity: Complexity;
  remoteArea: boolean;
  needsVerification: boolean;
  identityProtected: boolean;
  unitCode: string;
  assignedTo: string;
  duplicateOf: string;
  transfers: number;
  toBody: string;
  letterNumber: string;
  acknowledge: Deadline;
  acceptedAt: string;
  resolve: Deadline;
  extensions: number;
  dueOn: string;
  draftAnswer: string;
  publicAnswer: string;
  publicNote: string;
  answeredAt: string;
  closedAt: string;
}>;

/** The history entry an action writes. Public entries show on the tracking page. */
type PlannedEvent = { action: string; note: string | null; public: boolean };

/** A part of a split letter: a new petition of its own kind, with its own acknowledgement deadline. */
export type PlannedPart = { kind: ClassifiedKind; title: string; content: string; acknowledge: Deadline };

export type ActionPlan = { changes: PetitionChanges; event: PlannedEvent; parts?: PlannedPart[] };

/** A refusal: 409 with the allowed actions (wrong state/condition) or 403 (role may never), named by a message code. */
export class ActionRefused extends Error {
  constructor(
    readonly status: 403 | 409,
    readonly code: MessageCode,
    readonly allowed: PetitionAction[],
    readonly params: MessageParams = {},
  ) {
    super(code);
  }
}

/** The classification as the history shows it: codes and the day now due, joined by " · " (pages put them into words). */
function classificationNote(changes: PetitionChanges): string {
  const due = changes.acknowledge?.due ?? changes.resolve?.due;
  return [changes.kind, changes.complexity, changes.remoteArea ? "remote_area" : null, changes.needsVerification ? "needs_verification" : null, due]
    .filter(Boolean)
    .join(" · ");
}

/**
 * Checks that `input` may be applied to `petition` by a user of `context.role` and returns what changes.
 * Throws ActionRefused; input shape is already validated by the schema, and references (the receiving unit, the
 * original of a duplicate — `of` is its id by now — the assignee) are checked by the workflow.
 */
export function planAction(petition: PetitionFacts, input: PetitionActionInput, context: PlanContext, now: string): ActionPlan {
  const rule = ACTION_RULES[input.action];
  const allowed = allowedActions(petition, context.role, context.today);
  if (!rule.roles.includes(context.role)) throw new ActionRefused(403, "petition.action_forbidden", allowed);
  if (!rule.from.includes(petition.status)) throw new ActionRefused(409, "petition.action_not_now", allowed);
  const condition = conditionError(input.action, petition, context.today);
  if (condition) throw new ActionRefused(409, condition.code, allowed, condition.params);

  const changes: PetitionChanges = rule.to ? { status: rule.to } : {};
  const event = (note: string | null, isPublic: boolean): PlannedEvent => ({ action: input.action, note, public: isPublic });
  const close = () => Object.assign(changes, { dueOn: NO_DEADLINE, closedAt: now });
  switch (input.action) {
    case "classify": {
      const complexity = input.complexity ?? petition.complexity;
      const remoteArea = input.remoteArea ?? petition.remoteArea;
      const needsVerification = input.needsVerification ?? petition.needsVerification;
      Object.assign(changes, { kind: input.kind, complexity, remoteArea, needsVerification });
      // Protection is sticky: once a denunciation, the identity stays protected whatever the petition becomes.
      if (input.kind === "denunciation") changes.identityProtected = true;
      if (INTAKE.includes(petition.status)) {
        // The acknowledgement follows the classification, still counted from receipt (or the transfer).
        const acknowledge = acknowledgement(input.kind, needsVerification, petition.acknowledge.from, context);
        Object.assign(changes, { acknowledge, dueOn: acknowledge.due });
      } else if (petition.resolve && petition.extensions === 0) {
        // An accepted petition's resolution period follows too, from the same day, unless it was extended.
        const resolve = period(petition.resolve.from, resolutionRule(input.kind, complexity, remoteArea), context);
        Object.assign(changes, { resolve, dueOn: resolve.due });
      }
      return { changes, event: event(classificationNote(changes), false) };
    }
    case "accept": {
      const resolve = period(context.today, resolutionRule(petition.kind as ClassifiedKind, petition.complexity, petition.remoteArea), context);
      Object.assign(changes, { acceptedAt: now, resolve, dueOn: resolve.due });
      return { changes, event: event(null, true) };
    }
    case "return":
      Object.assign(changes, { publicNote: input.guidance, letterNumber: input.letterNumber });
      close();
      return { changes, event: event(input.guidance, true) };
    case "transfer": {
      Object.assign(changes, { transfers: petition.transfers + 1, publicNote: input.reason, letterNumber: input.letterNumber });
      if (input.toBody) {
        // To a body outside the system (the police, a provincial department): the petition is finished here.
        Object.assign(changes, { toBody: input.toBody });
        close();
        return { changes, event: event(input.toBody, true) };
      }
      // To another commune of the system: its intake, with the acknowledgement counted from today.
      const acknowledge = acknowledgement(petition.kind ?? petition.residentKind, petition.needsVerification, context.today, context);
      Object.assign(changes, { unitCode: input.toUnitCode, acknowledge, dueOn: acknowledge.due });
      return { changes, event: event(input.reason, true) };
    }
    case "file":
      close();
      return { changes, event: event(input.reason, false) };
    case "mark_duplicate":
      if (input.of === petition.id) throw new ActionRefused(409, "petition.not_own_duplicate", allowed);
      changes.duplicateOf = input.of;
      close();
      return { changes, event: event(null, true) };
    case "split": {
      // Each part is a petition of its own kind, received when the letter was, with its own acknowledgement.
      const parts = input.parts.map((part) => ({ ...part, acknowledge: acknowledgement(part.kind, false, petition.acknowledge.from, context) }));
      if (parts.some((part) => part.kind === "denunciation")) changes.identityProtected = true;
      close();
      return { changes, event: event(null, true), parts };
    }
    case "assign":
      changes.assignedTo = input.accountId;
      return { changes, event: event(null, false) };
    case "note":
      return { changes, event: event(input.text, false) };
    case "start":
      return { changes, event: event(null, true) };
    case "draft_answer":
      changes.draftAnswer = input.text;
      return { changes, event: event(null, false) };
    case "answer":
      Object.assign(changes, { publicAnswer: input.text, draftAnswer: input.text, answeredAt: now, dueOn: NO_DEADLINE });
      return { changes, event: event(null, true) };
    case "extend": {
      const limit = context.limits.denunciation_extension;
      if (input.days > limit.days) throw new ActionRefused(409, "petition.extension_too_long", allowed, { max: limit.days });
      const current = petition.resolve ?? period(context.today, "denunciation", context);
      // The extension lengthens the period counted from the same day (so a calendar change recomputes it whole).
      const days = current.days + input.days;
      const resolve = { from: current.from, days, dayKind: current.dayKind, due: deadline(current.from, days, current.dayKind, context.calendar) };
      Object.assign(changes, { resolve, dueOn: resolve.due, extensions: petition.extensions + 1 });
      return { changes, event: event(`+${input.days} · ${input.reason}`, true) };
    }
    case "resolve":
      close();
      return { changes, event: event(null, true) };
  }
}

/** Fields of the public view (tracking page): a plan touching any of them must refresh the cached snapshot. */
const PUBLIC_FIELDS: readonly (keyof PetitionChanges)[] = ["status", "unitCode", "acknowledge", "resolve", "publicAnswer", "publicNote"];

export function changesPublicView(plan: ActionPlan): boolean {
  return plan.event.public || PUBLIC_FIELDS.some((field) => plan.changes[field] !== undefined);
}

/**
 * The resident's answer to "has it been resolved?": satisfied resolves it. Not satisfied: a complaint or a
 * denunciation is escalated — final here, the second round is at the province or in court (Luật Khiếu nại 2011,
 * art. 7) — while a recommendation or feedback is reopened with a fresh period for the unit.
 */
export function planFeedback(
  petition: PetitionFacts,
  satisfied: boolean,
  comment: string | undefined,
  context: Omit<PlanContext, "role">,
  now: string,
): ActionPlan {
  if (petition.status !== "answered") throw new ActionRefused(409, "petition.feedback_not_answered", []);
  const note = comment ?? null;
  if (satisfied) return { changes: { status: "resolved", dueOn: NO_DEADLINE, closedAt: now }, event: { action: "confirm", note, public: true } };
  if (petition.kind === "complaint" || petition.kind === "denunciation") {
    return { changes: { status: "escalated", dueOn: NO_DEADLINE, closedAt: now }, event: { action: "escalate", note, public: true } };
  }
  const resolve = period(context.today, resolutionRule(petition.kind ?? "feedback", petition.complexity, petition.remoteArea), context);
  return { changes: { status: "reopened", resolve, dueOn: resolve.due }, event: { action: "reopen", note, public: true } };
}

/**
 * What an inbox search looks for. A tracking code as people write it (one group of twelve, or groups joined by
 * dashes or spaces, any case) is looked up exactly. Otherwise the words, folded (no diacritics, lower case), up to eight: all
 * of them, in any order, in the title and content — or in the submitter's folded name and phone; a phone number
 * typed with spaces, dots or +84 is one word there, as stored (0 and nine digits).
 */
export type InboxSearch = { trackingCode: string } | { words: string[]; identityWords: string[] };

const MAX_SEARCH_WORDS = 8;

export function inboxSearch(q: string): InboxSearch {
  const typed = q.trim();
  const trackingCode = /^[\p{L}\p{N}]{4}([- ]?[\p{L}\p{N}]{4}){2}$/u.test(typed) ? parseTrackingCode(typed) : null;
  if (trackingCode) return { trackingCode };
  const words = foldDiacritics(typed).split(" ").filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  const compact = typed.replace(/[\s.()-]/g, "");
  const phone = /^\+?\d{3,15}$/.test(compact) ? (compact.startsWith("+84") ? `0${compact.slice(3)}` : compact.replace(/^\+/, "")) : null;
  return { words, identityWords: phone ? [phone] : words };
}

/** A due day is "soon" within this many calendar days: the inbox's warning badge. */
export const DUE_SOON_DAYS = 3;
function isDueSoon(dueOn: string, today: string): boolean {
  return dueOn !== NO_DEADLINE && dueOn >= today && dueOn <= addDays(today, DUE_SOON_DAYS);
}

/** The deadline as lists and pages show it: the due day (null when none runs) and its badges. */
export function deadlineView(dueOn: string, today: string): { dueOn: string | null; overdue: boolean; dueSoon: boolean } {
  return { dueOn: dueOn === NO_DEADLINE ? null : dueOn, overdue: dueOn !== NO_DEADLINE && dueOn < today, dueSoon: isDueSoon(dueOn, today) };
}

/**
 * Who may see the submitter's identity: the unit's officials and the province's supervisors; for a protected
 * identity — a denunciation, or a petition ever submitted or classified as one (`identityProtected`), or a part of a
 * split letter with one — only the head, the assignee and supervisors (Luật Tố cáo 2018).
 */
export function canSeeIdentity(
  petition: { kind: PetitionKind | null; identityProtected: boolean; assignedTo: string | null },
  user: { id: string; role: Role },
): boolean {
  if (user.role === "supervisor") return true;
  if (user.role !== "commune_head" && user.role !== "commune_staff") return false;
  if (petition.kind !== "denunciation" && !petition.identityProtected) return true;
  return user.role === "commune_head" || petition.assignedTo === user.id;
}

/** The levels that handle petitions since the 2025 reform: communes, wards and special zones. */
const HANDLING_LEVELS: readonly UnitLevel[] = ["commune", "ward", "special_zone"];

type UnitFacts = { code: string; level: UnitLevel; validFrom: string | null; validTo: string | null; replacedBy: string | null };

/** A commune-level unit of the system in force today: already started, not ended, not merged into another. */
export function isCurrentCommune(unit: UnitFacts | null, today: string): boolean {
  if (!unit || !HANDLING_LEVELS.includes(unit.level)) return false;
  return !unit.replacedBy && (!unit.validTo || unit.validTo >= today) && (!unit.validFrom || unit.validFrom <= today);
}

/**
 * Whether a unit may receive a transferred petition: a current commune-level unit of the system other than the
 * petition's own. A province, a district or a merged commune would strand the petition where nobody can act on it.
 */
export function canReceiveTransfer(unit: UnitFacts | null, petitionUnitCode: string, today: string): boolean {
  return !!unit && unit.code !== petitionUnitCode && isCurrentCommune(unit, today);
}
