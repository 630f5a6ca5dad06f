/**
 * Issue #7, items 1, 2, 4 (the form's idempotency key), 5, 6 and 8: each with the test that failed before.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits, uniqueCode } from "../support/factory";
import { act, actOk, freshIp, PNG_BYTES, petitionBody, SUBMITTER, submit } from "../support/petitions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
const origin = "http://127.0.0.1";

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
});

type Detail = { submitter: { name: string | null; phone: string | null } | null; submitterHidden: boolean; version: number };
const detail = async (token: string, id: string) => (await api("GET", `/api/v1/petitions/${id}`, { token })).json<Detail>();
const leaks = (body: string) => body.includes(SUBMITTER.phone) || body.includes(SUBMITTER.citizenId) || body.includes(SUBMITTER.name);

describe("a denouncer's identity stays protected once the petition was a denunciation (item 1)", () => {
  it("staff who classify a denunciation as feedback still do not see the submitter, in the reply or after", async () => {
    const petition = await submit(units.commune, { kind: "denunciation" });
    const reply = await act(staff.token, petition.id, { action: "classify", kind: "feedback", version: 1 });
    expect(reply.status).toBe(200);
    expect(leaks(await reply.text())).toBe(false);
    const seen = await detail(staff.token, petition.id);
    expect(seen.submitter).toBeNull();
    expect(seen.submitterHidden).toBe(true);
    expect(leaks(JSON.stringify(seen))).toBe(false);
    // Those DOMAIN.md allows still do.
    expect((await detail(head.token, petition.id)).submitter?.phone).toBe(SUBMITTER.phone);
    expect((await detail(supervisor.token, petition.id)).submitter?.phone).toBe(SUBMITTER.phone);
  });

  it("a petition classified as a denunciation once stays protected when classified back", async () => {
    const petition = await submit(units.commune, { kind: "feedback" });
    expect((await detail(staff.token, petition.id)).submitter?.phone).toBe(SUBMITTER.phone);
    await actOk(head.token, petition.id, { action: "classify", kind: "denunciation", version: 1 });
    await actOk(head.token, petition.id, { action: "classify", kind: "recommendation", version: 2 });
    expect((await detail(staff.token, petition.id)).submitter).toBeNull();
    const row = await env.DB.prepare("SELECT identity_protected FROM petitions WHERE id = ?").bind(petition.id).first<{ identity_protected: number }>();
    expect(row?.identity_protected).toBe(1);
  });

  it("the assignee sees it, as for any denunciation", async () => {
    const petition = await submit(units.commune, { kind: "denunciation" });
    await actOk(staff.token, petition.id, { action: "classify", kind: "feedback", version: 1 });
    await actOk(head.token, petition.id, { action: "assign", accountId: staff.id, version: 2 });
    expect((await detail(staff.token, petition.id)).submitter?.phone).toBe(SUBMITTER.phone);
  });
});

describe("transfer only to a commune-level unit in force (item 2)", () => {
  async function unit(fields: { level: string; parent: string; validTo?: string; replacedBy?: string; validFrom?: string }) {
    const code = uniqueCode("U");
    const now = new Date().toISOString();
    await env.DB.prepare(
      "INSERT INTO units (code, name, name_folded, level, parent_code, province_code, valid_from, valid_to, replaced_by, created_at, updated_at) VALUES (?, 'Đơn vị', 'don vi', ?, ?, ?, ?, ?, ?, ?, ?)",
    )
      .bind(code, fields.level, fields.parent, units.province, fields.validFrom ?? null, fields.validTo ?? null, fields.replacedBy ?? null, now, now)
      .run();
    return code;
  }

  it.each([
    ["a province", async () => units.province],
    ["a district", async () => unit({ level: "district", parent: units.province })],
    ["a merged commune", async () => unit({ level: "commune", parent: units.province, replacedBy: units.otherCommune })],
    ["a commune that ended", async () => unit({ level: "commune", parent: units.province, validTo: "2025-06-30" })],
    ["a commune not yet in force", async () => unit({ level: "commune", parent: units.province, validFrom: "2099-01-01" })],
    ["an unknown code", async () => "NOPE404"],
    ["its own unit", async () => units.commune],
  ])("refuses %s with 400 on toUnitCode and changes nothing", async (_name, target) => {
    const petition = await submit(units.commune, { kind: "recommendation" });
    const response = await act(head.token, petition.id, { action: "transfer", toUnitCode: await target(), reason: "Không thuộc thẩm quyền", version: 1 });
    expect(response.status).toBe(400);
    const problem = await response.json<{ errors: { path: string }[] }>();
    expect(problem.errors.map((error) => error.path)).toEqual(["toUnitCode"]);
    expect((await detail(head.token, petition.id)).version).toBe(1);
  });

  it("transfers to a commune in force, and a ward", async () => {
    const petition = await submit(units.commune, { kind: "recommendation" });
    expect((await act(head.token, petition.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "Thuộc xã bên", version: 1 })).status).toBe(200);
    const ward = await unit({ level: "ward", parent: units.province });
    const other = await submit(units.commune, { kind: "recommendation" });
    expect((await act(head.token, other.id, { action: "transfer", toUnitCode: ward, reason: "Thuộc phường", version: 1 })).status).toBe(200);
  });

  it("never transfers a denunciation twice", async () => {
    const petition = await submit(units.commune, { kind: "denunciation" });
    await actOk(head.token, petition.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "Thuộc xã bên", version: 1 });
    const otherHead = await makeAccount("commune_head", units.otherCommune);
    const again = await act(otherHead.token, petition.id, { action: "transfer", toUnitCode: units.commune, reason: "Trả lại", version: 2 });
    expect(again.status).toBe(409);
    expect((await again.json<{ code: string }>()).code).toBe("petition.denunciation_transferred_once");
  });
});

describe("an anonymous petition keeps no identity (item 5)", () => {
  it("stores and shows no name, phone, email, address or CCCD even when they were sent", async () => {
    const response = await api("POST", "/api/v1/petitions", {
      body: petitionBody(units.commune, { anonymous: true, kind: "feedback" }),
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(response.status).toBe(201);
    const { id } = await response.json<{ id: string }>();
    const row = await env.DB.prepare("SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ?").bind(id).first();
    expect(Object.values(row ?? {}).every((value) => value === null)).toBe(true);
    const seen = await api("GET", `/api/v1/petitions/${id}`, { token: head.token });
    expect(leaks(await seen.text())).toBe(false);
  });
});

describe("the photo cap holds under a race (item 6)", () => {
  it("five parallel uploads of 3 photos never pass 10", async () => {
    const petition = await submit(units.commune);
    const upload = () => {
      const form = new FormData();
      for (let index = 0; index < 3; index++) form.append("photos", new File([PNG_BYTES], `anh${index}.png`, { type: "image/png" }));
      return api("POST", `/api/v1/petitions/${petition.id}/attachments`, { token: staff.token, rawBody: form });
    };
    const statuses = (await Promise.all(Array.from({ length: 5 }, upload))).map((response) => response.status);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM petition_attachments WHERE petition_id = ?").bind(petition.id).first<{ n: number }>();
    expect(stored?.n).toBeLessThanOrEqual(10);
    expect(stored?.n).toBe(statuses.filter((status) => status === 201).length * 3);
    const keys = await env.KV.list({ prefix: `photo:${petition.id}:` });
    expect(keys.keys.length).toBe(stored?.n);
  });
});

describe("the page feedback form is throttled like the API (item 8)", () => {
  it("70 posts from one address: past the lookup limit they are 429 and change nothing", async () => {
    const petition = await submit(units.commune);
    const address = freshIp();
    const statuses: number[] = [];
    for (let index = 0; index < 70; index++) {
      const response = await api("POST", `/track/${petition.trackingCode}/feedback`, {
        rawBody: new URLSearchParams({ satisfied: "true" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin, "cf-connecting-ip": address, accept: "text/html" },
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(10);
    expect(statuses.every((status) => status < 500)).toBe(true);
  });
});

describe("the submission form's idempotency key is checked like the header (item 4)", () => {
  const formFields = (idempotencyKey: string) =>
    new URLSearchParams({
      unitCode: units.commune,
      category: "ha-tang",
      title: "Đường ngập sau mưa",
      content: "Đoạn đường liên thôn ngập sâu mỗi khi mưa lớn.",
      name: "Nguyễn Văn A",
      phone: "0912345678",
      consent: "on",
      idempotencyKey,
    }).toString();

  it.each([
    ["3 MiB", "k".repeat(3 * 1024 * 1024)],
    ["1 KiB with NULs", "a\u0000".repeat(512)],
    ["with a space inside", "abc def ghi"],
    ["too short", "abc"],
  ])("a %s key is a 400 page and stores nothing", async (_name, key) => {
    const before = await env.DB.prepare("SELECT (SELECT count(*) FROM petitions) + (SELECT count(*) FROM idempotency_keys) AS n").first<{ n: number }>();
    const response = await api("POST", "/petitions/new", {
      rawBody: formFields(key),
      headers: { "content-type": "application/x-www-form-urlencoded", origin, accept: "text/html", "cf-connecting-ip": freshIp() },
    });
    expect(response.status).toBe(400);
    const after = await env.DB.prepare("SELECT (SELECT count(*) FROM petitions) + (SELECT count(*) FROM idempotency_keys) AS n").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});
