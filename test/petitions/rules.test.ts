import { describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/roles";
import { ROLES } from "../../src/auth/roles";
import {
  ActionRefused,
  allowedActions,
  canSeeIdentity,
  changesPublicView,
  NO_DEADLINE,
  type PetitionFacts,
  planAction,
  planFeedback,
  resolutionRule,
} from "../../src/petitions/rules";
import { PETITION_STATUSES, type PetitionActionInput, type PetitionStatus } from "../../src/petitions/schema";
import type { TimeLimits } from "../../src/time-limits/schema";

const limits: TimeLimits = {
  acknowledge: { days: 10, dayKind: "working" },
  complaint: { days: 30, dayKind: "calendar" },
  complaint_complex: { days: 45, dayKind: "calendar" },
  complaint_remote: { days: 45, dayKind: "calendar" },
  complaint_remote_complex: { days: 60, dayKind: "calendar" },
  denunciation: { days: 30, dayKind: "calendar" },
  denunciation_extension: { days: 30, dayKind: "calendar" },
  recommendation: { days: 15, dayKind: "working" },
  feedback: { days: 15, dayKind: "working" },
  mixed: { days: 15, dayKind: "working" },
};
const holidays = new Set(["2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"]);
const today = "2026-03-02"; // a Monday
const now = "2026-03-02T03:00:00.000Z";
const context = (role: Role) => ({ role, today, holidays, limits });

const facts = (status: PetitionStatus, overrides: Partial<PetitionFacts> = {}): PetitionFacts => ({
  id: "p1",
  status,
  kind: "denunciation",
  complex: false,
  remoteArea: false,
  extensions: 0,
  acknowledgeBy: "2026-03-16",
  resolveBy: "2026-04-01",
  acceptedDay: "2026-03-02",
  unitCode: "C1",
  ...overrides,
});

/** A refusal with this message code (and these parameters). */
const refusal = (code: string, params: Record<string, unknown> = {}) => expect.objectContaining({ code, params });

const inputs: Record<string, PetitionActionInput> = {
  classify: { action: "classify", kind: "denunciation" },
  accept: { action: "accept" },
  return: { action: "return", guidance: "Gửi Tòa án" },
  transfer: { action: "transfer", toUnitCode: "C2", reason: "Thẩm quyền" },
  file: { action: "file", reason: "Không rõ nội dung" },
  mark_duplicate: { action: "mark_duplicate", ofId: "p0" },
  assign: { action: "assign", accountId: "a1" },
  note: { action: "note", text: "ghi chú" },
  start: { action: "start" },
  draft_answer: { action: "draft_answer", text: "dự thảo" },
  answer: { action: "answer", text: "trả lời" },
  extend: { action: "extend", days: 30, reason: "phức tạp" },
  resolve: { action: "resolve" },
};

// The oracle, written out from API.md and DOMAIN.md (not derived from the code under test):
// action → [states it may start from, roles that may take it, state it leads to (same = unchanged)].
const ALL: PetitionStatus[] = [...PETITION_STATUSES];
const INTAKE: PetitionStatus[] = ["received", "transferred"];
const HANDLING: PetitionStatus[] = ["accepted", "in_progress", "reopened"];
const BOTH: Role[] = ["commune_head", "commune_staff"];
const HEAD_ONLY: Role[] = ["commune_head"];
const ORACLE: Record<string, [PetitionStatus[], Role[], PetitionStatus | "same"]> = {
  classify: [[...INTAKE, ...HANDLING], BOTH, "same"],
  accept: [INTAKE, BOTH, "accepted"],
  return: [INTAKE, BOTH, "returned"],
  transfer: [INTAKE, BOTH, "transferred"],
  file: [INTAKE, BOTH, "filed"],
  mark_duplicate: [INTAKE, BOTH, "duplicate"],
  assign: [[...INTAKE, ...HANDLING], HEAD_ONLY, "same"],
  note: [ALL, BOTH, "same"],
  start: [["accepted", "reopened"], BOTH, "in_progress"],
  draft_answer: [["in_progress"], BOTH, "same"],
  answer: [["in_progress"], HEAD_ONLY, "answered"],
  extend: [HANDLING, HEAD_ONLY, "same"],
  resolve: [["answered"], BOTH, "resolved"],
};

const cases = Object.keys(ORACLE).flatMap((action) => ROLES.flatMap((role) => PETITION_STATUSES.map((status) => [action, role, status] as const)));

describe("the petition state machine: every action × role × state", () => {
  it.each(cases)("%s by %s from %s", (action, role, status) => {
    const [from, roles, to] = ORACLE[action];
    const run = () => planAction(facts(status), inputs[action], context(role), now);
    if (!roles.includes(role)) {
      expect(run).toThrow(ActionRefused);
      try {
        run();
      } catch (error) {
        expect((error as ActionRefused).status).toBe(403);
      }
      expect(allowedActions(facts(status), role)).not.toContain(action);
    } else if (!from.includes(status)) {
      try {
        run();
        expect.unreachable("should have been refused");
      } catch (error) {
        expect(error).toBeInstanceOf(ActionRefused);
        expect((error as ActionRefused).status).toBe(409);
        expect((error as ActionRefused).allowed).toEqual(allowedActions(facts(status), role));
      }
    } else {
      const plan = run();
      expect(plan.changes.status ?? status).toBe(to === "same" ? status : to);
      expect(allowedActions(facts(status), role)).toContain(action);
    }
  });
});

describe("conditions beyond state and role", () => {
  it("accept needs a kind", () => {
    expect(() => planAction(facts("received", { kind: null }), inputs.accept, context("commune_staff"), now)).toThrow(refusal("petition.classify_first"));
    expect(allowedActions(facts("received", { kind: null }), "commune_staff")).not.toContain("accept");
  });

  it("extend is for denunciations, at most twice, at most the configured days", () => {
    expect(() => planAction(facts("accepted", { kind: "complaint" }), inputs.extend, context("commune_head"), now)).toThrow(
      refusal("petition.extend_denunciations_only"),
    );
    expect(() => planAction(facts("accepted", { extensions: 2 }), inputs.extend, context("commune_head"), now)).toThrow(refusal("petition.extended_twice"));
    const tight = { ...limits, denunciation_extension: { days: 20, dayKind: "calendar" as const } };
    expect(() => planAction(facts("accepted"), inputs.extend, { ...context("commune_head"), limits: tight }, now)).toThrow(
      refusal("petition.extension_too_long", { max: 20 }),
    );
    const plan = planAction(facts("accepted", { resolveBy: "2026-04-01" }), inputs.extend, context("commune_head"), now);
    expect(plan.changes).toMatchObject({ resolveBy: "2026-05-04", dueOn: "2026-05-04", extensions: 1 }); // 01/05 is a holiday, 02–03/05 a weekend
  });

  it("a petition is not its own duplicate", () => {
    expect(() => planAction(facts("received"), { action: "mark_duplicate", ofId: "p1" }, context("commune_staff"), now)).toThrow(
      refusal("petition.not_own_duplicate"),
    );
  });
});

describe("deadlines set by actions", () => {
  it("accept sets resolve-by from the kind's limit", () => {
    const cases = [
      [{ kind: "complaint" as const }, "2026-04-01"],
      [{ kind: "complaint" as const, complex: true }, "2026-04-16"],
      [{ kind: "complaint" as const, remoteArea: true }, "2026-04-16"],
      [{ kind: "complaint" as const, remoteArea: true, complex: true }, "2026-05-04"], // 01/05 holiday → next working day
      [{ kind: "denunciation" as const }, "2026-04-01"],
      [{ kind: "recommendation" as const }, "2026-03-23"],
    ] as const;
    for (const [overrides, expected] of cases) {
      const plan = planAction(facts("received", overrides), inputs.accept, context("commune_staff"), now);
      expect(plan.changes.resolveBy, JSON.stringify(overrides)).toBe(expected);
      expect(plan.changes.dueOn).toBe(expected);
    }
  });

  it("transfer gives the new unit a fresh acknowledgement period", () => {
    const plan = planAction(facts("received"), inputs.transfer, context("commune_staff"), now);
    expect(plan.changes).toMatchObject({ unitCode: "C2", acknowledgeBy: "2026-03-16", dueOn: "2026-03-16" });
  });

  it("answer, return, file, duplicate and resolve stop the clock", () => {
    for (const [status, action] of [
      ["in_progress", "answer"],
      ["received", "return"],
      ["received", "file"],
      ["received", "mark_duplicate"],
      ["answered", "resolve"],
    ] as const) {
      expect(planAction(facts(status), inputs[action], context("commune_head"), now).changes.dueOn).toBe(NO_DEADLINE);
    }
  });

  it("reclassifying an accepted petition re-derives its deadline unless it was extended", () => {
    const plan = planAction(
      facts("accepted", { kind: "recommendation" }),
      { action: "classify", kind: "complaint", complex: true },
      context("commune_staff"),
      now,
    );
    expect(plan.changes.resolveBy).toBe("2026-04-16");
    const extended = planAction(
      facts("accepted", { extensions: 1 }),
      { action: "classify", kind: "denunciation", complex: true },
      context("commune_staff"),
      now,
    );
    expect(extended.changes.resolveBy).toBeUndefined();
  });

  it("resolution rules per kind", () => {
    expect(resolutionRule("complaint", false, false)).toBe("complaint");
    expect(resolutionRule("complaint", true, true)).toBe("complaint_remote_complex");
    expect(resolutionRule("feedback", true, true)).toBe("feedback");
  });
});

describe("public history entries", () => {
  it("internal steps stay private; steps the resident should see are public", () => {
    const publicActions = ["accept", "return", "transfer", "mark_duplicate", "start", "answer", "extend", "resolve"];
    for (const [action, input] of Object.entries(inputs)) {
      const status = ORACLE[action][0][0];
      const plan = planAction(facts(status), input, context("commune_head"), now);
      expect(plan.event.public, action).toBe(publicActions.includes(action));
    }
  });
});

describe("which plans change what the public sees", () => {
  it("status, deadlines, answers and notes do; drafts, notes and assignments do not", () => {
    const plan = (status: PetitionStatus, input: PetitionActionInput, overrides: Partial<PetitionFacts> = {}) =>
      planAction(facts(status, overrides), input, context("commune_head"), now);
    expect(changesPublicView(plan("received", inputs.file))).toBe(true);
    expect(changesPublicView(plan("accepted", { action: "classify", kind: "complaint", complex: true }, { kind: "recommendation" }))).toBe(true);
    expect(changesPublicView(plan("in_progress", inputs.draft_answer))).toBe(false);
    expect(changesPublicView(plan("in_progress", inputs.note))).toBe(false);
    expect(changesPublicView(plan("received", inputs.assign))).toBe(false);
    expect(changesPublicView(plan("received", { action: "classify", kind: "feedback" }, { acceptedDay: null }))).toBe(false);
  });
});

describe("resident feedback", () => {
  it("satisfied resolves; not satisfied reopens with a new period; only from answered", () => {
    expect(planFeedback(facts("answered"), true, undefined, { today, holidays, limits }, now).changes).toMatchObject({
      status: "resolved",
      dueOn: NO_DEADLINE,
    });
    const reopened = planFeedback(facts("answered", { kind: "feedback" }), false, "vẫn ngập", { today, holidays, limits }, now);
    expect(reopened.changes).toMatchObject({ status: "reopened", resolveBy: "2026-03-23", dueOn: "2026-03-23" });
    expect(() => planFeedback(facts("in_progress"), true, undefined, { today, holidays, limits }, now)).toThrow(refusal("petition.feedback_not_answered"));
  });
});

describe("who sees a submitter's identity", () => {
  const officials = [
    { id: "h", role: "commune_head" as const },
    { id: "s", role: "commune_staff" as const },
    { id: "v", role: "supervisor" as const },
    { id: "a", role: "admin" as const },
  ];
  it("for an ordinary petition: the unit's officials and supervisors, not the administrator", () => {
    expect(officials.map((user) => canSeeIdentity({ kind: "complaint", identityProtected: false, assignedTo: null }, user))).toEqual([true, true, true, false]);
  });
  it("for a denunciation: the head, the assignee and supervisors", () => {
    expect(officials.map((user) => canSeeIdentity({ kind: "denunciation", identityProtected: true, assignedTo: null }, user))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(canSeeIdentity({ kind: "denunciation", identityProtected: true, assignedTo: "s" }, officials[1])).toBe(true);
  });
  it("for a petition ever classified as a denunciation, whatever it is now: still only the head, the assignee and supervisors", () => {
    for (const kind of ["feedback", "complaint", "recommendation", "mixed", null] as const) {
      expect(officials.map((user) => canSeeIdentity({ kind, identityProtected: true, assignedTo: null }, user))).toEqual([true, false, true, false]);
      expect(canSeeIdentity({ kind, identityProtected: true, assignedTo: "s" }, officials[1])).toBe(true);
    }
  });
});
