import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addWorkingDays } from "../../src/holidays/rules";
import { loadCalendar } from "../../src/holidays/store";
import { localDay } from "../../src/lib/dates";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { freshIp, PNG_BYTES, petitionBody, petitionCount, SUBMITTER, submit } from "../support/petitions";

let units: TestUnits;
let staff: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  staff = await makeAccount("commune_staff", units.commune);
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  api("POST", "/api/v1/petitions", { body, headers: { "cf-connecting-ip": freshIp(), ...headers } });

describe("POST /api/v1/petitions", () => {
  it("receives a petition: tracking code, acknowledge-by in working days, rows in D1, a public snapshot in KV", async () => {
    const response = await post(petitionBody(units.commune));
    expect(response.status).toBe(201);
    const created = await response.json<{ id: string; trackingCode: string; status: string; kind: string | null; acknowledgeBy: string; version: number }>();
    expect(created.status).toBe("received");
    expect(created.version).toBe(1);
    expect(created.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    const today = localDay();
    expect(created.acknowledgeBy).toBe(addWorkingDays(today, 10, await loadCalendar(env.DB, today, "2100-01-01")));
    expect(created.kind).toBeNull();

    const row = await env.DB.prepare("SELECT unit_code, province_code, status, due_on, search_folded, channel FROM petitions WHERE id = ?")
      .bind(created.id)
      .first();
    expect(row).toMatchObject({
      unit_code: units.commune,
      province_code: units.province,
      status: "received",
      due_on: created.acknowledgeBy,
      channel: "online",
    });
    expect(row?.search_folded).toContain("duong ngap");
    expect(await env.DB.prepare("SELECT name, phone, citizen_id FROM petition_submitters WHERE petition_id = ?").bind(created.id).first()).toEqual({
      name: SUBMITTER.name,
      phone: SUBMITTER.phone,
      citizen_id: SUBMITTER.citizenId,
    });
    const events = await env.DB.prepare("SELECT action, to_status, actor_kind, public FROM petition_events WHERE petition_id = ?").bind(created.id).all();
    expect(events.results).toEqual([{ action: "submit", to_status: "received", actor_kind: "resident", public: 1 }]);
    // The snapshot is written after the answer (waitUntil).
    const snapshot = await vi.waitFor(async () => {
      const stored = await env.KV.get(`track:${created.trackingCode}`);
      expect(stored).toContain(created.trackingCode);
      return stored;
    });
    for (const value of Object.values(SUBMITTER)) expect(snapshot).not.toContain(value);
  });

  it("normalises +84 phones and accepts spaces in the citizen ID", async () => {
    const created = await submit(units.commune, { submitter: { name: "A", phone: "+84 912 345 679", citizenId: "034 190 012 346" } });
    const row = await env.DB.prepare("SELECT phone, citizen_id FROM petition_submitters WHERE petition_id = ?").bind(created.id).first();
    expect(row).toEqual({ phone: "0912345679", citizen_id: "034190012346" });
  });

  it("lets feedback be anonymous, never a denunciation", async () => {
    const anonymous = await post(petitionBody(units.commune, { anonymous: true, kind: "feedback", submitter: {} }));
    expect(anonymous.status).toBe(201);
    const denunciation = await post(petitionBody(units.commune, { anonymous: true, kind: "denunciation", submitter: {} }));
    expect(denunciation.status).toBe(400);
    expect((await problemOf(denunciation)).errors?.map((error) => error.path)).toContain("anonymous");
  });

  it.each([
    ["wrong types", { title: 42, consent: "yes" }, ["consent", "title"]],
    ["missing fields", { title: undefined, content: undefined, unitCode: undefined }, ["content", "title", "unitCode"]],
    ["oversize text", { content: "x".repeat(10_001) }, ["content"]],
    ["no consent", { consent: false }, ["consent"]],
    ["no name, no contact", { submitter: { address: "Thôn Đông" } }, ["submitter.name", "submitter.phone"]],
    ["a bad phone", { submitter: { ...SUBMITTER, phone: "12345" } }, ["submitter.phone"]],
    ["a bad citizen ID", { submitter: { ...SUBMITTER, citizenId: "999190012345" } }, ["submitter.citizenId"]],
    ["a citizen ID born in the future", { submitter: { ...SUBMITTER, citizenId: "034299012345" } }, ["submitter.citizenId"]],
    ["an unknown kind", { kind: "rumour" }, ["kind"]],
  ])("answers %s with 400 naming the fields and stores nothing", async (_, overrides, paths) => {
    const before = await petitionCount();
    const response = await post(petitionBody(units.commune, overrides));
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(paths);
    expect(await petitionCount()).toBe(before);
  });

  it("refuses an unknown commune, a province and an unknown category", async () => {
    const before = await petitionCount();
    for (const [overrides, path] of [
      [{ unitCode: "NOSUCH" }, "unitCode"],
      [{ unitCode: units.province }, "unitCode"],
      [{ category: "no-such" }, "category"],
    ] as const) {
      const problem = await problemOf(await post(petitionBody(units.commune, overrides)));
      expect(problem.errors?.[0].path).toBe(path);
    }
    expect(await petitionCount()).toBe(before);
  });

  it("answers malformed JSON and a wrong content type without storing", async () => {
    const before = await petitionCount();
    expect((await api("POST", "/api/v1/petitions", { rawBody: "{oops", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await api("POST", "/api/v1/petitions", { rawBody: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    expect(await petitionCount()).toBe(before);
  });
});

describe("Idempotency-Key", () => {
  it("returns the same petition for the same key and body, 422 for another body", async () => {
    const key = `key-${crypto.randomUUID()}`;
    const first = await post(petitionBody(units.commune), { "idempotency-key": key });
    expect(first.status).toBe(201);
    const created = await first.json<{ id: string; trackingCode: string }>();
    const replay = await post(petitionBody(units.commune), { "idempotency-key": key });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ id: created.id, trackingCode: created.trackingCode });
    const other = await post(petitionBody(units.commune, { title: "Một tiêu đề khác hẳn" }), { "idempotency-key": key });
    expect(other.status).toBe(422);
    await problemOf(other);
  });

  it("5 parallel requests with one key make exactly one petition", async () => {
    const key = `key-${crypto.randomUUID()}`;
    const before = await petitionCount();
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(petitionBody(units.commune), { "idempotency-key": key })));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(await Promise.all(responses.map(async (response) => (await response.json<{ id: string }>()).id)));
    expect(ids.size).toBe(1);
    expect(await petitionCount()).toBe(before + 1);
  });

  it("recognises a replay before throttling", async () => {
    const ip = freshIp();
    const key = `key-${crypto.randomUUID()}`;
    expect((await post(petitionBody(units.commune), { "idempotency-key": key, "cf-connecting-ip": ip })).status).toBe(201);
    for (let i = 0; i < 12; i++) await post(petitionBody(units.commune, { title: `Đơn số ${i} về đường` }), { "cf-connecting-ip": ip });
    expect((await post(petitionBody(units.commune, { title: "Đơn thêm nữa" }), { "cf-connecting-ip": ip })).status).toBe(429);
    expect((await post(petitionBody(units.commune), { "idempotency-key": key, "cf-connecting-ip": ip })).status).toBe(200);
  });
});

describe("throttling", () => {
  it("answers 429 with Retry-After past the per-client limit and stores nothing", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post(petitionBody(units.commune, { title: `Đơn thử số ${i}` }), { "cf-connecting-ip": ip })).status);
    expect(statuses.every((status) => status === 201)).toBe(true);
    const before = await petitionCount();
    const throttled = await post(petitionBody(units.commune), { "cf-connecting-ip": ip });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(await petitionCount()).toBe(before);
    expect((await post(petitionBody(units.commune), { "cf-connecting-ip": freshIp() })).status).toBe(201);
  });
});

