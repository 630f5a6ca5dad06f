/**
 * Issue 7's petition findings, each as it was found: a denouncer's identity leaking through reclassification,
 * transfers that strand a petition, anonymous petitions keeping identity, the photo cap under a race, and the page
 * feedback form without the API's throttle.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits, uniqueCode } from "../support/factory";
import { act, actOk, freshIp, PNG_BYTES, SUBMITTER, submit } from "../support/petitions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let assignee: TestAccount;
let supervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  assignee = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
});

type Detail = Record<string, any>;
const detail = async (token: string, id: string) => (await api("GET", `/api/v1/petitions/${id}`, { token })).json<Detail>();
const views = (id: string) =>
  env.DB.prepare("SELECT actor_id FROM audit_log WHERE action = 'petition.view_personal_data' AND target_id = ?").bind(id).all<{ actor_id: string }>();

describe("#1 a denouncer's identity stays protected whatever the petition becomes", () => {
  it("submitted as a denunciation, classified as feedback by staff: the reply and every later read hide it from staff", async () => {
    const created = await submit(units.commune, { kind: "denunciation" });
    const reply = await actOk(staff.token, created.id, { action: "classify", kind: "feedback" });
    expect(reply).toMatchObject({ kind: "feedback", identityProtected: true, submitter: null, submitterHidden: true });
    expect(JSON.stringify(reply)).not.toContain(SUBMITTER.phone);
    const later = await detail(staff.token, created.id);
    expect(later).toMatchObject({ submitter: null, submitterHidden: true });
    for (const value of [SUBMITTER.name, SUBMITTER.phone, SUBMITTER.citizenId]) expect(JSON.stringify(later)).not.toContain(value);
    const page = await (await api("GET", `/staff/petitions/${created.id}`, { headers: { cookie: `sid=${staff.token}` } })).text();
    expect(page).not.toContain(SUBMITTER.phone);
    // Only the officials DOMAIN.md allows: the head, the assignee, supervisors — each view logged.
    expect((await detail(head.token, created.id)).submitter.phone).toBe(SUBMITTER.phone);
    expect((await detail(supervisor.token, created.id)).submitter.citizenId).toBe(SUBMITTER.citizenId);
    await actOk(head.token, created.id, { action: "assign", accountId: assignee.id });
    expect((await detail(assignee.token, created.id)).submitter.name).toBe(SUBMITTER.name);
    await vi.waitFor(async () => expect((await views(created.id)).results).toHaveLength(4));
    expect((await views(created.id)).results.map((row) => row.actor_id).sort()).toEqual([head.id, head.id, supervisor.id, assignee.id].sort());
  });

  it("ever classified as a denunciation: classifying it back does not open it", async () => {
    const created = await submit(units.commune, { kind: "feedback" });
    expect((await detail(staff.token, created.id)).submitter.phone).toBe(SUBMITTER.phone);
    await actOk(head.token, created.id, { action: "classify", kind: "denunciation" });
    const back = await actOk(head.token, created.id, { action: "classify", kind: "recommendation" });
    expect((back.submitter as { phone: string }).phone).toBe(SUBMITTER.phone); // the head may see it
    expect(await detail(staff.token, created.id)).toMatchObject({ kind: "recommendation", identityProtected: true, submitter: null });
  });
});

describe("#2 a transfer cannot strand a petition", () => {
  it("only a current commune-level unit of the system is a valid toUnitCode; anything else is 400 on toUnitCode and changes nothing", async () => {
    const now = new Date().toISOString();
    const insert = env.DB.prepare(
      `INSERT INTO units (code, name, name_folded, level, parent_code, province_code, valid_from, valid_to, replaced_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const merged = uniqueCode("M");
    const ended = uniqueCode("E");
    const future = uniqueCode("F");
    const district = uniqueCode("D");
    await env.DB.batch([
      insert.bind(merged, "Xã đã sáp nhập", "xa da sap nhap", "commune", units.province, units.province, null, null, units.otherCommune, now, now),
      insert.bind(ended, "Xã đã giải thể", "xa da giai the", "commune", units.province, units.province, null, "2025-06-30", null, now, now),
      insert.bind(future, "Xã sắp thành lập", "xa sap thanh lap", "commune", units.province, units.province, "2099-01-01", null, null, now, now),
      insert.bind(district, "Huyện cũ", "huyen cu", "district", units.province, units.province, null, null, null, now, now),
    ]);
    const created = await submit(units.commune, { kind: "recommendation" });
    for (const toUnitCode of [units.province, units.otherProvince, merged, ended, future, district, "NOSUCH", units.commune]) {
      const response = await act(staff.token, created.id, { action: "transfer", toUnitCode, reason: "Thẩm quyền" });
      expect(response.status, toUnitCode).toBe(400);
      expect((await problemOf(response)).errors, toUnitCode).toMatchObject([{ path: "toUnitCode", code: "petition.receiving_unit_invalid" }]);
    }
    expect(await detail(staff.token, created.id)).toMatchObject({ status: "received", version: 1, unit: { code: units.commune } });
    expect((await actOk(staff.token, created.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "Thẩm quyền" })).status).toBe("transferred");
  });

  it("a denunciation is never transferred twice", async () => {
    const created = await submit(units.commune, { kind: "denunciation" });
    await actOk(staff.token, created.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "Thẩm quyền" });
    const receiver = await makeAccount("commune_staff", units.otherCommune);
    const again = await act(receiver.token, created.id, { action: "transfer", toUnitCode: units.otherProvinceCommune, reason: "Thẩm quyền" });
    expect(await problemOf(again)).toMatchObject({ status: 409, code: "petition.denunciation_transferred_once" });
    expect((await act(receiver.token, created.id, { action: "transfer", toBody: "Công an tỉnh", reason: "x" })).status).toBe(409);
    expect((await detail(receiver.token, created.id)).allowedActions).not.toContain("transfer");
  });
});

describe("#5 an anonymous petition stores no identity at all", () => {
  it("a name and phone sent with `anonymous: true` are neither stored nor returned", async () => {
    const created = await submit(units.commune, {
      kind: "feedback",
      anonymous: true,
      submitter: { name: "Trần Văn Ẩn", phone: "0987000111", email: "an@example.vn" },
    });
    const view = await detail(head.token, created.id);
    expect(view.anonymous).toBe(true);
    expect(view.submitter).toEqual({ name: null, phone: null, email: null, address: null, citizenId: null });
    expect(JSON.stringify(view)).not.toContain("0987000111");
    const row = await env.DB.prepare("SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ?").bind(created.id).first();
    expect(row).toEqual({ name: null, phone: null, email: null, address: null, citizen_id: null });
  });
});

describe("#6 the photo cap holds under a race", () => {
  it("five parallel uploads of three photos leave at most ten, and no photo in KV without its row", async () => {
    const created = await submit(units.commune);
    const upload = () => {
      const form = new FormData();
      for (let index = 0; index < 3; index++) form.append("photos", new File([PNG_BYTES], `p${index}.png`, { type: "image/png" }));
      return api("POST", `/api/v1/petitions/${created.id}/attachments`, { token: staff.token, rawBody: form });
    };
    const statuses = (await Promise.all(Array.from({ length: 5 }, upload))).map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 400)).toHaveLength(2);
    const rows = await env.DB.prepare("SELECT kv_key FROM petition_attachments WHERE petition_id = ?").bind(created.id).all<{ kv_key: string }>();
    expect(rows.results).toHaveLength(9);
    const keys = (await env.KV.list({ prefix: `photo:${created.id}:` })).keys.map((key) => key.name).sort();
    expect(keys).toEqual(rows.results.map((row) => row.kv_key).sort());
  });
});

describe("#8 the page feedback form is throttled like the API", () => {
  it("a throttled address gets 429 with Retry-After from the form as from the API, and changes nothing", async () => {
    const created = await submit(units.commune, { kind: "feedback" });
    await actOk(staff.token, created.id, { action: "accept" });
    await actOk(staff.token, created.id, { action: "start" });
    await actOk(head.token, created.id, { action: "answer", text: "Đã sửa." });
    const ip = freshIp();
    const headers = { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", "cf-connecting-ip": ip };
    const post = () =>
      api("POST", `/track/${created.trackingCode}/feedback`, {
        rawBody: new URLSearchParams({ satisfied: "false", comment: "Vẫn chưa sửa xong." }).toString(),
        headers,
      });
    // The address uses up the lookups (60 a minute) the API would allow it...
    for (let index = 0; index < 60; index++) {
      expect((await api("GET", `/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": ip } })).status).toBe(200);
    }
    // ...then the page's feedback form is refused like the API's, on the same page, and changes nothing.
    const throttled = await post();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(await throttled.text()).toContain("Tra cứu quá nhiều lần");
    const viaApi = await api("POST", `/api/v1/petitions/track/${created.trackingCode}/feedback`, {
      body: { satisfied: false, comment: "Vẫn chưa sửa xong." },
      headers: { "cf-connecting-ip": ip },
    });
    expect(viaApi.status).toBe(429);
    expect((await detail(staff.token, created.id)).status).toBe("answered");
  });
});
