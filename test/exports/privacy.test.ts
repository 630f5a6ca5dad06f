import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { getPage } from "../support/pages";
import { actOk, type Created, submit } from "../support/petitions";

// Whose identity each export, list and Open311 answer carries, for petitions that went through the real
// workflow: a plain recommendation, a denunciation, a feedback once classified as a denunciation, the parts of a
// letter split with a denunciation among them, an anonymous petition and one transferred to the neighbouring commune.

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let assignee: TestAccount;
let neighbour: TestAccount;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
const petitions: Record<string, Created> = {};
const parts: Record<string, string> = {};

const person = (name: string, digits: string) => ({
  name,
  phone: `09${digits}`,
  email: `${digits}@example.vn`,
  address: `Thôn ${name.split(" ").pop()}`,
  citizenId: `0341900${digits.slice(3)}`,
});
const PLAIN = person("Phạm Thị Công Khai", "11112222");
const DENOUNCER = person("Võ Văn Tố Giác", "22223333");
const RECLASSIFIED = person("Đỗ Thị Đổi Loại", "33334444");
const SPLITTER = person("Hà Văn Tách Đơn", "44445555");
const ANONYMOUS = person("Lý Thị Ẩn Danh", "55556666");
const MOVER = person("Mai Văn Chuyển", "66667777");
const PROTECTED = [DENOUNCER, RECLASSIFIED, SPLITTER];
const secretsOf = (who: typeof PLAIN) => [who.name, who.phone, who.email, who.citizenId];

type Item = { id: string; submitter: Record<string, string | null> | null };
async function exported(who: TestAccount, query = ""): Promise<Map<string, Item["submitter"]>> {
  const response = await api("GET", `/api/v1/exports/petitions.json${query}`, { token: who.token });
  expect(response.status, await response.clone().text()).toBe(200);
  const { items } = await response.json<{ items: Item[] }>();
  return new Map(items.map((item) => [item.id, item.submitter]));
}

const exportsBy = (who: TestAccount, action: string) =>
  env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE actor_id = ? AND action = ? AND target_type = 'unit'").bind(who.id, action).first<number>("n");

beforeAll(async () => {
  units = await makeUnits();
  [head, staff, assignee, neighbour, supervisor, otherSupervisor] = await Promise.all([
    makeAccount("commune_head", units.commune),
    makeAccount("commune_staff", units.commune),
    makeAccount("commune_staff", units.commune),
    makeAccount("commune_staff", units.otherCommune),
    makeAccount("supervisor", units.province),
    makeAccount("supervisor", units.otherProvince),
  ]);
  petitions.plain = await submit(units.commune, { kind: "recommendation", title: "Đèn đường hỏng", submitter: PLAIN });
  petitions.denunciation = await submit(units.commune, { kind: "denunciation", title: "Tố cáo lấn chiếm", submitter: DENOUNCER });
  petitions.reclassified = await submit(units.commune, { kind: "feedback", title: "Phản ánh thu tiền", submitter: RECLASSIFIED });
  petitions.letter = await submit(units.commune, { kind: "mixed", title: "Đơn nhiều nội dung", submitter: SPLITTER });
  petitions.anonymous = await submit(units.commune, { kind: "feedback", title: "Rác ở chợ", anonymous: true, submitter: ANONYMOUS });
  petitions.moved = await submit(units.commune, { kind: "recommendation", title: "Cầu ở xã bên", submitter: MOVER });
  await actOk(staff.token, petitions.reclassified.id, { action: "classify", kind: "denunciation" });
  await actOk(staff.token, petitions.reclassified.id, { action: "classify", kind: "feedback" });
  const split = await actOk(staff.token, petitions.letter.id, {
    action: "split",
    parts: [
      { kind: "denunciation", title: "Tố cáo trưởng thôn", content: "Trưởng thôn thu tiền không có biên lai, nhiều hộ đã nộp." },
      { kind: "feedback", title: "Đường hỏng ở thôn", content: "Đoạn đường trước nhà văn hóa hỏng nặng sau mùa mưa năm nay." },
    ],
  });
  for (const part of split.parts as { id: string; kind: string }[]) parts[part.kind] = part.id;
  await actOk(head.token, petitions.denunciation.id, { action: "assign", accountId: assignee.id });
  await actOk(staff.token, petitions.moved.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "Cầu thuộc địa bàn xã bên" });
});

