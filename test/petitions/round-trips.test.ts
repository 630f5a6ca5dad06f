import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, type Created, freshIp, PNG_BYTES, petitionBody, submit } from "../support/petitions";
import { expectRoundTrips } from "../support/round-trips";

// Every petitions route, API and page, against the budget: a read is one D1 round trip, a write at most two.
// Signed-in requests include the account check, which rides along with the first read.

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let created: Created;
const origin = "http://127.0.0.1";
const publicHeaders = () => ({ "cf-connecting-ip": freshIp() });
const cookie = (account: TestAccount) => ({ cookie: `sid=${account.token}`, origin });
const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
  created = await submit(units.commune);
});

describe("the petitions API", () => {
  it("submission: the context (with the idempotency record), then one guarded batch", async () => {
    expectRoundTrips(await api("POST", "/api/v1/petitions", { body: petitionBody(units.commune), headers: publicHeaders() }), 2);
    const key = { ...publicHeaders(), "idempotency-key": `key-${crypto.randomUUID()}` };
    expectRoundTrips(await api("POST", "/api/v1/petitions", { body: petitionBody(units.commune), headers: key }), 2);
    // A replay is answered from the context alone.
    expectRoundTrips(await api("POST", "/api/v1/petitions", { body: petitionBody(units.commune), headers: key }), 1);
    const walkIn = await api("POST", "/api/v1/petitions", { token: staff.token, body: petitionBody(units.commune, { channel: "walk_in" }) });
    expect(walkIn.status).toBe(201);
    expectRoundTrips(walkIn, 2);
    const form = new FormData();
    form.set("petition", JSON.stringify(petitionBody(units.commune)));
    form.append("photos", new File([PNG_BYTES], "a.png", { type: "image/png" }));
    expectRoundTrips(await api("POST", "/api/v1/petitions", { rawBody: form, headers: publicHeaders() }), 2);
  });

  it("invalid input costs no round trip", async () => {
    const response = await api("POST", "/api/v1/petitions", { body: petitionBody(units.commune, { title: "" }), headers: publicHeaders() });
    expect(response.status).toBe(400);
    expectRoundTrips(response, 0);
  });

  it("tracking: none from the snapshot, one from D1", async () => {
    const path = `/api/v1/petitions/track/${created.trackingCode}`;
    await env.KV.delete(`track:${created.trackingCode}`);
    expectRoundTrips(await api("GET", path, { headers: publicHeaders() }), 1);
    const view = await (await api("GET", path, { headers: publicHeaders() })).json();
    await env.KV.put(
      `track:${created.trackingCode}`,
      JSON.stringify({ view, calendarVersion: Number((await env.KV.get("calendar:deadlines-version")) ?? 0), calendar: { daysOff: [], workingDays: [] } }),
    );
    expectRoundTrips(await api("GET", path, { headers: publicHeaders() }), 0);
    expectRoundTrips(await api("GET", "/api/v1/petitions/track/ABCDEFGHJKLM", { headers: publicHeaders() }), 1);
  });

  it("the inbox: one, with or without a unit to check", async () => {
    expectRoundTrips(await api("GET", "/api/v1/petitions?status=received&q=duong", { token: staff.token }), 1);
    expectRoundTrips(await api("GET", `/api/v1/petitions?unit=${units.commune}`, { token: staff.token }), 1);
    expectRoundTrips(await api("GET", `/api/v1/petitions?unit=${units.otherCommune}`, { token: supervisor.token }), 1);
    const outOfReach = await api("GET", `/api/v1/petitions?unit=${units.otherProvinceCommune}`, { token: supervisor.token });
    expect(outOfReach.status).toBe(404);
    expectRoundTrips(outOfReach, 1);
  });

  it("a petition: one, its identity's audit entry written after the answer", async () => {
    const response = await api("GET", `/api/v1/petitions/${created.id}`, { token: head.token });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    expectRoundTrips(await api("GET", `/api/v1/petitions/${crypto.randomUUID()}`, { token: head.token }), 1);
  });

  it("an action: the context, then the guarded change with its history, audit entry and the new state", async () => {
    const petition = await submit(units.commune);
    expectRoundTrips(await api("POST", `/api/v1/petitions/${petition.id}/actions`, { token: staff.token, body: { action: "classify", kind: "feedback" } }), 2);
    expectRoundTrips(await api("POST", `/api/v1/petitions/${petition.id}/actions`, { token: staff.token, body: { action: "accept", version: 2 } }), 2);
    const stale = await api("POST", `/api/v1/petitions/${petition.id}/actions`, { token: staff.token, body: { action: "start", version: 2 } });
    expect(stale.status).toBe(409);
    expectRoundTrips(stale, 1);
    const assign = await api("POST", `/api/v1/petitions/${petition.id}/actions`, { token: head.token, body: { action: "assign", accountId: staff.id } });
    expect(assign.status).toBe(200);
    expectRoundTrips(assign, 2);
    const note = await api("POST", `/api/v1/petitions/${petition.id}/actions`, { token: staff.token, body: { action: "note", text: "Đã gọi điện." } });
    expectRoundTrips(note, 2);
  });

  it("feedback: the context, then the guarded change and the public view", async () => {
    const petition = await submit(units.commune, { kind: "feedback" });
    await actOk(staff.token, petition.id, { action: "accept" });
    await actOk(staff.token, petition.id, { action: "start" });
    await actOk(head.token, petition.id, { action: "answer", text: "Đã sửa." });
    const response = await api("POST", `/api/v1/petitions/track/${petition.trackingCode}/feedback`, { body: { satisfied: true }, headers: publicHeaders() });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 2);
  });

  it("photos: adding is two, viewing one (its audit entry after the answer)", async () => {
    const upload = new FormData();
    upload.append("photos", new File([PNG_BYTES], "a.png", { type: "image/png" }));
    const added = await api("POST", `/api/v1/petitions/${created.id}/attachments`, { token: staff.token, rawBody: upload });
    expect(added.status).toBe(201);
    expectRoundTrips(added, 2);
    const { items } = await added.json<{ items: { url: string }[] }>();
    const photo = await api("GET", items[0].url, { token: supervisor.token });
    expect(photo.status).toBe(200);
    expectRoundTrips(photo, 1);
  });
});

