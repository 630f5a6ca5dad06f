/**
 * The petition state machine and its deadlines, as pure functions: what each role may do from each state,
 * and what an action changes, named by message codes when refused. The workflow loads the petition, holidays and
 * time limits in one batch, calls `planAction`, and writes the result with a version-guarded batch.
 */
import type { Role } from "../auth/roles";
import { addDays, deadline, type HolidaySet } from "../holidays/rules";
import type { MessageCode, MessageParams } from "../lib/problem";
import type { TimeLimitRule, TimeLimits } from "../time-limits/schema";
import type { UnitLevel } from "../units/schema";
import { PETITION_STATUSES, type PetitionAction, type PetitionActionInput, type PetitionKind, type PetitionStatus } from "./schema";

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
  // Only the head assigns: assignment opens a denunciation's identity to the assignee.
  assign: { from: [...INTAKE, ...HANDLING], roles: HEAD },
  note: { from: PETITION_STATUSES, roles: COMMUNE },
  start: { from: ["accepted", "reopened"], to: "in_progress", roles: COMMUNE },
  draft_answer: { from: ["in_progress"], roles: COMMUNE },
  answer: { from: ["in_progress"], to: "answered", roles: HEAD },
  extend: { from: HANDLING, roles: HEAD },
  resolve: { from: ["answered"], to: "resolved", roles: COMMUNE },
};

const MAX_DENUNCIATION_EXTENSIONS = 2;

/** The facts about a petition that the rules look at. */
export type PetitionFacts = {
  status: PetitionStatus;
  kind: PetitionKind | null;
  complex: boolean;
  remoteArea: boolean;
  extensions: number;
  acknowledgeBy: string;
  resolveBy: string | null;
  acceptedDay: string | null;
  unitCode: string;
  id: string;
};

/** Why an action cannot be taken now, beyond role and state. */
function conditionError(action: PetitionAction, petition: PetitionFacts): MessageCode | null {
  if (action === "accept" && !petition.kind) return "petition.classify_first";
  if (action === "extend" && petition.kind !== "denunciation") return "petition.extend_denunciations_only";
  if (action === "extend" && petition.extensions >= MAX_DENUNCIATION_EXTENSIONS) return "petition.extended_twice";
  return null;
}

/** The actions the user may take on this petition now: the buttons to show, and the `allowedActions` of a 409. */
export function allowedActions(petition: PetitionFacts, role: Role): PetitionAction[] {
  return (Object.keys(ACTION_RULES) as PetitionAction[]).filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.roles.includes(role) && rule.from.includes(petition.status) && conditionError(action, petition) === null;
  });
}

/** The time limit that governs resolution (Luật Khiếu nại arts. 28, 37; Luật Tố cáo art. 30; configurable for the rest). */
export function resolutionRule(kind: PetitionKind, complex: boolean, remoteArea: boolean): TimeLimitRule {
  if (kind === "complaint") {
    if (remoteArea) return complex ? "complaint_remote_complex" : "complaint_remote";
    return complex ? "complaint_complex" : "complaint";
  }
  return kind;
}

type PlanContext = { role: Role; today: string; holidays: HolidaySet; limits: TimeLimits };