describe("GET /api/v1/exports/petitions.json: whose identity", () => {
  it("a commune_staff not assigned sees plain submitters only: never a denouncer, a once-denunciation or any part of a split denunciation", async () => {
    const items = await exported(staff);
    expect(items.get(petitions.plain.id)).toMatchObject({ name: PLAIN.name, phone: PLAIN.phone, citizenId: PLAIN.citizenId });
    for (const id of [petitions.denunciation.id, petitions.reclassified.id, petitions.letter.id, parts.denunciation, parts.feedback]) {
      expect(items.has(id), id).toBe(true);
      expect(items.get(id), id).toBeNull();
    }
    expect(items.get(petitions.anonymous.id)).toBeNull();
    // Transferred away: the handling unit is now the neighbour, not this commune.
    expect(items.has(petitions.moved.id)).toBe(false);
  });

  it("the CSV of that staff holds no protected identity in any column", async () => {
    const text = await (await api("GET", "/api/v1/exports/petitions.csv", { token: staff.token })).text();
    expect(text).toContain(PLAIN.name);
    for (const secret of [...PROTECTED, ANONYMOUS, MOVER].flatMap(secretsOf)) expect(text).not.toContain(secret);
  });

  it("the assignee sees the denouncer assigned to them and no other; the head and the province's supervisor see every one", async () => {
    const mine = await exported(assignee);
    expect(mine.get(petitions.denunciation.id)).toMatchObject({ name: DENOUNCER.name, phone: DENOUNCER.phone });
    expect(mine.get(petitions.reclassified.id)).toBeNull();
    expect(mine.get(parts.feedback)).toBeNull();
    for (const who of [head, supervisor]) {
      const items = await exported(who, who === supervisor ? `?unit=${units.commune}` : "");
      expect(items.get(petitions.denunciation.id)?.name).toBe(DENOUNCER.name);
      expect(items.get(petitions.reclassified.id)?.name).toBe(RECLASSIFIED.name);
      expect(items.get(parts.denunciation)?.name).toBe(SPLITTER.name);
      expect(items.get(parts.feedback)?.name).toBe(SPLITTER.name);
      expect(items.get(petitions.anonymous.id)).toBeNull();
    }
  });

  it("a transferred petition's submitter goes with it: the new handling unit sees it, nobody else of the old one", async () => {
    const items = await exported(neighbour);
    expect(items.get(petitions.moved.id)).toMatchObject({ name: MOVER.name, phone: MOVER.phone });
    expect([...items.keys()]).toEqual([petitions.moved.id]);
    const province = await exported(supervisor);
    expect(province.get(petitions.moved.id)?.name).toBe(MOVER.name);
  });

  it("an anonymous petition stores no identity at all, so no export can carry one", async () => {
    const stored = await env.DB.prepare("SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ?")
      .bind(petitions.anonymous.id)
      .first();
    expect(Object.values(stored ?? {}).every((value) => value === null)).toBe(true);
  });

  it("outside the caller's reach: 404 for another commune or province, 401 without sign-in", async () => {
    for (const [who, query] of [
      [neighbour, `?unit=${units.commune}`],
      [staff, `?province=${units.province}`],
      [otherSupervisor, `?province=${units.province}`],
      [otherSupervisor, `?unit=${units.commune}`],
    ] as const) {
      const response = await api("GET", `/api/v1/exports/petitions.json${query}`, { token: who.token });
      expect(response.status, `${who.role} ${query}`).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await response.text()).not.toContain(PLAIN.name);
    }
    expect((await api("GET", "/api/v1/exports/petitions.json")).status).toBe(401);
  });

  it("every export is logged before a byte leaves, one row per download, naming the unit", async () => {
    const before = await exportsBy(head, "petition.export");
    await (await api("GET", "/api/v1/exports/petitions.csv", { token: head.token })).text();
    await (await api("GET", "/api/v1/exports/reception-book.json", { token: head.token })).text();
    expect(await exportsBy(head, "petition.export")).toBe((before ?? 0) + 1);
    const last = await env.DB.prepare("SELECT target_id, detail FROM audit_log WHERE actor_id = ? AND action = 'petition.export' ORDER BY id DESC LIMIT 1")
      .bind(head.id)
      .first<{ target_id: string; detail: string }>();
    expect(last?.target_id).toBe(units.commune);
    expect(JSON.parse(last?.detail ?? "{}")).toMatchObject({ format: "csv" });
    expect(await exportsBy(head, "reception_book.export")).toBeGreaterThanOrEqual(1);
  });

  it("private downloads are never stored by a cache: cache-control private, no-store", async () => {
    for (const path of ["petitions.csv", "petitions.xlsx", "reception-book.json", "sessions.csv", "commitments.json", "compliance.csv"]) {
      const response = await api("GET", `/api/v1/exports/${path}`, { token: head.token });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      await response.arrayBuffer();
    }
  });
});