describe("the petitions pages", () => {
  it("the residents' form: one to show, two to send", async () => {
    // A visit without a form key is sent to a new form's address without reading anything.
    expectRoundTrips(await api("GET", "/petitions/new?unitq=an%20khe"), 0);
    expectRoundTrips(await api("GET", "/petitions/new?form=roundTripsForm00001&unitq=an%20khe"), 1);
    const fields = new FormData();
    for (const [name, value] of Object.entries({
      idempotencyKey: crypto.randomUUID(),
      unitCode: units.commune,
      category: "ha-tang",
      title: "Đèn đường hỏng",
      content: "Đèn đường đầu thôn hỏng ba tuần, tối đi lại nguy hiểm.",
      name: "Trần Thị E",
      phone: "0912345678",
      consent: "on",
    })) {
      fields.set(name, value);
    }
    const sent = await api("POST", "/petitions/new", { rawBody: fields, headers: { origin, ...publicHeaders() } });
    expect(sent.status).toBe(303);
    expectRoundTrips(sent, 2);
    // Sent again from the same form (Back): the context finds the petition the key made.
    const again = await api("POST", "/petitions/new", { rawBody: fields, headers: { origin, ...publicHeaders() } });
    expect(again.headers.get("location")).toBe(sent.headers.get("location"));
    expectRoundTrips(again, 1);
    const search = new FormData();
    for (const [name, value] of Object.entries({ idempotencyKey: crypto.randomUUID(), find: "unitCode", unitq: "an khe" })) search.set(name, value);
    const found = await api("POST", "/petitions/new", { rawBody: search, headers: { origin, ...publicHeaders() } });
    expect(found.status).toBe(200);
    expectRoundTrips(found, 1);
    fields.set("idempotencyKey", crypto.randomUUID());
    fields.set("title", "");
    const refused = await api("POST", "/petitions/new", { rawBody: fields, headers: { origin, ...publicHeaders() } });
    expect(refused.status).toBe(400);
    expectRoundTrips(refused, 1);
  });

  it("the page after sending: one, with where messages will go", async () => {
    const response = await api("GET", `/petitions/sent/${created.trackingCode}`, { headers: publicHeaders() });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
  });

  it("tracking pages: none from the snapshot, one from D1; the feedback form two", async () => {
    expectRoundTrips(await api("GET", "/track"), 0);
    expectRoundTrips(await api("GET", `/track?code=${created.trackingCode.toLowerCase()}`), 0);
    await env.KV.delete(`track:${created.trackingCode}`);
    expectRoundTrips(await api("GET", `/track/${created.trackingCode}`, { headers: publicHeaders() }), 1);
    const petition = await submit(units.commune, { kind: "feedback" });
    await actOk(staff.token, petition.id, { action: "accept" });
    await actOk(staff.token, petition.id, { action: "start" });
    await actOk(head.token, petition.id, { action: "answer", text: "Đã sửa." });
    const { rawBody, headers } = form({ satisfied: "false", comment: "Vẫn hỏng." });
    const sent = await api("POST", `/track/${petition.trackingCode}/feedback`, { rawBody, headers: { ...headers, origin } });
    expect(sent.status).toBe(303);
    expectRoundTrips(sent, 2);
  });

  it("staff pages: the inbox, the walk-in form and a petition are one; the forms two", async () => {
    expectRoundTrips(await api("GET", "/staff/petitions?status=received", { headers: cookie(staff) }), 1);
    expectRoundTrips(await api("GET", "/staff/petitions/new", { headers: cookie(staff) }), 1);
    expectRoundTrips(await api("GET", `/staff/petitions/${created.id}`, { headers: cookie(head) }), 1);
    // With a duplicate's search and a transfer's commune search, as the pickers ask for them.
    expectRoundTrips(await api("GET", `/staff/petitions/${created.id}?dupq=duong+ngap&toq=an+thai`, { headers: cookie(staff) }), 1);
    expectRoundTrips(await api("GET", `/staff/petitions/${created.id}?dupq=${created.trackingCode}`, { headers: cookie(staff) }), 1);
    // The inbox searched by words, name or code, and a supervisor's with the commune picker and one commune.
    for (const q of ["duong ngap", "nguyen thi binh", created.trackingCode]) {
      expectRoundTrips(await api("GET", `/staff/petitions?q=${encodeURIComponent(q)}`, { headers: cookie(staff) }), 1);
    }
    expectRoundTrips(await api("GET", "/staff/petitions", { headers: cookie(supervisor) }), 1);
    expectRoundTrips(await api("GET", `/staff/petitions?unit=${units.commune}&q=duong`, { headers: cookie(supervisor) }), 1);
    const walkIn = new FormData();
    for (const [name, value] of Object.entries({
      category: "dat-dai",
      title: "Tranh chấp ranh giới đất",
      content: "Hai hộ tranh chấp ranh giới thửa đất số 12.",
      name: "Lê Văn D",
      channel: "walk_in",
      consent: "on",
    })) {
      walkIn.set(name, value);
    }
    const recorded = await api("POST", "/staff/petitions/new", { rawBody: walkIn, headers: cookie(staff) });
    expect(recorded.status).toBe(303);
    expectRoundTrips(recorded, 2);
    const petition = await submit(units.commune);
    const { rawBody, headers } = form({ action: "note", version: "1", text: "Đã xác minh." });
    const acted = await api("POST", `/staff/petitions/${petition.id}/actions`, { rawBody, headers: { ...headers, ...cookie(staff) } });
    expect(acted.status).toBe(303);
    expectRoundTrips(acted, 2);
    // A stale form: the context shows the conflict, the page is drawn again with it.
    const stale = await api("POST", `/staff/petitions/${petition.id}/actions`, { rawBody, headers: { ...headers, ...cookie(staff) } });
    expect(stale.status).toBe(409);
    expectRoundTrips(stale, 2);
    // A search step of a form (the transfer's picker, the duplicate's search) only draws the page: one.
    for (const fields of [
      { action: "transfer", version: "2", find: "toUnitCode", toq: "an thai" } as Record<string, string>,
      { action: "mark_duplicate", version: "2", find: "of", dupq: "duong" },
    ]) {
      const step = form(fields);
      const drawn = await api("POST", `/staff/petitions/${petition.id}/actions`, { rawBody: step.rawBody, headers: { ...step.headers, ...cookie(staff) } });
      expect(drawn.status).toBe(200);
      expectRoundTrips(drawn, 1);
    }
  });
});

describe("notices after a form", () => {
  it("name only known actions; an unknown `done` shows none (it answered 500 before)", async () => {
    const known = await api("GET", `/staff/petitions/${created.id}?done=accept`, { headers: cookie(staff) });
    expect(await known.text()).toContain("Đã xong: Thụ lý đơn.");
    for (const done of ["bogus", "constructor", "__proto__", "overdue"]) {
      const response = await api("GET", `/staff/petitions/${created.id}?done=${done}`, { headers: cookie(staff) });
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain("Đã xong");
    }
  });
});
