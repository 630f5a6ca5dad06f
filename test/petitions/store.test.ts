import { env } from "cloudflare:test";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { calendarOf } from "../../src/holidays/rules";
import { localDay } from "../../src/lib/dates";
import { NO_DEADLINE, planAction } from "../../src/petitions/rules";
import { petitionSubmissionSchema } from "../../src/petitions/schema";
import {
  type Actor,
  addPhotosStatements,
  applyPlan,
  countOf,
  idempotencyOf,
  idempotencyStatements,
  inboxStatement,
  insertPetition,
  markNewlyOverdue,
  type NewPetition,
  newPetition,
  newTrackingCode,
  petitionOf,
  petitionStatement,
  photoCountStatement,
  publicRecordOf,
  publicRecordStatements,
  recordOf,
  recordStatements,
  summariesOf,
} from "../../src/petitions/store";
import { detailView, factsOf, listItemView, publicView } from "../../src/petitions/views";
import { makeUnits, type TestUnits } from "../support/factory";
import { petitionBody, SUBMITTER } from "../support/petitions";
import { NATIONAL_LIMITS } from "../support/time-limits";

// The store tier: query functions and statements straight against D1, without HTTP. Each test makes its own unit.

const today = localDay();
const official: Actor = { at: new Date().toISOString(), actorId: null, actorKind: "official" };
const limits = NATIONAL_LIMITS;
const calendar = calendarOf([]);
const rules = { calendar, limits, feedbackWindowDays: 10 };

let shared: TestUnits;
beforeAll(async () => {
  shared = await makeUnits();
});

/** Writes a petition through the store, due on `dueOn`. */
async function stored(units: TestUnits, overrides: Record<string, unknown> = {}, dueOn = "2099-01-01", extra: Partial<NewPetition> = {}): Promise<NewPetition> {
  const record: NewPetition = {
    id: crypto.randomUUID(),
    trackingCode: newTrackingCode(),
    input: v.parse(petitionSubmissionSchema, petitionBody(units.commune, overrides)),
    unit: { code: units.commune, name: "Xã An Khê" },
    provinceCode: units.province,
    now: new Date().toISOString(),
    receivedOn: today,
    acknowledge: { from: today, days: 10, dayKind: "working", due: dueOn },
    createdBy: null,
    idempotency: null,
    photos: [],
    ...extra,
  };
  expect(await insertPetition(env.DB, record)).toBe(true);
  return record;
}

const load = async (id: string) => petitionOf((await env.DB.batch([petitionStatement(env.DB, { id })]))[0]);

describe("insertPetition", () => {
  it("writes what newPetition says it wrote", async () => {
    const record = await stored(shared, { kind: "complaint", peopleCount: 3 });
    expect(await load(record.id)).toEqual(newPetition(record));
    const mixed = await stored(shared, { kind: "mixed" });
    expect(await load(mixed.id)).toEqual(newPetition(mixed));
    expect(newPetition(mixed)).toMatchObject({ kind: null, residentKind: "mixed" });
  });

  it("stores no identity at all for an anonymous petition, whatever was sent with it", async () => {
    const record = await stored(shared, { kind: "feedback", anonymous: true });
    const found = recordOf(await env.DB.batch(recordStatements(env.DB, record.id)));
    expect(found?.submitter).toEqual({ name: null, phone: null, email: null, address: null, citizenId: null });
    const row = await env.DB.prepare("SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ?").bind(record.id).first();
    expect(Object.values(row ?? {}).every((value) => value === null)).toBe(true);
  });

  it("writes nothing a second time under the same idempotency key, and finds the first by the key", async () => {
    const key = { key: `store-${crypto.randomUUID()}`, bodyHash: "hash-1" };
    const first = await stored(shared, {}, "2099-01-01", { idempotency: key });
    const second = { ...first, id: crypto.randomUUID(), trackingCode: newTrackingCode() };
    expect(await insertPetition(env.DB, second)).toBe(false);
    expect(await load(second.id)).toBeNull();
    const replay = idempotencyOf(await env.DB.batch(idempotencyStatements(env.DB, key.key)));
    expect(replay).toMatchObject({ bodyHash: "hash-1", petition: { id: first.id, trackingCode: first.trackingCode } });
    expect(idempotencyOf(await env.DB.batch(idempotencyStatements(env.DB, "never-used-key")))).toBeNull();
  });
});

