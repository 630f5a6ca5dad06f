import { describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/roles";
import { ROLES } from "../../src/auth/roles";
import { calendarOf } from "../../src/holidays/rules";
import {
  ActionRefused,
  acknowledgement,
  allowedActions,
  canSeeIdentity,
  changesPublicView,
  feedbackWindowEnd,
  NO_DEADLINE,
  type PetitionFacts,
  planAction,
  planFeedback,
  resolutionRule,
  transferBy,
} from "../../src/petitions/rules";
import { PETITION_STATUSES, type PetitionActionInput, type PetitionStatus } from "../../src/petitions/schema";
import { limit, NATIONAL_LIMITS } from "../support/time-limits";

const limits = NATIONAL_LIMITS;
const calendar = calendarOf(["2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"]);
const today = "2026-03-02"; // a Monday
const now = "2026-03-02T03:00:00.000Z";
const context = (role: Role) => ({ role, today, calendar, limits });

const facts = (status: PetitionStatus, overrides: Partial<PetitionFacts> = {}): PetitionFacts => ({
  id: "p1",
  status,
  kind: "denunciation",
  residentKind: "denunciation",
  complexity: "complex",
  remoteArea: false,
  needsVerification: false,
  anonymous: false,
  identityProtected: true,
  extensions: 0,
  transfers: 0,
  transferredOut: false,
  acknowledge: { from: "2026-03-02", days: 7, dayKind: "working", due: "2026-03-11" },
  resolve: { from: "2026-03-02", days: 30, dayKind: "calendar", due: "2026-04-01" },
  feedbackUntil: null,
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
  mark_duplicate: { action: "mark_duplicate", of: "p0" },
  split: {
    action: "split",
    parts: [
      { kind: "complaint", title: "Khiếu nại quyết định thu hồi đất", content: "Nội dung khiếu nại quyết định thu hồi đất." },
      { kind: "feedback", title: "Phản ánh đường hỏng", content: "Đường liên thôn hỏng nặng sau mưa." },
    ],
  },
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
  split: [INTAKE, BOTH, "split"],
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
      expect(allowedActions(facts(status), role, today)).not.toContain(action);
    } else if (!from.includes(status)) {
      try {
        run();
        expect.unreachable("should have been refused");
      } catch (error) {
        expect(error).toBeInstanceOf(ActionRefused);
        expect((error as ActionRefused).status).toBe(409);
        expect((error as ActionRefused).allowed).toEqual(allowedActions(facts(status), role, today));
      }
    } else {
      const plan = run();
      expect(plan.changes.status ?? status).toBe(to === "same" ? status : to);
      expect(allowedActions(facts(status), role, today)).toContain(action);
    }
  });
});

