import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, freshIp, PNG_BYTES, SUBMITTER, submit } from "../support/petitions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
const origin = "http://127.0.0.1";

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
});

const formBody = (fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type: string }[] = []) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const file of files) form.append("photos", new File([file.bytes], file.name, { type: file.type }));
  return form;
};

const residentFields = (overrides: Record<string, string> = {}) => ({
  idempotencyKey: crypto.randomUUID(),
  unitCode: units.commune,
  category: "ha-tang",
  kind: "recommendation",
  title: "Đèn đường hỏng",
  content: "Đèn đường đầu thôn hỏng ba tuần, tối đi lại nguy hiểm.",
  name: SUBMITTER.name,
  phone: SUBMITTER.phone,
  email: SUBMITTER.email,
  address: SUBMITTER.address,
  citizenId: SUBMITTER.citizenId,
  consent: "on",
  ...overrides,
});

describe("the residents' form (no JavaScript)", () => {
  it("lists communes found without diacritics", async () => {
    const page = await (await api("GET", "/petitions/new?form=pagesTestForm0001&unitq=an%20khe")).text();
    expect(page).toContain("Xã An Khê");
    expect(page).not.toContain("Xã An Thái");
  });

  it("submits with a photo and redirects to the page that says it was sent, with the code", async () => {
    const response = await api("POST", "/petitions/new", {
      rawBody: formBody(residentFields(), [{ name: "a.png", bytes: PNG_BYTES, type: "image/png" }]),
      headers: { origin, "cf-connecting-ip": freshIp() },
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/petitions\/sent\/[2-9A-HJ-NP-Z]{12}$/);
    const code = location.slice(-12);
    const row = await env.DB.prepare(
      "SELECT p.id, (SELECT count(*) FROM petition_attachments a WHERE a.petition_id = p.id) AS photos FROM petitions p WHERE tracking_code = ?",
    )
      .bind(code)
      .first<{ photos: number }>();
    expect(row?.photos).toBe(1);
    const page = await (await api("GET", location, { headers: { "cf-connecting-ip": freshIp() } })).text();
    expect(page).toContain(code.match(/.{4}/g)?.join("-"));
    expect(page).toContain("Đã gửi đơn");
  });

  it("a double-click (same form key) makes one petition", async () => {
    const fields = residentFields();
    const [first, second] = await Promise.all(
      [0, 1].map(() => api("POST", "/petitions/new", { rawBody: formBody(fields), headers: { origin, "cf-connecting-ip": freshIp() } })),
    );
    expect(first.headers.get("location")).toBe(second.headers.get("location"));
  });

  it("shows field errors, keeps what was typed and stores nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM petitions").first<{ n: number }>();
    const response = await api("POST", "/petitions/new", {
      rawBody: formBody(residentFields({ consent: "", phone: "123", title: "Đèn hỏng ở ngõ 5" })),
      headers: { origin, "cf-connecting-ip": freshIp() },
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain("Đèn hỏng ở ngõ 5");
    expect(page).toMatch(/id="phone"[^>]*aria-invalid="true"/);
    const after = await env.DB.prepare("SELECT count(*) AS n FROM petitions").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it("escapes what residents type", async () => {
    const created = await submit(units.commune, { title: "<script>alert('x')</script>", content: "<img src=x onerror=alert(1)> nội dung dài" });
    const page = await (await api("GET", `/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": freshIp() } })).text();
    expect(page).not.toContain("<script>alert('x')</script>");
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("personal data never reaches a public response or page", () => {
  it("scans every public route after a full life cycle", async () => {
    const created = await submit(units.commune, { kind: "complaint" });
    const bodies: string[] = [];
    const collect = async (method: string, path: string, body?: unknown) => {
      const response = await api(method, path, { body, headers: { "cf-connecting-ip": freshIp(), accept: "text/html" } });
      bodies.push(`${method} ${path} → ${response.status}\n${await response.text()}`);
    };
    await collect("GET", `/api/v1/petitions/track/${created.trackingCode}`);
    await collect("GET", `/track/${created.trackingCode}`);
    await actOk(staff.token, created.id, { action: "note", text: `Gọi cho ${SUBMITTER.name} theo số ${SUBMITTER.phone}` });
    await actOk(staff.token, created.id, { action: "accept" });
    await actOk(staff.token, created.id, { action: "start" });
    await actOk(head.token, created.id, { action: "answer", text: "UBND xã đã sửa đèn." });
    await env.KV.delete(`track:${created.trackingCode}`);
    await collect("GET", `/api/v1/petitions/track/${created.trackingCode}`);
    await collect("GET", `/track/${created.trackingCode}`);
    await collect("POST", `/api/v1/petitions/track/${created.trackingCode}/feedback`, { satisfied: false, comment: "Đèn lại hỏng" });
    await collect("GET", `/track/${created.trackingCode}`);
    await collect("GET", "/api/v1/units?limit=200");
    await collect("GET", "/api/v1/categories");
    await collect("GET", "/petitions/new?form=pagesTestForm0002");
    await collect("GET", `/petitions/sent/${created.trackingCode}`);
    await collect("GET", "/");
    await collect("GET", `/api/v1/petitions/${created.id}`);
    await collect("GET", `/staff/petitions/${created.id}`);
    const snapshot = await env.KV.get(`track:${created.trackingCode}`);
    bodies.push(`KV snapshot\n${snapshot}`);
    for (const body of bodies) {
      for (const value of Object.values(SUBMITTER)) expect(body, body.slice(0, 80)).not.toContain(value);
      expect(body).not.toContain(SUBMITTER.phone.slice(1));
    }
  });
});

describe("the staff pages", () => {
  const cookie = () => `sid=${staff.token}`;

  it("the inbox lists the unit's petitions with due badges; anonymous visitors go to sign-in", async () => {
    const created = await submit(units.commune, { title: "Cống tắc ở xóm Bắc" });
    const inbox = await (await api("GET", "/staff/petitions?q=cong%20tac", { headers: { cookie: cookie() } })).text();
    expect(inbox).toContain("Cống tắc ở xóm Bắc");
    expect(inbox).toContain(created.trackingCode.match(/.{4}/g)?.join("-"));
    expect((await api("GET", "/staff/petitions")).status).toBe(303);
  });

  it("an action form applies the action and redirects back; a stale form answers 409 with the page", async () => {
    const created = await submit(units.commune);
    const post = (fields: Record<string, string>) =>
      api("POST", `/staff/petitions/${created.id}/actions`, {
        rawBody: new URLSearchParams(fields).toString(),
        headers: { cookie: cookie(), origin, "content-type": "application/x-www-form-urlencoded" },
      });
    const done = await post({ action: "classify", version: "1", kind: "complaint", complexity: "especially_complex", remoteArea: "on" });
    expect(done.status).toBe(303);
    expect(await env.DB.prepare("SELECT kind, complexity, remote_area FROM petitions WHERE id = ?").bind(created.id).first()).toEqual({
      kind: "complaint",
      complexity: "especially_complex",
      remote_area: 1,
    });
    const stale = await post({ action: "accept", version: "1" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('role="alert"');
  });

  it("a walk-in recorded by staff lands in the unit with the reception-book fields", async () => {
    const response = await api("POST", "/staff/petitions/new", {
      rawBody: formBody({
        category: "dat-dai",
        kind: "complaint",
        title: "Tranh chấp ranh giới đất",
        content: "Hai hộ tranh chấp ranh giới thửa đất số 12.",
        name: "Lê Văn D",
        channel: "walk_in",
        peopleCount: "3",
        previouslyHandledBy: "Hòa giải thôn",
        consent: "on",
      }),
      headers: { cookie: cookie(), origin },
    });
    expect(response.status).toBe(303);
    const id = (response.headers.get("location") ?? "").split("/")[3].split("?")[0];
    expect(await env.DB.prepare("SELECT unit_code, channel, people_count, created_by FROM petitions WHERE id = ?").bind(id).first()).toEqual({
      unit_code: units.commune,
      channel: "walk_in",
      people_count: 3,
      created_by: staff.id,
    });
  });

  it("another unit's petition is a 404 page", async () => {
    const foreign = await submit(units.otherCommune);
    const response = await api("GET", `/staff/petitions/${foreign.id}`, { headers: { cookie: cookie(), accept: "text/html" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
  });
});
