import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { openPetitionsExport } from "../../src/exports/workflow";
import { Problem } from "../../src/lib/problem";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { insertManyPetitions, insertPetition } from "./fixtures";

const RESIDENT = { name: "Nguyễn Thị Bình", phone: "0912345678", email: "binh@example.vn", address: "Thôn Đông, xã An Khê", citizenId: "034190012345" };
const DENOUNCER = { name: "Trần Văn Tố", phone: "0987654321", address: "Thôn Tây" };

let units: TestUnits;
let staff: TestAccount;
let head: TestAccount;
let otherStaff: TestAccount;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
let admin: TestAccount;
const ids: Record<string, string> = {};

beforeAll(async () => {
  units = await makeUnits();
  [staff, head, otherStaff, supervisor, otherSupervisor, admin] = await Promise.all([
    makeAccount("commune_staff", units.commune),
    makeAccount("commune_head", units.commune),
    makeAccount("commune_staff", units.otherCommune),
    makeAccount("supervisor", units.province),
    makeAccount("supervisor", units.otherProvince),
    makeAccount("admin", null),
  ]);
  const commune = { unit: units.commune, province: units.province };
  // 01/03/2026 23:30 and 02/03/2026 00:30 in Hà Nội: either side of a local midnight.
  ids.late = await insertPetition({ ...commune, submittedAt: "2026-03-01T16:30:00.000Z", submitter: RESIDENT, title: "Đèn đường hỏng" });
  ids.formula = await insertPetition({
    ...commune,
    submittedAt: "2026-03-01T17:30:00.000Z",
    submitter: { name: '=HYPERLINK("http://evil.example","Bấm")', phone: "+84912345678" },
    title: "@SUM(1+1)",
    content: "-2+3 và một dòng\nthứ hai, có dấu phẩy",
  });
  ids.denunciation = await insertPetition({ ...commune, submittedAt: "2026-03-02T02:00:00.000Z", kind: "denunciation", submitter: DENOUNCER });
  ids.assigned = await insertPetition({
    ...commune,
    submittedAt: "2026-03-02T03:00:00.000Z",
    kind: "denunciation",
    submitter: DENOUNCER,
    assignedTo: staff.id,
    status: "accepted",
  });
  ids.anonymous = await insertPetition({ ...commune, submittedAt: "2026-03-03T03:00:00.000Z", kind: "feedback", submitter: null, dueOn: "9999-12-31" });
  ids.neighbour = await insertPetition({ unit: units.otherCommune, province: units.province, submittedAt: "2026-03-02T05:00:00.000Z", submitter: RESIDENT });
  ids.elsewhere = await insertPetition({ unit: units.otherProvinceCommune, province: units.otherProvince, submittedAt: "2026-03-02T05:00:00.000Z" });
});

type Item = { id: string; trackingCode: string; submitter: Record<string, string | null> | null; [key: string]: unknown };
const jsonExport = async (account: TestAccount, query = "") => {
  const response = await api("GET", `/api/v1/exports/petitions.json${query}`, { token: account.token });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { items: Item[] }).items;
};