describe("conditions beyond state and role", () => {
  it("accept needs a kind", () => {
    expect(() => planAction(facts("received", { kind: null }), inputs.accept, context("commune_staff"), now)).toThrow(refusal("petition.classify_first"));
    expect(allowedActions(facts("received", { kind: null }), "commune_staff", today)).not.toContain("accept");
  });

  it("an anonymous denunciation is not accepted as one (Luật Tố cáo art. 25); it may be filed or noted", () => {
    const anonymous = facts("received", { anonymous: true });
    expect(() => planAction(anonymous, inputs.accept, context("commune_staff"), now)).toThrow(refusal("denunciation.anonymous"));
    expect(allowedActions(anonymous, "commune_staff", today)).toEqual(expect.arrayContaining(["file", "note", "classify"]));
    expect(allowedActions(anonymous, "commune_staff", today)).not.toContain("accept");
    expect(planAction(facts("received", { anonymous: true, kind: "feedback" }), inputs.accept, context("commune_staff"), now).changes.status).toBe("accepted");
  });

  it("extensions: none for a normal denunciation, one for a complex one, two for an especially complex one; at most the configured days", () => {
    expect(() => planAction(facts("accepted", { kind: "complaint" }), inputs.extend, context("commune_head"), now)).toThrow(
      refusal("petition.extend_denunciations_only"),
    );
    expect(() => planAction(facts("accepted", { complexity: "normal" }), inputs.extend, context("commune_head"), now)).toThrow(
      refusal("petition.extension_needs_complexity"),
    );
    expect(() => planAction(facts("accepted", { complexity: "complex", extensions: 1 }), inputs.extend, context("commune_head"), now)).toThrow(
      refusal("petition.extended_max", { max: 1 }),
    );
    expect(
      planAction(facts("accepted", { complexity: "especially_complex", extensions: 1 }), inputs.extend, context("commune_head"), now).changes.extensions,
    ).toBe(2);
    expect(() => planAction(facts("accepted", { complexity: "especially_complex", extensions: 2 }), inputs.extend, context("commune_head"), now)).toThrow(
      refusal("petition.extended_max", { max: 2 }),
    );
    const tight = { ...limits, denunciation_extension: limit(20, "calendar") };
    expect(() => planAction(facts("accepted"), inputs.extend, { ...context("commune_head"), limits: tight }, now)).toThrow(
      refusal("petition.extension_too_long", { max: 20 }),
    );
    // 30 + 30 days from 02/03: 01/05 is a holiday, 02–03/05 a weekend.
    const plan = planAction(facts("accepted"), inputs.extend, context("commune_head"), now);
    expect(plan.changes).toMatchObject({
      resolve: { from: "2026-03-02", days: 60, dayKind: "calendar", due: "2026-05-04" },
      dueOn: "2026-05-04",
      extensions: 1,
    });
  });

  it("a denunciation is transferred only once; other kinds may be transferred again", () => {
    expect(() => planAction(facts("transferred", { transfers: 1 }), inputs.transfer, context("commune_staff"), now)).toThrow(
      refusal("petition.denunciation_transferred_once"),
    );
    expect(allowedActions(facts("transferred", { transfers: 1 }), "commune_staff", today)).not.toContain("transfer");
    expect(planAction(facts("transferred", { transfers: 1, kind: "feedback" }), inputs.transfer, context("commune_staff"), now).changes.transfers).toBe(2);
  });

  it("a petition transferred to an outside body is finished here: only notes", () => {
    const out = facts("transferred", { transferredOut: true });
    expect(allowedActions(out, "commune_head", today)).toEqual(["note"]);
    expect(() => planAction(out, inputs.accept, context("commune_staff"), now)).toThrow(refusal("petition.transferred_out"));
    const plan = planAction(
      facts("received", { kind: "feedback" }),
      { action: "transfer", toBody: "Công an tỉnh", reason: "Thẩm quyền", letterNumber: "12/UBND" },
      context("commune_staff"),
      now,
    );
    expect(plan.changes).toMatchObject({ status: "transferred", toBody: "Công an tỉnh", letterNumber: "12/UBND", dueOn: NO_DEADLINE, transfers: 1 });
    expect(plan.changes.unitCode).toBeUndefined();
  });

  it("officials resolve only after the resident's feedback window", () => {
    const waiting = facts("answered", { feedbackUntil: "2026-03-02" });
    expect(() => planAction(waiting, inputs.resolve, context("commune_staff"), now)).toThrow(refusal("petition.feedback_window_open", { until: "2026-03-02" }));
    expect(allowedActions(waiting, "commune_staff", today)).not.toContain("resolve");
    expect(planAction(facts("answered", { feedbackUntil: "2026-03-01" }), inputs.resolve, context("commune_staff"), now).changes.status).toBe("resolved");
    // 10 working days after an answer given on Monday 02/03/2026.
    expect(feedbackWindowEnd("2026-03-02", 10, calendar)).toBe("2026-03-16");
  });

  it("a petition is not its own duplicate", () => {
    expect(() => planAction(facts("received"), { action: "mark_duplicate", of: "p1" }, context("commune_staff"), now)).toThrow(
      refusal("petition.not_own_duplicate"),
    );
  });
});