describe("the inbox query", () => {
  it("filters by the scope, status, kind, category and folded words, soonest due first, in keyset pages", async () => {
    const units = await makeUnits();
    const late = await stored(units, { title: "Đường ngập ở thôn Đông", kind: "feedback" }, "2026-01-05");
    const soon = await stored(units, { title: "Tiếng ồn karaoke", category: "moi-truong" }, addDaysFromToday(2));
    const later = await stored(units, { title: "Cống tắc ở xóm Bắc" }, "2099-06-01");
    await stored(await makeUnits(), { title: "Đường ngập ở nơi khác" }, "2026-01-05");
    const list = async (filter: Parameters<typeof inboxStatement>[2], after: [string, string] | null = null, limit = 50) =>
      summariesOf((await env.DB.batch([inboxStatement(env.DB, { unitCode: units.commune }, filter, today, limit, after)]))[0]);

    expect((await list({})).map((petition) => petition.id)).toEqual([late.id, soon.id, later.id]);
    // Every word, in any order, diacritics folded (the other two speak of a flooded road in their content, not of thôn Đông).
    expect((await list({ q: "dong ngap thon" })).map((petition) => petition.id)).toEqual([late.id]);
    expect((await list({ q: "duong ngap" })).map((petition) => petition.id)).toEqual([late.id, soon.id, later.id]);
    expect((await list({ q: "100%_" })).map((petition) => petition.id)).toEqual([]);
    expect((await list({ kind: "feedback" })).map((petition) => petition.id)).toEqual([late.id]);
    expect((await list({ category: "moi-truong" })).map((petition) => petition.id)).toEqual([soon.id]);
    expect((await list({ overdue: true })).map((petition) => petition.id)).toEqual([late.id]);
    expect((await list({ overdue: false })).map((petition) => petition.id)).toEqual([soon.id, later.id]);
    expect((await list({ dueWithinWorkingDays: 3 })).map((petition) => petition.id)).toEqual([soon.id]);
    expect((await list({ status: "accepted" })).map((petition) => petition.id)).toEqual([]);

    // Pages of one: the query asks for one row more, to know whether another page follows.
    const first = await list({}, null, 1);
    expect(first.map((petition) => petition.id)).toEqual([late.id, soon.id]);
    const second = await list({}, [first[0].dueOn, first[0].id], 1);
    expect(second.map((petition) => petition.id)).toEqual([soon.id, later.id]);
    const third = await list({}, [second[0].dueOn, second[0].id], 1);
    expect(third.map((petition) => petition.id)).toEqual([later.id]);

    const province = summariesOf((await env.DB.batch([inboxStatement(env.DB, { provinceCode: units.province }, {}, today, 50, null)]))[0]);
    expect(province.map((petition) => petition.id)).toEqual([late.id, soon.id, later.id]);
  });
});

describe("applyPlan", () => {
  it("applies a plan once: a second plan from the same version loses, leaving no history entry", async () => {
    const record = await stored(shared, { kind: "feedback" });
    const petition = newPetition(record);
    const context = { role: "commune_staff" as const, today, calendar, limits };
    const accept = planAction(factsOf(petition, rules), { action: "accept" }, context, official.at);
    const file = planAction(factsOf(petition, rules), { action: "file", reason: "Không rõ nội dung" }, context, official.at);
    const [won, lost] = await Promise.all([
      applyPlan(env.DB, petition, accept, official, { after: recordStatements(env.DB, petition.id) }),
      applyPlan(env.DB, petition, file, official, { after: recordStatements(env.DB, petition.id) }),
    ]);
    expect([won.applied, lost.applied].sort()).toEqual([false, true]);
    const winner = won.applied ? "accepted" : "filed";
    // Reads inside the batch see the state after it, for the winner and the loser alike.
    expect(recordOf(won.after)?.petition).toMatchObject({ status: winner, version: 2 });
    expect(recordOf(lost.after)?.petition).toMatchObject({ status: winner, version: 2 });
    const record2 = recordOf(await env.DB.batch(recordStatements(env.DB, petition.id)));
    expect(record2?.events.map((event) => event.action)).toEqual(["submit", won.applied ? "accept" : "file"]);
  });
});