describe("the inbox search never finds a protected identity by inference", () => {
  const found = async (who: TestAccount, q: string) => {
    const response = await api("GET", `/api/v1/petitions?q=${encodeURIComponent(q)}`, { token: who.token });
    expect(response.status).toBe(200);
    return (await response.json<{ items: { id: string }[] }>()).items.map((item) => item.id).sort();
  };

  it("a once-denunciation and the parts of a split denunciation: not by name or phone for a staff not assigned, by both for the head", async () => {
    for (const q of [RECLASSIFIED.name, RECLASSIFIED.phone, SPLITTER.name, SPLITTER.phone, DENOUNCER.name, DENOUNCER.phone]) {
      expect(await found(staff, q), q).toEqual([]);
    }
    expect(await found(head, RECLASSIFIED.phone)).toEqual([petitions.reclassified.id]);
    expect(await found(head, SPLITTER.name)).toEqual([petitions.letter.id, parts.denunciation, parts.feedback].sort());
    expect(await found(assignee, DENOUNCER.phone)).toEqual([petitions.denunciation.id]);
  });
});

describe("the lists behind the figures and Open311 carry no identity", () => {
  it("/oversight/petitions lists the commune's petitions without who sent them", async () => {
    const page = await getPage(`/oversight/petitions?unit=${units.commune}&from=2000-01-01`, head);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Đèn đường hỏng");
    for (const secret of [PLAIN, ...PROTECTED].flatMap(secretsOf)) expect(page.html).not.toContain(secret);
  });

  it("Open311 lists plain recommendations and feedback only: no denunciation, once-denunciation, split part or personal data", async () => {
    const response = await api("GET", `/open311/v2/requests.json?jurisdiction_id=${units.province}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const ids = (JSON.parse(text) as { service_request_id: string }[]).map((request) => request.service_request_id);
    expect(ids).toContain(petitions.plain.trackingCode);
    expect(ids).toContain(petitions.anonymous.trackingCode);
    for (const hidden of [petitions.denunciation, petitions.reclassified, petitions.letter]) expect(ids).not.toContain(hidden.trackingCode);
    const partCodes = await env.DB.prepare("SELECT tracking_code FROM petitions WHERE split_from = ?")
      .bind(petitions.letter.id)
      .all<{ tracking_code: string }>();
    for (const { tracking_code } of partCodes.results) expect(ids).not.toContain(tracking_code);
    for (const secret of [PLAIN, ...PROTECTED, ANONYMOUS, MOVER].flatMap(secretsOf)) expect(text).not.toContain(secret);
  });
});