/** Column changes an action makes; `undefined` leaves a column as it is. */
export type PetitionChanges = Partial<{
  status: PetitionStatus;
  kind: PetitionKind;
  complex: boolean;
  remoteArea: boolean;
  unitCode: string;
  assignedTo: string;
  duplicateOf: string;
  acknowledgeBy: string;
  acceptedAt: string;
  resolveBy: string;
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

export type ActionPlan = { changes: PetitionChanges; event: PlannedEvent };

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

function resolveByFrom(day: string, kind: PetitionKind, petition: Pick<PetitionFacts, "complex" | "remoteArea">, context: PlanContext): string {
  const limit = context.limits[resolutionRule(kind, petition.complex, petition.remoteArea)];
  return deadline(day, limit.days, limit.dayKind, context.holidays);
}

/**
 * Checks that `input` may be applied to `petition` by a user of `context.role` and returns what changes.
 * Throws ActionRefused; input shape is already validated by the schema.
 */
export function planAction(petition: PetitionFacts, input: PetitionActionInput, context: PlanContext, now: string): ActionPlan {
  const rule = ACTION_RULES[input.action];
  const allowed = allowedActions(petition, context.role);
  if (!rule.roles.includes(context.role)) throw new ActionRefused(403, "petition.action_forbidden", allowed);
  if (!rule.from.includes(petition.status)) throw new ActionRefused(409, "petition.action_not_now", allowed);
  const condition = conditionError(input.action, petition);
  if (condition) throw new ActionRefused(409, condition, allowed);

  const to = rule.to;
  const changes: PetitionChanges = to ? { status: to } : {};
  const event = (note: string | null, isPublic: boolean): PlannedEvent => ({ action: input.action, note, public: isPublic });
  switch (input.action) {
    case "classify": {
      const complex = input.complex ?? petition.complex;
      const remoteArea = input.remoteArea ?? petition.remoteArea;
      Object.assign(changes, { kind: input.kind, complex, remoteArea });
      // Reclassifying an accepted petition re-derives its deadline from the day of acceptance, unless extended.
      if (petition.acceptedDay && petition.extensions === 0) {
        const resolveBy = resolveByFrom(petition.acceptedDay, input.kind, { complex, remoteArea }, context);
        Object.assign(changes, { resolveBy, dueOn: resolveBy });
      }
      return { changes, event: event(`${input.kind}${complex ? ", phức tạp" : ""}${remoteArea ? ", vùng khó khăn" : ""}`, false) };
    }
    case "accept": {
      const resolveBy = resolveByFrom(context.today, petition.kind as PetitionKind, petition, context);
      Object.assign(changes, { acceptedAt: now, resolveBy, dueOn: resolveBy });
      return { changes, event: event(null, true) };
    }
    case "return":
      Object.assign(changes, { publicNote: input.guidance, dueOn: NO_DEADLINE, closedAt: now });
      return { changes, event: event(input.guidance, true) };
    case "transfer": {
      const limit = context.limits.acknowledge;
      const acknowledgeBy = deadline(context.today, limit.days, limit.dayKind, context.holidays);
      Object.assign(changes, { unitCode: input.toUnitCode, acknowledgeBy, dueOn: acknowledgeBy, publicNote: input.reason });
      return { changes, event: event(input.reason, true) };
    }
    case "file":
      Object.assign(changes, { dueOn: NO_DEADLINE, closedAt: now });
      return { changes, event: event(input.reason, false) };
    case "mark_duplicate":
      if (input.ofId === petition.id) throw new ActionRefused(409, "petition.not_own_duplicate", allowed);
      Object.assign(changes, { duplicateOf: input.ofId, dueOn: NO_DEADLINE, closedAt: now });
      return { changes, event: event(null, true) };
    case "assign":
      changes.assignedTo = input.accountId;
      return { changes, event: event(input.accountId, false) };
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
      const resolveBy = deadline(petition.resolveBy ?? context.today, input.days, limit.dayKind, context.holidays);
      Object.assign(changes, { resolveBy, dueOn: resolveBy, extensions: petition.extensions + 1 });
      return { changes, event: event(`Gia hạn ${input.days} ngày: ${input.reason}`, true) };
    }
    case "resolve":
      Object.assign(changes, { dueOn: NO_DEADLINE, closedAt: now });
      return { changes, event: event(null, true) };
  }
}

/** Fields of the public view (tracking page): a plan touching any of them must refresh the cached snapshot. */
const PUBLIC_FIELDS: readonly (keyof PetitionChanges)[] = ["status", "unitCode", "acknowledgeBy", "resolveBy", "publicAnswer", "publicNote"];

export function changesPublicView(plan: ActionPlan): boolean {
  return plan.event.public || PUBLIC_FIELDS.some((field) => plan.changes[field] !== undefined);
}

/** The resident's answer to "has it been resolved?": resolve, or reopen with a fresh period for the unit. */
export function planFeedback(
  petition: PetitionFacts,
  satisfied: boolean,
  comment: string | undefined,
  context: Omit<PlanContext, "role">,
  now: string,
): ActionPlan {
  if (petition.status !== "answered") throw new ActionRefused(409, "petition.feedback_not_answered", []);
  if (satisfied)
    return { changes: { status: "resolved", dueOn: NO_DEADLINE, closedAt: now }, event: { action: "confirm", note: comment ?? null, public: true } };
  const resolveBy = resolveByFrom(context.today, petition.kind ?? "feedback", petition, { ...context, role: "commune_staff" });
  return { changes: { status: "reopened", resolveBy, dueOn: resolveBy }, event: { action: "reopen", note: comment ?? null, public: true } };
}

/** The first deadline: acknowledgement within the configured working days of receipt. */
export function acknowledgeDeadline(today: string, context: Pick<PlanContext, "holidays" | "limits">): string {
  const limit = context.limits.acknowledge;
  return deadline(today, limit.days, limit.dayKind, context.holidays);
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
 * Who may see the submitter's identity: the unit's officials and the province's supervisors; for a denunciation,
 * only the head, the assignee and supervisors. The protection sticks: a petition submitted as, or ever classified
 * as, a denunciation (`identityProtected`) stays protected whatever it is classified as later.
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

/**
 * Whether a unit may receive a transferred petition: a commune-level unit of the system that is in force today
 * (not merged into another, not ended, already started) and is not the petition's own unit. A province, a
 * district or a merged commune would strand the petition where nobody can act on it.
 */
export function canReceiveTransfer(
  unit: { code: string; level: UnitLevel; validFrom: string | null; validTo: string | null; replacedBy: string | null } | null,
  petitionUnitCode: string,
  today: string,
): boolean {
  if (!unit || unit.code === petitionUnitCode || !HANDLING_LEVELS.includes(unit.level)) return false;
  if (unit.replacedBy || (unit.validTo && unit.validTo < today) || (unit.validFrom && unit.validFrom > today)) return false;
  return true;
}

/** A denunciation is transferred at most once: one that already left the unit that received it stays. */
export const wasTransferred = (petition: { unitCode: string; receivedUnitCode: string }) => petition.unitCode !== petition.receivedUnitCode;
