import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, problemOf, type TestAccount } from "../support/factory";
import { getPage, postForm } from "../support/pages";
import { insertReportPetition, insertUnits } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";

let P: string;
let Q: string;
let A: string;
let B: string;
let OLD: string;
let QC: string;
let admin: TestAccount;
let apiKey: string;
let clientId: string;
let otherKey: string;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
const petitionCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM petitions").first<number>("n")) ?? 0;

async function issue(name: string, provinceCode: string) {
  const response = await api("POST", "/api/v1/open311/clients", { token: admin.token, body: { name, provinceCode } });
  expect(response.status).toBe(201);
  return response.json<{ id: string; apiKey: string; keyHint: string; province: { code: string } }>();
}

beforeAll(async () => {
  [P, Q] = await insertUnits([
    { name: "Tỉnh Mở Dữ Liệu", level: "province" },
    { name: "Tỉnh Bên Kia", level: "province" },
  ]);
  [A, B, OLD, QC] = await insertUnits([
    { name: "Xã An Khê", parent: P },
    { name: "Phường Bình Minh", parent: P, level: "ward" },
    { name: "Xã Đã Sáp Nhập", parent: P, validTo: "2025-06-30" },
    { name: "Xã Bên Kia", parent: Q },
  ]);
  admin = await makeAccount("admin", null);
  const issued = await issue("Cổng thông tin tỉnh", P);
  apiKey = issued.apiKey;
  clientId = issued.id;
  otherKey = (await issue("Ứng dụng tỉnh bên kia", Q)).apiKey;
});

const validPost = (overrides: Record<string, string> = {}) => ({
  api_key: apiKey,
  jurisdiction_id: P,
  service_code: "ha-tang",
  description: "Đèn đường thôn Đông hỏng ba bóng\nĐã hai tuần chưa ai sửa, buổi tối rất tối.",
  "attribute[commune]": A,
  "attribute[consent]": "yes",
  first_name: "Bình",
  last_name: "Nguyễn Thị",
  phone: "+84912345678",
  email: "binh@example.vn",
  address_string: "Ngõ 3, thôn Đông",
  lat: "20.6464",
  long: "106.0511",
  ...overrides,
});

