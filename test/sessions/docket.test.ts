import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { submit } from "../support/petitions";
import { actOk, publishedSession, registerFor, roundTrips } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let otherStaff: TestAccount;
let supervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherStaff = await makeAccount("commune_staff", units.otherCommune);
  supervisor = await makeAccount("supervisor", units.province);
});

const add = (token: string, id: string, body: Record<string, unknown>) => api("POST", `/api/v1/sessions/${id}/docket`, { token, body });

describe("the docket", () => {
  it("takes a petition of the unit, a registrant's question and an official's question; the public sees no names", async () => {
    const session = await publishedSession(head.token, units.commune);
    const petition = await submit(units.commune, { title: "Cống thoát nước thôn Bắc bị tắc" });
    const registered = await (await registerFor(session.id, { name: "Hà Văn Tên", question: "Bao giờ có điện chiếu sáng?" })).json<{
      registrationCode: string;
    }>();
    const fromPetition = await add(staff.token, session.id, { petitionId: petition.id });
    expect(fromPetition.status).toBe(201);
    expect(roundTrips(fromPetition)).toBe(2);
    expect(await fromPetition.json()).toMatchObject({
      source: "petition",
      question: "Cống thoát nước thôn Bắc bị tắc",
      petitionId: petition.id,
      petitionStatus: "received",
    });
    const fromRegistration = await add(head.token, session.id, { registrationCode: registered.registrationCode });
    expect(await fromRegistration.json()).toMatchObject({ source: "registration", question: "Bao giờ có điện chiếu sáng?", askedBy: "Hà Văn Tên" });
    expect((await add(staff.token, session.id, { question: "Kế hoạch nạo vét kênh?" })).status).toBe(201);

    const publicDocket = await api("GET", `/api/v1/sessions/${session.id}/docket`);
    expect(roundTrips(publicDocket)).toBe(1);
    const items = (await publicDocket.json<{ items: Record<string, unknown>[] }>()).items;
    expect(items.map((item) => item.question)).toEqual(["Cống thoát nước thôn Bắc bị tắc", "Bao giờ có điện chiếu sáng?", "Kế hoạch nạo vét kênh?"]);
    const text = JSON.stringify(items);
    expect(text).not.toContain("Hà Văn Tên");
    expect(text).not.toContain(petition.id);
    expect(text).not.toContain(petition.trackingCode);
    const officialView = await (await api("GET", `/api/v1/sessions/${session.id}/docket`, { token: supervisor.token })).json<{
      items: Record<string, unknown>[];
    }>();
    expect(officialView.items[1]).toMatchObject({ askedBy: "Hà Văn Tên" });
  });

  it("refuses duplicates, foreign petitions, unknown codes, questions-less registrations and bad bodies", async () => {
    const session = await publishedSession(head.token, units.commune);
    const petition = await submit(units.commune);
    const foreign = await submit(units.otherCommune);
    expect((await add(staff.token, session.id, { petitionId: petition.id })).status).toBe(201);
    const again = await add(staff.token, session.id, { petitionId: petition.id });
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe("docket.duplicate");
    const other = await add(staff.token, session.id, { petitionId: foreign.id });
    expect((await problemOf(other)).errors?.[0]).toMatchObject({ path: "petitionId", code: "docket.petition_invalid" });
    const silent = await (await registerFor(session.id)).json<{ registrationCode: string }>();
    expect((await problemOf(await add(staff.token, session.id, { registrationCode: silent.registrationCode }))).errors?.[0].code).toBe("docket.no_question");
    expect((await problemOf(await add(staff.token, session.id, { registrationCode: "ABCDE-23456" }))).errors?.[0].code).toBe("registration.not_found");
    expect((await problemOf(await add(staff.token, session.id, { question: "a", petitionId: petition.id }))).errors?.[0].code).toBe("docket.one_of");
    expect((await problemOf(await add(staff.token, session.id, {}))).errors?.[0].code).toBe("docket.one_of");
  });

  it("is kept by the unit's head and staff only, and closes once results are published", async () => {
    const session = await publishedSession(head.token, units.commune);
    expect((await add(supervisor.token, session.id, { question: "?" })).status).toBe(403);
    expect((await add(otherStaff.token, session.id, { question: "?" })).status).toBe(404);
    const created = await (await add(staff.token, session.id, { question: "Bỏ đi" })).json<{ id: string }>();
    expect((await api("DELETE", `/api/v1/sessions/${session.id}/docket/${created.id}`, { token: otherStaff.token })).status).toBe(404);
    const removed = await api("DELETE", `/api/v1/sessions/${session.id}/docket/${created.id}`, { token: head.token });
    expect(removed.status).toBe(204);
    expect((await api("DELETE", `/api/v1/sessions/${session.id}/docket/${created.id}`, { token: head.token })).status).toBe(404);
    await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 60_000).toISOString(), session.id)
      .run();
    await actOk(head.token, session.id, { action: "mark_held" });
    expect((await add(staff.token, session.id, { question: "Sau hội nghị" })).status).toBe(201);
    await actOk(head.token, session.id, { action: "publish_results", summary: "Xong." });
    const closed = await add(staff.token, session.id, { question: "Muộn" });
    expect(closed.status).toBe(409);
    expect((await problemOf(closed)).code).toBe("docket.closed");
  });
});