describe("photos", () => {
  it("go in all together while the petition has room, and not at all once it has none", async () => {
    const record = await stored(shared);
    const photo = () => ({ id: crypto.randomUUID(), kvKey: `photo:${record.id}:${crypto.randomUUID()}`, contentType: "image/png", size: 1 });
    const add = async (count: number, max: number) =>
      (await env.DB.batch(addPhotosStatements(env.DB, record.id, Array.from({ length: count }, photo), "someone", official.at, max))).map(
        (result) => result.meta.changes,
      );
    expect(await add(2, 3)).toEqual([1, 1]);
    expect(await add(2, 3)).toEqual([0, 0]);
    expect(await add(1, 3)).toEqual([1]);
    expect(countOf((await env.DB.batch([photoCountStatement(env.DB, record.id)]))[0])).toBe(3);
  });
});

describe("markNewlyOverdue", () => {
  it("records a missed deadline once, whatever the number of runs, and again for a new deadline", async () => {
    const units = await makeUnits();
    const late = await stored(units, {}, "2026-01-05");
    const onTime = await stored(units, {}, "2099-01-01");
    const overdueEvents = async (id: string) =>
      (await env.DB.prepare("SELECT count(*) AS n FROM petition_events WHERE petition_id = ? AND action = 'overdue'").bind(id).first<number>("n")) ?? 0;
    expect(await markNewlyOverdue(env.DB, today, new Date().toISOString())).toBeGreaterThanOrEqual(1);
    await markNewlyOverdue(env.DB, today, new Date().toISOString());
    expect(await overdueEvents(late.id)).toBe(1);
    expect(await overdueEvents(onTime.id)).toBe(0);
    expect(await markNewlyOverdue(env.DB, today, new Date().toISOString())).toBe(0);
    await env.DB.prepare("UPDATE petitions SET due_on = '2026-02-02' WHERE id = ?").bind(late.id).run();
    expect(await markNewlyOverdue(env.DB, today, new Date().toISOString())).toBe(1);
    expect(await overdueEvents(late.id)).toBe(2);
  });
});

describe("the views", () => {
  it("the public view is a whitelist: no submitter, notes, drafts or assignee; the overdue entry is marked", async () => {
    const units = await makeUnits();
    const record = await stored(units, {}, "2026-01-05");
    const petition = newPetition(record);
    const context = { role: "commune_head" as const, today, calendar, limits };
    const note = planAction(factsOf(petition, rules), { action: "note", text: `Gọi ${SUBMITTER.phone}` }, context, official.at);
    await applyPlan(env.DB, petition, note, official);
    await markNewlyOverdue(env.DB, today, new Date().toISOString());
    const found = publicRecordOf(await env.DB.batch(publicRecordStatements(env.DB, { trackingCode: record.trackingCode })));
    expect(found).not.toBeNull();
    if (!found) return;
    const view = publicView(found.petition, found.publicEvents, found.parts);
    expect(view).toMatchObject({ trackingCode: record.trackingCode, unitName: "Xã An Khê", status: "received", canGiveFeedback: false });
    expect(view.history).toEqual([
      { at: record.now, status: "received", action: "submit" },
      { at: expect.any(String), status: "received", action: "overdue", overdue: true },
    ]);
    const text = JSON.stringify(view);
    for (const value of Object.values(SUBMITTER)) expect(text).not.toContain(value);
    expect(text).not.toContain("assign");
  });

  it("an official's view hides the submitter unless allowed; a list item carries its deadline badges", async () => {
    const record = await stored(shared, { kind: "denunciation" }, "2026-01-05");
    const found = recordOf(await env.DB.batch(recordStatements(env.DB, record.id)));
    expect(found?.submitter).toEqual({ ...SUBMITTER });
    if (!found) return;
    expect(found.petition.identityProtected).toBe(true);
    expect(detailView(found, { role: "commune_staff" }, false, today, rules)).toMatchObject({ submitter: null, submitterHidden: true });
    expect(detailView(found, { role: "commune_head" }, true, today, rules)).toMatchObject({
      submitter: SUBMITTER,
      unit: { code: shared.commune, name: "Xã An Khê" },
      residentKind: "denunciation",
      kind: "denunciation",
    });
    expect(listItemView(found.petition, today)).toMatchObject({ id: record.id, dueOn: "2026-01-05", overdue: true, dueSoon: false });
    expect(listItemView({ ...found.petition, dueOn: NO_DEADLINE }, today)).toMatchObject({ dueOn: null, overdue: false, dueSoon: false });
  });
});

function addDaysFromToday(days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