describe("deadlines set by actions", () => {
  it("accept sets resolve-by from the kind's limit", () => {
    const cases = [
      [{ kind: "complaint" as const, complexity: "normal" as const }, "2026-04-01"],
      [{ kind: "complaint" as const, complexity: "complex" as const }, "2026-04-16"],
      [{ kind: "complaint" as const, complexity: "especially_complex" as const }, "2026-04-16"],
      [{ kind: "complaint" as const, complexity: "normal" as const, remoteArea: true }, "2026-04-16"],
      [{ kind: "complaint" as const, complexity: "complex" as const, remoteArea: true }, "2026-05-04"], // 01/05 holiday → next working day
      [{ kind: "denunciation" as const }, "2026-04-01"],
      [{ kind: "recommendation" as const }, "2026-03-23"],
    ] as const;
    for (const [overrides, expected] of cases) {
      const plan = planAction(facts("received", overrides), inputs.accept, context("commune_staff"), now);
      expect(plan.changes.resolve?.due, JSON.stringify(overrides)).toBe(expected);
      expect(plan.changes.dueOn).toBe(expected);
    }
  });

  it("the acknowledgement follows the kind: 10 working days, 10 days for a complaint, 7 (or 10) working days for a denunciation", () => {
    const from = "2026-03-02";
    const ack = (kind: Parameters<typeof acknowledgement>[0], verify = false) => acknowledgement(kind, verify, from, { calendar, limits });
    expect(ack("recommendation")).toEqual({ from, days: 10, dayKind: "working", due: "2026-03-16" });
    expect(ack("feedback").due).toBe("2026-03-16");
    expect(ack(null).due).toBe("2026-03-16");
    expect(ack("complaint")).toEqual({ from, days: 10, dayKind: "calendar", due: "2026-03-12" });
    expect(ack("denunciation")).toEqual({ from, days: 7, dayKind: "working", due: "2026-03-11" });
    expect(ack("denunciation", true)).toEqual({ from, days: 10, dayKind: "working", due: "2026-03-16" });
    // A mixed letter may hold any kind: the earliest of them.
    expect(ack("mixed")).toEqual({ from, days: 7, dayKind: "working", due: "2026-03-11" });
    expect(transferBy(facts("received"), { calendar, limits })).toBe("2026-03-09");
    expect(transferBy(facts("received", { kind: "complaint" }), { calendar, limits })).toBeNull();
  });

  it("classification recomputes the acknowledgement from receipt", () => {
    const received = facts("received", { kind: null, residentKind: "mixed", identityProtected: false });
    const complaint = planAction(received, { action: "classify", kind: "complaint" }, context("commune_staff"), now);
    expect(complaint.changes).toMatchObject({ kind: "complaint", acknowledge: { due: "2026-03-12", days: 10, dayKind: "calendar" }, dueOn: "2026-03-12" });
    expect(complaint.event.note).toBe("complaint · complex · 2026-03-12");
    const verified = planAction(received, { action: "classify", kind: "denunciation", needsVerification: true }, context("commune_staff"), now);
    expect(verified.changes).toMatchObject({ needsVerification: true, identityProtected: true, acknowledge: { due: "2026-03-16" } });
  });

  it("protection is sticky: classifying a denunciation as something else does not clear it", () => {
    const plan = planAction(facts("received"), { action: "classify", kind: "feedback" }, context("commune_staff"), now);
    expect(plan.changes.identityProtected).toBeUndefined();
    expect(plan.changes.kind).toBe("feedback");
  });

  it("transfer gives the new unit a fresh acknowledgement period by the kind", () => {
    const plan = planAction(facts("received"), inputs.transfer, context("commune_staff"), now);
    expect(plan.changes).toMatchObject({ unitCode: "C2", acknowledge: { from: today, due: "2026-03-11" }, dueOn: "2026-03-11", transfers: 1 });
    const unclassified = planAction(facts("received", { kind: null, residentKind: null }), inputs.transfer, context("commune_staff"), now);
    expect(unclassified.changes.acknowledge?.due).toBe("2026-03-16");
  });

  it("split makes one part per kind, each with its own acknowledgement from receipt; a denunciation part protects every part", () => {
    const plan = planAction(facts("received", { kind: null, residentKind: "mixed", identityProtected: false }), inputs.split, context("commune_staff"), now);
    expect(plan.changes).toMatchObject({ status: "split", dueOn: NO_DEADLINE });
    expect(plan.changes.identityProtected).toBeUndefined();
    expect(plan.parts?.map((part) => [part.kind, part.acknowledge.due])).toEqual([
      ["complaint", "2026-03-12"],
      ["feedback", "2026-03-16"],
    ]);
    const withDenunciation = planAction(
      facts("received", { kind: null, residentKind: "mixed", identityProtected: false }),
      {
        action: "split",
        parts: [
          inputs.split.action === "split" ? inputs.split.parts[0] : (null as never),
          { kind: "denunciation", title: "Tố cáo cán bộ", content: "Tố cáo cán bộ địa chính nhận tiền." },
        ],
      },
      context("commune_staff"),
      now,
    );
    expect(withDenunciation.changes.identityProtected).toBe(true);
    expect(withDenunciation.parts?.[1].acknowledge.due).toBe("2026-03-11");
  });

  it("answer, return, file, duplicate, split and resolve stop the clock", () => {
    for (const [status, action] of [
      ["in_progress", "answer"],
      ["received", "return"],
      ["received", "file"],
      ["received", "mark_duplicate"],
      ["received", "split"],
      ["answered", "resolve"],
    ] as const) {
      expect(planAction(facts(status), inputs[action], context("commune_head"), now).changes.dueOn).toBe(NO_DEADLINE);
    }
  });

  it("reclassifying an accepted petition re-derives its deadline unless it was extended", () => {
    const plan = planAction(
      facts("accepted", { kind: "recommendation", complexity: "normal" }),
      { action: "classify", kind: "complaint", complexity: "complex" },
      context("commune_staff"),
      now,
    );
    expect(plan.changes.resolve?.due).toBe("2026-04-16");
    const extended = planAction(
      facts("accepted", { extensions: 1 }),
      { action: "classify", kind: "denunciation", complexity: "complex" },
      context("commune_staff"),
      now,
    );
    expect(extended.changes.resolve).toBeUndefined();
  });

  it("resolution rules per kind", () => {
    expect(resolutionRule("complaint", "normal", false)).toBe("complaint");
    expect(resolutionRule("complaint", "complex", true)).toBe("complaint_remote_complex");
    expect(resolutionRule("complaint", "especially_complex", false)).toBe("complaint_complex");
    expect(resolutionRule("feedback", "complex", true)).toBe("feedback");
  });
});