describe("GET /api/v1/exports/petitions.{csv,xlsx,json}", () => {
  it("CSV: the unit's petitions oldest first, Vietnamese intact, formulas neutralised, a Vietnamese file name", async () => {
    const response = await api("GET", "/api/v1/exports/petitions.csv?from=2026-03-01&to=2026-03-31", { token: head.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe("Danh sách đơn - Xã An Khê - 01-03-2026 đến 31-03-2026.csv");
    expect(disposition).toContain('filename="Danh sach don - Xa An Khe - 01-03-2026 den 31-03-2026.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(new TextDecoder().decode(bytes), { bom: true });
    const header = records[0];
    const column = (name: string) => header.indexOf(name);
    expect(header.slice(0, 3)).toEqual(["Mã theo dõi", "Thời điểm nhận", "Đơn vị giải quyết"]);
    expect(records).toHaveLength(6); // header + five of this commune; the neighbour's and the other province's are not there
    const rows = records.slice(1);
    expect(rows.map((row) => row[column("Thời điểm nhận")])).toEqual([
      "01/03/2026 23:30",
      "02/03/2026 00:30",
      "02/03/2026 09:00",
      "02/03/2026 10:00",
      "03/03/2026 10:00",
    ]);
    expect(rows[0][column("Họ và tên người gửi")]).toBe("Nguyễn Thị Bình");
    expect(rows[0][column("Số CCCD/hộ chiếu")]).toBe("034190012345");
    expect(rows[0][column("Loại đơn")]).toBe("Kiến nghị");
    expect(rows[0][column("Trạng thái")]).toBe("Đã tiếp nhận");
    expect(rows[0][column("Lĩnh vực")]).toBe("Giao thông, hạ tầng");
    expect(rows[0][column("Số người")]).toBe("2");
    expect(rows[0][column("Hạn thông báo tiếp nhận")]).toBe("16/03/2026");
    expect(rows[1][column("Họ và tên người gửi")]).toBe(`'=HYPERLINK("http://evil.example","Bấm")`);
    expect(rows[1][column("Số điện thoại")]).toBe("'+84912345678");
    expect(rows[1][column("Tiêu đề")]).toBe("'@SUM(1+1)");
    expect(rows[1][column("Nội dung")]).toBe("'-2+3 và một dòng\nthứ hai, có dấu phẩy");
    expect(rows[4][column("Hạn đang áp dụng")]).toBe(""); // no deadline runs
    expect(rows[4][column("Họ và tên người gửi")]).toBe(""); // anonymous
  });

  it("takes from/to as Vietnam's local days", async () => {
    const onFirst = await jsonExport(staff, "?from=2026-03-01&to=2026-03-01");
    expect(onFirst.map((item) => item.id)).toEqual([ids.late]);
    const fromSecond = await jsonExport(staff, "?from=2026-03-02");
    expect(fromSecond.map((item) => item.id)).toEqual([ids.formula, ids.denunciation, ids.assigned, ids.anonymous]);
  });

  it("JSON: codes and instants for programs; a denouncer's identity only for the head, the assignee and supervisors", async () => {
    const byStaff = await jsonExport(staff);
    expect(byStaff.map((item) => item.id)).toEqual([ids.late, ids.formula, ids.denunciation, ids.assigned, ids.anonymous]);
    const item = (items: Item[], id: string) => items.find((candidate) => candidate.id === id)!;
    expect(item(byStaff, ids.late)).toMatchObject({
      unit: { code: units.commune, name: "Xã An Khê" },
      category: { code: "ha-tang", name: "Giao thông, hạ tầng" },
      kind: "recommendation",
      status: "received",
      submittedAt: "2026-03-01T16:30:00.000Z",
      submitter: RESIDENT,
    });
    expect(item(byStaff, ids.denunciation).submitter).toBeNull(); // not assigned to this official
    expect(item(byStaff, ids.assigned).submitter).toMatchObject({ name: DENOUNCER.name });
    expect(item(byStaff, ids.assigned).assignee).toEqual({ id: staff.id, name: "Cán bộ commune_staff" });
    expect(item(byStaff, ids.anonymous)).toMatchObject({ submitter: null, dueOn: null });

    const byHead = await jsonExport(head);
    expect(item(byHead, ids.denunciation).submitter).toMatchObject({ name: DENOUNCER.name });

    const bySupervisor = await jsonExport(supervisor);
    expect(bySupervisor.map((candidate) => candidate.id).sort()).toEqual(
      [ids.late, ids.formula, ids.denunciation, ids.assigned, ids.anonymous, ids.neighbour].sort(),
    );
    expect(item(bySupervisor, ids.denunciation).submitter).toMatchObject({ name: DENOUNCER.name });
    expect((await jsonExport(supervisor, `?unit=${units.otherCommune}`)).map((candidate) => candidate.id)).toEqual([ids.neighbour]);
  });

  it("the CSV leaves a hidden submitter's columns empty", async () => {
    const records: string[][] = parse(await (await api("GET", "/api/v1/exports/petitions.csv", { token: staff.token })).text(), { bom: true });
    const [header, ...rows] = records;
    const ordered = [ids.late, ids.formula, ids.denunciation, ids.assigned, ids.anonymous]; // oldest first
    const byTracking = (id: string) => rows[ordered.indexOf(id)];
    expect(rows).toHaveLength(ordered.length);
    const submitterColumns = ["Họ và tên người gửi", "Số điện thoại", "Email", "Địa chỉ", "Số CCCD/hộ chiếu"].map((name) => header.indexOf(name));
    // The denunciation not assigned to this official: every identity column empty; the assigned one: shown.
    expect(submitterColumns.map((index) => byTracking(ids.denunciation)[index])).toEqual(["", "", "", "", ""]);
    expect(submitterColumns.map((index) => byTracking(ids.assigned)[index])).toEqual([DENOUNCER.name, DENOUNCER.phone, "", DENOUNCER.address, ""]);
  });

  it("XLSX: opens in exceljs, dates as dates, numbers as numbers, Vietnamese sheet name", async () => {
    const response = await api("GET", "/api/v1/exports/petitions.xlsx", { token: head.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(decodeURIComponent((response.headers.get("content-disposition") ?? "").split("''")[1])).toBe("Danh sách đơn - Xã An Khê.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Danh sách đơn");
    expect(sheet.rowCount).toBe(6);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1);
    expect(cell(2, "Thời điểm nhận").value).toEqual(new Date("2026-03-01T23:30:00.000Z")); // wall-clock time in Hà Nội
    expect(cell(2, "Số người").value).toBe(2);
    expect(cell(2, "Hạn thông báo tiếp nhận").value).toEqual(new Date("2026-03-16T00:00:00.000Z"));
    expect(cell(3, "Họ và tên người gửi").value).toBe('=HYPERLINK("http://evil.example","Bấm")');
    expect(cell(3, "Họ và tên người gửi").type).toBe(ExcelJS.ValueType.String);
  });

  it("logs each export, with what was asked and how many rows", async () => {
    await api("GET", "/api/v1/exports/petitions.csv?from=2026-03-02", { token: head.token });
    const entry = await env.DB.prepare("SELECT action, target_type, target_id, detail FROM audit_log WHERE actor_id = ? ORDER BY id DESC LIMIT 1")
      .bind(head.id)
      .first<{ action: string; target_type: string; target_id: string; detail: string }>();
    expect(entry).toMatchObject({ action: "petition.export", target_type: "unit", target_id: units.commune });
    expect(JSON.parse(entry!.detail)).toMatchObject({ format: "csv", from: "2026-03-02", to: null, rows: 4 });
  });

  it("refuses what lies outside the caller's reach with 404, wrong roles with 403, no sign-in with 401", async () => {
    const status = async (account: TestAccount | null, query: string) =>
      (await api("GET", `/api/v1/exports/petitions.csv${query}`, account ? { token: account.token } : {})).status;
    expect(await status(otherStaff, `?unit=${units.commune}`)).toBe(404);
    expect(await status(staff, `?province=${units.province}`)).toBe(404);
    expect(await status(otherSupervisor, `?unit=${units.commune}`)).toBe(404);
    expect(await status(otherSupervisor, `?province=${units.province}`)).toBe(404);
    expect(await status(supervisor, `?province=${units.commune}`)).toBe(404); // not a province
    expect(await status(supervisor, "?unit=NO-SUCH-UNIT")).toBe(404);
    expect(await status(admin, "")).toBe(403);
    expect(await status(null, "")).toBe(401);
    expect((await api("GET", "/api/v1/exports/petitions.pdf", { token: staff.token })).status).toBe(404);
  });

  it("answers bad queries with 400 and the failing fields", async () => {
    const problem = async (query: string) => problemOf(await api("GET", `/api/v1/exports/petitions.csv${query}`, { token: supervisor.token }));
    expect((await problem("?from=2026-02-30")).errors).toEqual([expect.objectContaining({ path: "from", code: "date.no_such_day" })]);
    expect((await problem("?from=02/03/2026")).errors).toEqual([expect.objectContaining({ path: "from", code: "date.format" })]);
    expect((await problem("?from=2026-03-05&to=2026-03-01")).errors).toEqual([
      { path: "to", code: "exports.range_order", message: "Ngày kết thúc không được trước ngày bắt đầu." },
    ]);
    expect((await problem(`?unit=${units.commune}&province=${units.province}`)).errors).toEqual([
      expect.objectContaining({ path: "province", code: "exports.scope_both" }),
    ]);
    expect((await problem("?unit=bad code!")).status).toBe(400);
  });
});

describe("large exports", () => {
  let big: TestUnits;
  let bigStaff: TestAccount;
  beforeAll(async () => {
    big = await makeUnits();
    bigStaff = await makeAccount("commune_staff", big.commune);
    await insertManyPetitions(big.commune, big.province, 2_500, "2026-04-01T00:00:00.000Z", "big-");
  });

  it("stream across D1 pages: every row once, in order, in all three formats", async () => {
    const items = await jsonExport(bigStaff);
    expect(items).toHaveLength(2_500);
    expect(new Set(items.map((item) => item.id)).size).toBe(2_500);
    const keys = items.map((item) => `${item.submittedAt} ${item.id}`);
    expect(keys).toEqual([...keys].sort());

    const csv: string[][] = parse(await (await api("GET", "/api/v1/exports/petitions.csv", { token: bigStaff.token })).text(), { bom: true });
    expect(csv).toHaveLength(2_501);
    expect(csv[2_500][csv[0].indexOf("Tiêu đề")]).toBe("Rác thải chưa thu gom số 2500");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await api("GET", "/api/v1/exports/petitions.xlsx", { token: bigStaff.token })).arrayBuffer());
    expect(workbook.worksheets[0].rowCount).toBe(2_501);
  });

  it("are refused up front, not cut short, when they need more queries than the budget allows", async () => {
    const user = { id: bigStaff.id, email: bigStaff.email, name: "x", role: "commune_staff" as const, unitCode: big.commune, provinceCode: big.province };
    // A budget of 6 queries leaves 2 pages of 1,000 rows after the 4 fixed ones: 2,500 rows do not fit.
    const refused = await openPetitionsExport(env.DB, user, {}, { format: "csv", requestId: "t", budget: 6 }).catch((error) => error);
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ status: 400, errors: [{ path: "from", code: "exports.too_many_rows", params: { rows: 2_500, max: 2_000 } }] });
    // A narrower range fits: from 02/04 local (01/04 17:00 UTC, minute 1,020 of the series) on, 2,500 − 2,039 rows.
    const narrowed = await openPetitionsExport(env.DB, user, { from: "2026-04-02" }, { format: "csv", requestId: "t", budget: 6 });
    let rows = 0;
    for await (const page of narrowed.pages) rows += page.length;
    expect(narrowed.rows).toBe(461);
    expect(rows).toBe(461);
  });
});