describe("photos", () => {
  const multipart = (files: { bytes: Uint8Array; name: string; type: string }[], body = petitionBody(units.commune)) => {
    const form = new FormData();
    form.set("petition", JSON.stringify(body));
    for (const file of files) form.append("photos", new File([file.bytes], file.name, { type: file.type }));
    return api("POST", "/api/v1/petitions", { rawBody: form, headers: { "cf-connecting-ip": freshIp() } });
  };

  it("stores real images in KV, recorded in D1", async () => {
    const response = await multipart([{ bytes: PNG_BYTES, name: "a.png", type: "image/png" }]);
    expect(response.status).toBe(201);
    const { id } = await response.json<{ id: string }>();
    const attachment = await env.DB.prepare("SELECT kv_key, content_type, size FROM petition_attachments WHERE petition_id = ?")
      .bind(id)
      .first<{ kv_key: string; content_type: string; size: number }>();
    expect(attachment).toMatchObject({ content_type: "image/png", size: PNG_BYTES.length });
    const stored = new Uint8Array((await env.KV.get(attachment?.kv_key ?? "", "arrayBuffer")) ?? new ArrayBuffer(0));
    expect(stored).toEqual(PNG_BYTES);
  });

  it.each([
    ["a fake image (text named .jpg)", [{ bytes: new TextEncoder().encode("<?php echo 1; ?>"), name: "photo.jpg", type: "image/jpeg" }], "photos.0"],
    ["an oversize image", [{ bytes: new Uint8Array(2 * 1024 * 1024 + 1).fill(0xff), name: "big.jpg", type: "image/jpeg" }], "photos.0"],
    ["four photos", Array.from({ length: 4 }, () => ({ bytes: PNG_BYTES, name: "a.png", type: "image/png" })), "photos"],
  ])("refuses %s and stores nothing", async (_, files, path) => {
    const before = await petitionCount();
    const keysBefore = (await env.KV.list({ prefix: "photo:" })).keys.length;
    const response = await multipart(files);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0].path).toBe(path);
    expect(await petitionCount()).toBe(before);
    expect((await env.KV.list({ prefix: "photo:" })).keys.length).toBe(keysBefore);
  });

  it("refuses a multipart body whose petition field is not JSON", async () => {
    const form = new FormData();
    form.set("petition", "not json");
    const response = await api("POST", "/api/v1/petitions", { rawBody: form, headers: { "cf-connecting-ip": freshIp() } });
    expect((await problemOf(response)).errors?.[0].path).toBe("petition");
  });
});