describe("public history entries", () => {
  it("internal steps stay private; steps the resident should see are public", () => {
    const publicActions = ["accept", "return", "transfer", "mark_duplicate", "split", "start", "answer", "extend", "resolve"];
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
    expect(changesPublicView(plan("accepted", { action: "classify", kind: "complaint", complexity: "complex" }, { kind: "recommendation" }))).toBe(true);
    expect(changesPublicView(plan("received", { action: "classify", kind: "feedback" }))).toBe(true); // the acknowledgement moves
    expect(changesPublicView(plan("in_progress", inputs.draft_answer))).toBe(false);
    expect(changesPublicView(plan("in_progress", inputs.note))).toBe(false);
    expect(changesPublicView(plan("received", inputs.assign))).toBe(false);
  });
});

describe("resident feedback", () => {
  const feedbackContext = { today, calendar, limits };
  it("satisfied resolves; not satisfied reopens a recommendation or feedback with a new period; only from answered", () => {
    expect(planFeedback(facts("answered"), true, undefined, feedbackContext, now).changes).toMatchObject({ status: "resolved", dueOn: NO_DEADLINE });
    const reopened = planFeedback(facts("answered", { kind: "feedback" }), false, "vẫn ngập", feedbackContext, now);
    expect(reopened.changes).toMatchObject({ status: "reopened", resolve: { from: today, due: "2026-03-23" }, dueOn: "2026-03-23" });
    expect(reopened.event.action).toBe("reopen");
    expect(() => planFeedback(facts("in_progress"), true, undefined, feedbackContext, now)).toThrow(refusal("petition.feedback_not_answered"));
  });

  it("not satisfied with a complaint or a denunciation escalates it: final here", () => {
    for (const kind of ["complaint", "denunciation"] as const) {
      const plan = planFeedback(facts("answered", { kind }), false, "không đồng ý", feedbackContext, now);
      expect(plan.changes).toEqual({ status: "escalated", dueOn: NO_DEADLINE, closedAt: now });
      expect(plan.event).toEqual({ action: "escalate", note: "không đồng ý", public: true });
    }
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
  it("for a protected identity (ever a denunciation): the head, the assignee and supervisors", () => {
    for (const kind of ["feedback", "complaint", "recommendation", null] as const) {
      expect(officials.map((user) => canSeeIdentity({ kind, identityProtected: true, assignedTo: null }, user))).toEqual([true, false, true, false]);
      expect(canSeeIdentity({ kind, identityProtected: true, assignedTo: "s" }, officials[1])).toBe(true);
    }
    expect(officials.map((user) => canSeeIdentity({ kind: "denunciation", identityProtected: false, assignedTo: null }, user))).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});
