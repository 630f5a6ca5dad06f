/**
 * PUT /sessions/:id/minutes: opinions and what follows them — one petition and one commitment per opinion however
 * often (and however concurrently) the minutes are resent; the rules of follow-ups; who and when.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { followUpCounts, type MinutesJson, minutesBody, putMinutes, putMinutesOk, sessionUnderWay, threeOpinions, uniqueTitle } from "../support/minutes";
import { roundTripsOf } from "../support/round-trips";
import { actOk, book, heldSession, publishedSession, sessionBody } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let otherHead: TestAccount;
let villageId = "";

beforeAll(async () => {
  units = await makeUnits();
  [head, staff, supervisor, otherHead] = await Promise.all([
    makeAccount("commune_head", units.commune),
    makeAccount("commune_staff", units.commune),
    makeAccount("supervisor", units.province),
    makeAccount("commune_head", units.otherCommune),
  ]);
  villageId = (await (await api("POST", `/api/v1/units/${units.commune}/villages`, { token: head.token, body: { name: "Thôn Đoài" } })).json<{ id: string }>())
    .id;
});

describe("writing the minutes", () => {
  it("records each opinion; an unanswered one becomes a petition or a commitment, in two round trips", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const response = await putMinutes(staff.token, session.id, minutesBody(threeOpinions({ ownerId: head.id, villageId })));
    expect(response.status).toBe(200);
    expect(roundTripsOf(response)).toBe(2);
    const minutes = await response.json<MinutesJson>();
    expect(minutes.version).toBe(1);
    expect(minutes.items.map((item) => [item.followUp, item.answeredOnSpot])).toEqual([
      [null, true],
      ["petition", false],
      ["commitment", false],
    ]);
    const [answered, asked, promised] = minutes.items;
    expect(answered.askedBy.village?.name).toBe("Thôn Đoài");
    expect(asked.askedBy.name).toBe("Phạm Văn Hỏi");
    expect(asked.petition).toMatchObject({ status: "received", trackingCode: expect.stringMatching(/^[2-9A-HJ-NP-Z]{12}$/) });
    expect(promised.commitment).toMatchObject({ owner: "Cán bộ commune_head", status: "open", percent: 0, late: false });

    const petition = await env.DB.prepare(
      "SELECT unit_code, status, kind, category, channel, submitted_at, title, anonymous, created_by FROM petitions WHERE id = ?",
    )
      .bind(asked.petition?.id)
      .first();
    expect(petition).toEqual({
      unit_code: units.commune,
      status: "received",
      kind: "recommendation",
      category: "chinh-sach",
      channel: "session",
      submitted_at: session.startsAt,
      title: "Hộ tôi chưa được nhận hỗ trợ hộ nghèo năm nay.",
      anonymous: 0,
      created_by: staff.id,
    });
    expect(await env.DB.prepare("SELECT name, address FROM petition_submitters WHERE petition_id = ?").bind(asked.petition?.id).first()).toEqual({
      name: "Phạm Văn Hỏi",
      address: "Thôn Đoài",
    });
    expect(await env.DB.prepare("SELECT action, to_status FROM petition_events WHERE petition_id = ?").bind(asked.petition?.id).all()).toMatchObject({
      results: [{ action: "submit", to_status: "received" }],
    });
    const commitment = await env.DB.prepare("SELECT session_id, item_id, owner_account_id, unit_code, status FROM commitments WHERE id = ?")
      .bind(promised.commitment?.id)
      .first();
    expect(commitment).toEqual({ session_id: session.id, item_id: promised.id, owner_account_id: head.id, unit_code: units.commune, status: "open" });
    // The officials' petition page is the ordinary one: the petition is one of the unit's.
    expect((await api("GET", `/api/v1/petitions/${asked.petition?.id}`, { token: staff.token })).status).toBe(200);
  });

  it("resent three times (no ids, no version) → one petition and one commitment per opinion", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const body = minutesBody(threeOpinions({ villageId }));
    const versions = [];
    for (let index = 0; index < 3; index++) versions.push((await putMinutesOk(head.token, session.id, body)).version);
    expect(versions).toEqual([1, 2, 3]);
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
    const events = await env.DB.prepare("SELECT action FROM commitment_events WHERE commitment_id IN (SELECT id FROM commitments WHERE session_id = ?)")
      .bind(session.id)
      .all<{ action: string }>();
    expect(events.results.map((event) => event.action)).toEqual(["create"]);
  });

  it("resent three times at once → still one of each (the others are told the minutes moved on)", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const body = minutesBody(threeOpinions({ villageId }));
    const responses = await Promise.all([
      putMinutes(staff.token, session.id, body),
      putMinutes(head.token, session.id, body),
      putMinutes(staff.token, session.id, body),
    ]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
    await putMinutesOk(head.token, session.id, body);
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
  });

  it("a resend by id updates the opinions and the commitment's terms; the petition stays as it was made", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const first = await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions()));
    const [answered, asked, promised] = first.items;
    const items = threeOpinions().map((item, index) => ({ ...item, id: first.items[index].id }));
    items[0].answer = "Khởi công ngày 15/5.";
    items[1].question = "Hộ tôi (thôn Đoài) chưa được hỗ trợ.";
    const commitment = items[2].commitment as { description: string };
    commitment.description = "Thay bóng đèn, dây điện và cột ngõ 5.";
    // A new opinion at the end, and the order kept.
    items.push({ question: "Thêm một ý kiến mới.", answer: "Đã ghi nhận.", answeredOnSpot: true } as never);
    const second = await putMinutesOk(staff.token, session.id, minutesBody(items, { version: first.version }));
    expect(second.items.map((item) => item.id).slice(0, 3)).toEqual([answered.id, asked.id, promised.id]);
    expect(second.items[0].answer).toBe("Khởi công ngày 15/5.");
    expect(second.items[2].commitment?.id).toBe(promised.commitment?.id);
    expect(second.items[3].question).toBe("Thêm một ý kiến mới.");
    expect(await env.DB.prepare("SELECT description FROM commitments WHERE id = ?").bind(promised.commitment?.id).first("description")).toBe(
      "Thay bóng đèn, dây điện và cột ngõ 5.",
    );
    expect(await env.DB.prepare("SELECT title FROM petitions WHERE id = ?").bind(asked.petition?.id).first("title")).toBe(
      "Hộ tôi chưa được nhận hỗ trợ hộ nghèo năm nay.",
    );
    const history = await env.DB.prepare("SELECT action FROM commitment_events WHERE commitment_id = ? ORDER BY id").bind(promised.commitment?.id).all();
    expect(history.results.map((event) => event.action)).toEqual(["create", "edit"]);
    // Leaving out an opinion with nothing after it removes it; a stale version is refused.
    const third = await putMinutesOk(staff.token, session.id, minutesBody(items.slice(1, 3), { version: second.version }));
    expect(third.items.map((item) => item.id)).toEqual([asked.id, promised.id]);
    expect(await problemOf(await putMinutes(staff.token, session.id, minutesBody(items.slice(1, 3), { version: second.version })))).toMatchObject({
      status: 409,
      code: "minutes.stale",
    });
  });

  it("what follows an opinion cannot change or be dropped", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const first = await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions()));
    const items = threeOpinions().map((item, index) => ({ ...item, id: first.items[index].id }));
    const swapped = items.map((item, index) =>
      index === 1
        ? { ...item, followUp: "commitment", petition: undefined, commitment: { owner: { name: "UBND xã" }, dueDate: "2099-01-01", description: "Xem xét." } }
        : item,
    );
    const refused = await problemOf(await putMinutes(staff.token, session.id, minutesBody(swapped)));
    expect(refused).toMatchObject({ status: 409, code: "minutes.follow_up_fixed" });
    expect(refused.errors?.[0].path).toBe("items.1.followUp");
    expect(await problemOf(await putMinutes(staff.token, session.id, minutesBody([items[0], items[2]])))).toMatchObject({
      status: 409,
      code: "minutes.item_has_follow_up",
    });
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
  });

  it("bad input is a 400 naming the field, and changes nothing", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const [answered, asked, promised] = threeOpinions({ ownerId: head.id });
    const cases: [unknown, string, string][] = [
      [[{ ...asked, followUp: undefined }], "items.0.followUp", "minutes.follow_up_required"],
      [[{ ...answered, followUp: "petition" }], "items.0.followUp", "minutes.follow_up_answered"],
      [[{ ...answered, answer: undefined }], "items.0.answer", "minutes.answer_required"],
      [[{ ...asked, petition: undefined }], "items.0.petition", "minutes.petition_required"],
      [[{ ...asked, petition: { kind: "mixed", category: "chinh-sach" } }], "items.0.petition.kind", "choice"],
      [[{ ...asked, petition: { kind: "complaint", category: "khong-co" } }], "items.0.petition.category", "category.unknown"],
      [[{ ...answered, askedBy: { villageId: crypto.randomUUID() } }], "items.0.askedBy.villageId", "session.village_invalid"],
      [
        [{ ...promised, commitment: { ...promised.commitment, owner: { accountId: otherHead.id } } }],
        "items.0.commitment.owner.accountId",
        "commitment.owner_invalid",
      ],
      [[{ ...promised, commitment: { ...promised.commitment, owner: {} } }], "items.0.commitment.owner", "commitment.owner_one_of"],
      [[{ ...promised, commitment: { ...promised.commitment, dueDate: "2020-01-01" } }], "items.0.commitment.dueDate", "commitment.due_before_session"],
      [[{ ...promised, commitment: { ...promised.commitment, dueDate: "2026-02-30" } }], "items.0.commitment.dueDate", "date.no_such_day"],
      [[{ ...answered, id: crypto.randomUUID() }], "items.0.id", "minutes.item_not_found"],
    ];
    for (const [items, path, code] of cases) {
      const problem = await problemOf(await putMinutes(staff.token, session.id, minutesBody(items as unknown[])));
      expect(problem.status, `${path} ${code}`).toBe(400);
      expect(problem.errors?.find((error) => error.path === path)?.code, JSON.stringify(problem.errors)).toBe(code);
    }
    expect(await problemOf(await putMinutes(staff.token, session.id, { ...minutesBody([]), attendance: -1 }))).toMatchObject({ status: 400 });
    expect(await followUpCounts(session)).toEqual({ petitions: 0, commitments: 0, items: 0 });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM session_minutes WHERE session_id = ?").bind(session.id).first("n")).toBe(0);
  });
});

describe("when and by whom", () => {
  it("from two hours before the start until the results are published", async () => {
    const early = await publishedSession(head.token, units.commune);
    expect(await problemOf(await putMinutes(staff.token, early.id, minutesBody([])))).toMatchObject({ status: 409, code: "minutes.closed" });
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    await putMinutesOk(staff.token, session.id, minutesBody([]));
    await heldSession(head.token, session.id);
    await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions()));
    await actOk(head.token, session.id, { action: "publish_results", summary: "Đã công khai." });
    expect(await problemOf(await putMinutes(staff.token, session.id, minutesBody([])))).toMatchObject({ status: 409, code: "minutes.closed" });
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
  });

  it("another commune's officials get 404, a supervisor reads but may not write, nobody signed in is 401", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions()));
    expect((await putMinutes(otherHead.token, session.id, minutesBody([]))).status).toBe(404);
    expect((await api("GET", `/api/v1/sessions/${session.id}/minutes`, { token: otherHead.token })).status).toBe(404);
    expect((await putMinutes(supervisor.token, session.id, minutesBody([]))).status).toBe(403);
    const read = await api("GET", `/api/v1/sessions/${session.id}/minutes`, { token: supervisor.token });
    expect(read.status).toBe(200);
    expect(roundTripsOf(read)).toBe(1);
    expect((await read.json<MinutesJson>()).items[1].askedBy.name).toBe("Phạm Văn Hỏi");
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'session.view_minutes' AND target_id = ?").bind(session.id).first("n"),
    ).toBe(1);
    expect((await api("PUT", `/api/v1/sessions/${session.id}/minutes`, { body: minutesBody([]) })).status).toBe(401);
  });
});

describe("a follow-up petition's deadline counts from the session's day, as any petition's", () => {
  it("10 working days across Tết Bính Ngọ: a session on 10/02/2026 → acknowledged by 03/03/2026", async () => {
    const title = uniqueTitle();
    const session = await book(head.token, sessionBody(units.commune, { title, startsAt: "2026-02-10T01:00:00.000Z", endsAt: "2026-02-10T04:00:00.000Z" }));
    expect(session.status).toBe("held");
    const minutes = await putMinutesOk(staff.token, session.id, minutesBody([threeOpinions()[1]]));
    const petition = await env.DB.prepare("SELECT acknowledge_by, due_on, submitted_at FROM petitions WHERE id = ?")
      .bind(minutes.items[0].petition?.id)
      .first();
    expect(petition).toEqual({ acknowledge_by: "2026-03-03", due_on: "2026-03-03", submitted_at: "2026-02-10T01:00:00.000Z" });
  });
});

describe("results are due 10 days after the session, counted over the seeded calendar", () => {
  it("across Tết and the New Year, shown on the session and flagged once missed", async () => {
    const recorded = async (day: string) =>
      book(head.token, sessionBody(units.commune, { title: uniqueTitle(), startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T03:00:00.000Z` }));
    const view = async (id: string) => (await api("GET", `/api/v1/sessions/${id}`, { token: head.token })).json<{ resultsDue: string; resultsLate: boolean }>();
    // 6/2/2026 + 10 = 16/2, in Tết Bính Ngọ (16–20/2 off), then a weekend → Monday 23/2.
    const tet = await recorded("2026-02-06");
    expect(await view(tet.id)).toMatchObject({ resultsDue: "2026-02-23" });
    // 22/12/2026 + 10 = 1/1/2027 (New Year's Day, a Friday) → Monday 4/1/2027.
    const newYear = await recorded("2026-12-22");
    expect((await view(newYear.id)).resultsDue).toBe("2027-01-04");
    // 21/1/2026 + 10 = Saturday 31/1 → Monday 2/2 (the month's end rolls into the next).
    const monthEnd = await recorded("2026-01-21");
    expect((await view(monthEnd.id)).resultsDue).toBe("2026-02-02");
  });

  it("the head's session page shows the due day, and says when it was missed", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    await heldSession(head.token, session.id, 20);
    const html = await (await api("GET", `/staff/sessions/${session.id}`, { headers: { cookie: `sid=${head.token}`, accept: "text/html" } })).text();
    expect(html).toMatch(/Đã quá hạn công khai kết quả \(hạn \d{2}\/\d{2}\/\d{4}\)\./);
    const fresh = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    await heldSession(head.token, fresh.id, 1);
    const due = await (await api("GET", `/staff/sessions/${fresh.id}`, { headers: { cookie: `sid=${head.token}`, accept: "text/html" } })).text();
    expect(due).toMatch(/Công khai kết quả trước hết ngày \d{2}\/\d{2}\/\d{4}\./);
  });
});