describe("Open311 discovery and services", () => {
  it("discovery in JSON and XML", async () => {
    const json = await (await api("GET", "/open311/v2/discovery.json")).json<Record<string, any>>();
    expect(json.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", url: "http://127.0.0.1/open311/v2" });
    const xml = await api("GET", "/open311/v2/discovery.xml");
    expect(xml.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await xml.text()).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery><changeset>.*<formats><format>application\/json<\/format><format>text\/xml<\/format><\/formats>/,
    );
  });

  it("the categories are the services; a service's definition lists the jurisdiction's communes in force, the kind and consent", async () => {
    const services = await api("GET", "/open311/v2/services.json");
    expectRoundTrips(services, 1);
    const list = await services.json<Record<string, unknown>[]>();
    expect(list).toContainEqual({
      service_code: "ha-tang",
      service_name: "Giao thông, hạ tầng",
      description: "Đường, cầu, cống, thoát nước, ngập úng, chiếu sáng",
      metadata: true,
      type: "realtime",
      keywords: "",
      group: "",
    });
    expect(await (await api("GET", "/open311/v2/services.xml")).text()).toContain("<services><service><service_code>");
    const definition = await api("GET", `/open311/v2/services/ha-tang.json?jurisdiction_id=${P}`);
    expectRoundTrips(definition, 1);
    const { attributes } = await definition.json<{ attributes: { code: string; required: boolean; values: { key: string; name: string }[] }[] }>();
    expect(attributes.map((attribute) => [attribute.code, attribute.required])).toEqual([
      ["commune", true],
      ["kind", false],
      ["consent", true],
    ]);
    expect(attributes[0].values).toEqual([
      { key: B, name: "Phường Bình Minh" },
      { key: A, name: "Xã An Khê" },
    ]);
    const xml = await (await api("GET", `/open311/v2/services/ha-tang.xml?jurisdiction_id=${P}`)).text();
    expect(xml).toContain(`<values><value><key>${B}</key><name>Phường Bình Minh</name></value><value><key>${A}</key><name>Xã An Khê</name></value></values>`);
    expect((await api("GET", `/open311/v2/services/khong-co.json?jurisdiction_id=${P}`)).status).toBe(404);
    expect((await api("GET", "/open311/v2/services/ha-tang.json")).status).toBe(400);
    const badFile = await api("GET", "/open311/v2/services/ha-tang.csv");
    expect(badFile.status).toBe(400);
    expect(badFile.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("POST /open311/v2/requests.{json,xml}", () => {
  it("creates a petition through the submission use case: tracking code as the id, a token, two round trips", async () => {
    const response = await api("POST", "/open311/v2/requests.json", { rawBody: form(validPost()), headers: formHeaders });
    expect(response.status, await response.clone().text()).toBe(201);
    expectRoundTrips(response, 2);
    const [created] = await response.json<{ service_request_id: string; token: string; service_notice: null; account_id: null }[]>();
    expect(created.service_request_id).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    const row = await env.DB.prepare("SELECT unit_code, category, kind, title, content, channel, status, anonymous FROM petitions WHERE id = ?")
      .bind(created.token)
      .first();
    expect(row).toEqual({
      unit_code: A,
      category: "ha-tang",
      kind: "feedback",
      title: "Đèn đường thôn Đông hỏng ba bóng",
      content: "Đèn đường thôn Đông hỏng ba bóng\nĐã hai tuần chưa ai sửa, buổi tối rất tối.\nĐịa điểm: Ngõ 3, thôn Đông\nTọa độ: 20.6464, 106.0511",
      channel: "online",
      status: "received",
      anonymous: 0,
    });
    const submitter = await env.DB.prepare("SELECT name, phone, email FROM petition_submitters WHERE petition_id = ?").bind(created.token).first();
    expect(submitter).toEqual({ name: "Nguyễn Thị Bình", phone: "0912345678", email: "binh@example.vn" });
    const token = await (await api("GET", `/open311/v2/tokens/${created.token}.json?jurisdiction_id=${P}`)).json();
    expect(token).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    const xml = await api("POST", "/open311/v2/requests.xml", {
      rawBody: form(validPost({ "attribute[kind]": "recommendation", first_name: "", last_name: "Lê Văn An", email: "", phone: "0987000111" })),
      headers: formHeaders,
    });
    expect(xml.status, await xml.clone().text()).toBe(201);
    expect(await xml.text()).toMatch(/^<\?xml[^>]*>\n<service_requests><request><service_request_id>[2-9A-Z]{12}<\/service_request_id><token>/);
  });

  it("without a name, phone or email: an anonymous feedback that stores no identity", async () => {
    const response = await api("POST", "/open311/v2/requests.json", {
      rawBody: form(validPost({ first_name: "", last_name: "", phone: "", email: "" })),
      headers: formHeaders,
    });
    expect(response.status).toBe(201);
    const [{ token }] = await response.json<{ token: string }[]>();
    expect(await env.DB.prepare("SELECT anonymous FROM petitions WHERE id = ?").bind(token).first("anonymous")).toBe(1);
    const stored = await env.DB.prepare("SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ?").bind(token).first();
    expect(Object.values(stored ?? {}).every((value) => value === null)).toBe(true);
  });

  it("refusals write nothing: unknown, revoked and foreign keys, a commune outside the jurisdiction, missing consent, an anonymous complaint", async () => {
    const before = await petitionCount();
    const refused = async (fields: Record<string, string>, status: number, path?: string) => {
      const response = await api("POST", "/open311/v2/requests.json", { rawBody: form(validPost(fields)), headers: formHeaders });
      expect(response.status, JSON.stringify(fields)).toBe(status);
      const problem = await problemOf(response);
      if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
      return problem;
    };
    expect((await refused({ api_key: "o311_not-a-key" }, 401)).code).toBe("open311.api_key_invalid");
    expect((await refused({ api_key: otherKey }, 403)).code).toBe("open311.jurisdiction_forbidden");
    await refused({ "attribute[commune]": QC }, 400, "attribute[commune]");
    await refused({ "attribute[commune]": OLD }, 400, "attribute[commune]");
    await refused({ "attribute[consent]": "" }, 400, "attribute[consent]");
    await refused({ "attribute[kind]": "complaint", first_name: "", last_name: "", phone: "", email: "" }, 400, "first_name");
    await refused({ description: "ngắn" }, 400, "description");
    await refused({ api_key: "" }, 400, "api_key");
    const missing = await api("POST", "/open311/v2/requests.json", { rawBody: form({ api_key: apiKey }), headers: formHeaders });
    expect(missing.status).toBe(400);
    expect(await petitionCount()).toBe(before);
  });

  it("a revoked key stops at once", async () => {
    const { id, apiKey: key } = await issue("Ứng dụng thử", P);
    const revoked = await api("DELETE", `/api/v1/open311/clients/${id}`, { token: admin.token });
    expect(revoked.status).toBe(200);
    expect((await revoked.json<{ revokedAt: string | null }>()).revokedAt).not.toBeNull();
    const response = await api("POST", "/open311/v2/requests.json", { rawBody: form(validPost({ api_key: key })), headers: formHeaders });
    expect(response.status).toBe(401);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE target_id = ? ORDER BY id").bind(id).all<{ action: string }>();
    expect(audit.results.map((row) => row.action)).toEqual(["open311.key_issue", "open311.key_revoke"]);
    expect((await api("DELETE", `/api/v1/open311/clients/${crypto.randomUUID()}`, { token: admin.token })).status).toBe(404);
  });
});

describe("GET /open311/v2/requests", () => {
  let listed: string;
  let complaint: string;
  beforeAll(async () => {
    listed = await insertReportPetition({
      unit: B,
      province: P,
      submittedAt: new Date(Date.now() - 86_400_000).toISOString(),
      acknowledgeBy: "2099-01-01",
      dueOn: "2099-01-01",
      kind: "feedback",
      title: "Rác thải chưa thu gom ở chợ",
      submitter: { name: "Người Gửi Bí Mật", phone: "0987654321" },
    });
    complaint = await insertReportPetition({
      unit: B,
      province: P,
      submittedAt: new Date(Date.now() - 86_400_000).toISOString(),
      acknowledgeBy: "2099-01-01",
      kind: "complaint",
      title: "Khiếu nại quyết định thu hồi đất",
    });
    await insertReportPetition({
      unit: B,
      province: P,
      submittedAt: "2020-01-01T00:00:00.000Z",
      acknowledgeBy: "2020-01-10",
      kind: "feedback",
      status: "resolved",
      title: "Một phản ánh cũ",
      answeredAt: "2020-01-05T00:00:00.000Z",
    });
  });

  it("lists the province's recommendations and feedback of the last 90 days, newest first, never personal data, one round trip", async () => {
    const response = await api("GET", `/open311/v2/requests.json?jurisdiction_id=${P}`);
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const text = await response.text();
    const requests = JSON.parse(text) as Record<string, unknown>[];
    const titles = requests.map((request) => request.description);
    expect(titles).toContain("Rác thải chưa thu gom ở chợ");
    expect(titles).toContain("Đèn đường thôn Đông hỏng ba bóng");
    expect(titles).not.toContain("Khiếu nại quyết định thu hồi đất");
    expect(titles).not.toContain("Một phản ánh cũ");
    for (const secret of ["Người Gửi Bí Mật", "0987654321", "0912345678", "binh@example.vn", "Nguyễn Thị Bình"]) expect(text).not.toContain(secret);
    const ours = requests.find((request) => request.description === "Rác thải chưa thu gom ở chợ");
    expect(ours).toMatchObject({
      status: "open",
      service_code: "ha-tang",
      service_name: "Giao thông, hạ tầng",
      agency_responsible: "Phường Bình Minh",
      address_id: B,
      expected_datetime: "2099-01-01T16:59:59.999Z",
      lat: null,
    });
    const dates = requests.map((request) => String(request.requested_datetime));
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it("filters by id, status, service and dates; XML too; one request by its id", async () => {
    const code = await env.DB.prepare("SELECT tracking_code FROM petitions WHERE id = ?").bind(listed).first<string>("tracking_code");
    const complaintCode = await env.DB.prepare("SELECT tracking_code FROM petitions WHERE id = ?").bind(complaint).first<string>("tracking_code");
    const byId = await (await api("GET", `/open311/v2/requests.json?jurisdiction_id=${P}&service_request_id=${code},${complaintCode}`)).json<unknown[]>();
    expect(byId).toHaveLength(1);
    const old = await (
      await api("GET", `/open311/v2/requests.json?jurisdiction_id=${P}&start_date=2019-12-01T00:00:00Z&end_date=2020-02-01T00:00:00%2B07:00&status=closed`)
    ).json<Record<string, unknown>[]>();
    expect(old.map((request) => [request.description, request.status])).toEqual([["Một phản ánh cũ", "closed"]]);
    expect(await (await api("GET", `/open311/v2/requests.json?jurisdiction_id=${P}&status=closed`)).json()).toEqual([]);
    expect(await (await api("GET", `/open311/v2/requests.json?jurisdiction_id=${P}&service_code=moi-truong`)).json()).toEqual([]);
    const xml = await (await api("GET", `/open311/v2/requests.xml?jurisdiction_id=${P}&service_request_id=${code}`)).text();
    expect(xml).toContain(`<service_requests><request><service_request_id>${code}</service_request_id><status>open</status>`);
    const one = await api("GET", `/open311/v2/requests/${code}.json`);
    expectRoundTrips(one, 1);
    expect(((await one.json()) as { description: string }[])[0].description).toBe("Rác thải chưa thu gom ở chợ");
    expect((await api("GET", `/open311/v2/requests/${code}.json?jurisdiction_id=${Q}`)).status).toBe(404);
    expect((await api("GET", "/open311/v2/requests.json")).status).toBe(400);
    expect((await api("GET", `/open311/v2/requests.json?jurisdiction_id=${P}&status=fixed`)).status).toBe(400);
    expect((await api("GET", `/open311/v2/requests.json?jurisdiction_id=NOPE`)).status).toBe(404);
  });

  it("a request looked up by its id (a tracking code) is throttled per address like the tracking page", async () => {
    const headers = { "cf-connecting-ip": "10.231.0.7" };
    const statuses: number[] = [];
    for (let lookup = 0; lookup < 60; lookup++) statuses.push((await api("GET", "/open311/v2/requests/ABCDEFGHJKLM.json", { headers })).status);
    expect(statuses.every((status) => status === 404)).toBe(true);
    const refused = await api("GET", "/open311/v2/requests/ABCDEFGHJKLM.json", { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("60");
    // Another address is not held up by it.
    expect((await api("GET", "/open311/v2/requests/ABCDEFGHJKLM.json", { headers: { "cf-connecting-ip": "10.231.0.8" } })).status).toBe(404);
  });
});

describe("the administrators' page of Open311 keys", () => {
  it("issues a key shown once, lists it by its last characters, revokes it after a confirmation", async () => {
    const person = await makeAccount("admin", null, { name: "Trần Quản Trị" });
    const issued = await postForm("/admin/open311", { name: "Ứng dụng Phường Xanh", provinceCode: P }, person);
    expect(issued.status).toBe(200);
    const key = issued.html.match(/<code class="big-code">(o311_[A-Za-z0-9_-]+)<\/code>/)?.[1] ?? "";
    expect(key).not.toBe("");
    const row = await env.DB.prepare("SELECT id, key_hint FROM open311_clients WHERE name = ?")
      .bind("Ứng dụng Phường Xanh")
      .first<{ id: string; key_hint: string }>();
    expect(row?.key_hint).toBe(key.slice(-4));
    const list = await getPage("/admin/open311", person);
    expect(list.html).not.toContain(key);
    expect(list.html).toContain(`<code>…${key.slice(-4)}</code>`);
    const question = await getPage(`/admin/open311/${row?.id}/revoke`, person);
    expect(question.text).toContain("Thu hồi khóa của Ứng dụng Phường Xanh?");
    const revoked = await postForm(`/admin/open311/${row?.id}/revoke`, {}, person);
    expect(revoked.status).toBe(303);
    expect((await getPage("/admin/open311?revoked=1", person)).text).toContain("Đã thu hồi khóa.");
    const refused = await postForm("/admin/open311", { name: "", provinceCode: "" }, person);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Nhập tên ứng dụng hoặc đơn vị dùng khóa.");
  });

  it("only administrators", async () => {
    const supervisor = await makeAccount("supervisor", P);
    expect((await api("GET", "/api/v1/open311/clients", { token: supervisor.token })).status).toBe(403);
    expect((await getPage("/admin/open311", supervisor)).status).toBe(403);
    expect(clientId).toBeTruthy();
  });
});