describe("walk-in and letter reception", () => {
  it("staff record a walk-in with the reception-book fields", async () => {
    const response = await api("POST", "/api/v1/petitions", {
      token: staff.token,
      body: petitionBody(units.commune, {
        channel: "walk_in",
        peopleCount: 4,
        previouslyHandledBy: "UBND huyện Quỳnh Phụ",
        submitter: { name: "Trần Văn C", address: "Thôn Tây" },
      }),
    });
    expect(response.status).toBe(201);
    const { id } = await response.json<{ id: string }>();
    const row = await env.DB.prepare("SELECT channel, people_count, previously_handled_by, created_by FROM petitions WHERE id = ?").bind(id).first();
    expect(row).toEqual({ channel: "walk_in", people_count: 4, previously_handled_by: "UBND huyện Quỳnh Phụ", created_by: staff.id });
    const event = await env.DB.prepare("SELECT actor_kind, actor_id FROM petition_events WHERE petition_id = ?").bind(id).first();
    expect(event).toEqual({ actor_kind: "official", actor_id: staff.id });
  });

  it("refuses walk-ins from anonymous callers (403) and for another unit (404)", async () => {
    expect((await post(petitionBody(units.commune, { channel: "walk_in" }))).status).toBe(403);
    const other = await api("POST", "/api/v1/petitions", { token: staff.token, body: petitionBody(units.otherCommune, { channel: "letter" }) });
    expect(other.status).toBe(404);
  });
});

describe("GET /api/v1/petitions/track/:code", () => {
  it("shows status, history and due dates without personal data, from KV or D1", async () => {
    const created = await submit(units.commune);
    const response = await api("GET", `/api/v1/petitions/track/${created.trackingCode.toLowerCase().replace(/(.{4})/g, "$1-")}`, {
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(response.status).toBe(200);
    const view = await response.json<Record<string, unknown>>();
    expect(view).toMatchObject({
      trackingCode: created.trackingCode,
      status: "received",
      unitCode: units.commune,
      unitName: "Xã An Khê",
      acknowledgeBy: created.acknowledgeBy,
    });
    const text = JSON.stringify(view);
    for (const value of Object.values(SUBMITTER)) expect(text).not.toContain(value);

    await env.KV.delete(`track:${created.trackingCode}`);
    const fromD1 = await api("GET", `/api/v1/petitions/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": freshIp() } });
    expect(await fromD1.json()).toEqual(view);
    await vi.waitFor(async () => expect(await env.KV.get(`track:${created.trackingCode}`)).not.toBeNull());
  });

  it("answers 404 for an unknown code and 400 for a malformed one", async () => {
    expect((await api("GET", "/api/v1/petitions/track/ABCDEFGHJKLM", { headers: { "cf-connecting-ip": freshIp() } })).status).toBe(404);
    expect((await api("GET", "/api/v1/petitions/track/0000", { headers: { "cf-connecting-ip": freshIp() } })).status).toBe(400);
  });

  it("throttles lookups per client", async () => {
    const ip = freshIp();
    let status = 0;
    for (let i = 0; i < 61; i++) status = (await api("GET", "/api/v1/petitions/track/ABCDEFGHJKLM", { headers: { "cf-connecting-ip": ip } })).status;
    expect(status).toBe(429);
  });
});
