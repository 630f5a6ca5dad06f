import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { commitmentPageQuery, countCommitmentsQuery } from "../../src/exports/commitment-store";
import { api, makeAccount, problemOf, type TestAccount } from "../support/factory";
import { queryPlan } from "../support/query-plan";
import { insertCommitment, insertMinutesItem, insertSession, insertUnits } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";

let P: string;
let Q: string;
let A: string;
let B: string;
let C: string;
let staffA: TestAccount;
let headA: TestAccount;
let staffB: TestAccount;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
const ASKER = "Nguyễn Văn Hỏi";
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [P, Q] = await insertUnits([
    { name: "Tỉnh Cam Kết", level: "province" },
    { name: "Tỉnh Khác Nữa", level: "province" },
  ]);
  [A, B, C] = await insertUnits([
    { name: "Xã Yên Mỹ", parent: P },
    { name: "Xã Ân Thi", parent: P },
    { name: "Xã Cẩm Giàng", parent: Q },
  ]);
  [staffA, headA, staffB, supervisor, otherSupervisor] = await Promise.all([
    makeAccount("commune_staff", A),
    makeAccount("commune_head", A),
    makeAccount("commune_staff", B),
    makeAccount("supervisor", P),
    makeAccount("supervisor", Q),
  ]);
  const made = async (
    unit: string,
    province: string,
    startsAt: string,
    terms: { question: string; description: string; dueOn: string } & Record<string, unknown>,
  ) => {
    const session = await insertSession({ unit, province, chair: headA.id, startsAt, title: "Đối thoại với Nhân dân năm 2026" });
    const item = await insertMinutesItem({ session, position: 0, question: terms.question, followUp: "commitment", askedByName: ASKER });
    return insertCommitment({ unit, province, session, item, createdBy: headA.id, ...terms });
  };
  await made(A, P, "2026-02-02T01:00:00.000Z", {
    question: "Đường liên thôn Đông Xá xuống cấp, khi nào sửa?",
    description: "Sửa đường liên thôn Đông Xá trước mùa mưa",
    dueOn: "2026-04-30",
    status: "done",
    doneAt: "2026-05-02T03:00:00.000Z",
    late: true,
  });
  await made(A, P, "2026-02-02T01:00:00.000Z", {
    question: "+SUM(1,2) nước sạch",
    description: '=HYPERLINK("http://x","Bấm")',
    dueOn: "2026-03-15",
    status: "in_progress",
    percent: 30,
    ownerAccount: staffA.id,
  });
  await made(A, P, "2026-02-02T01:00:00.000Z", { question: "Trường mầm non", description: "Xây thêm phòng học", dueOn: "2099-06-30" });
  await made(B, P, "2026-03-01T01:00:00.000Z", { question: "Chợ tạm", description: "Dời chợ tạm", dueOn: "2026-06-01", ownerName: "Ban quản lý chợ" });
  await made(C, Q, "2026-03-01T01:00:00.000Z", { question: "Khác tỉnh", description: "Không thuộc tỉnh", dueOn: "2026-06-01" });
});

const csvOf = async (response: Response) => parse(new TextDecoder().decode(await response.arrayBuffer()), { bom: true }) as string[][];
const column = (records: string[][], name: string) => records.slice(1).map((row) => row[records[0].indexOf(name)]);

type RawCommitment = {
  description: string;
  question: string;
  due_on: string;
  status: string;
  percent: number;
  late: number;
  done_at: string | null;
  unit_code: string;
};
/** The raw rows of some units, in the export's order (due day, id). */
async function rawCommitments(units: string[]): Promise<RawCommitment[]> {
  const { results } = await env.DB.prepare(
    `SELECT c.description, i.question, c.due_on, c.status, c.percent, c.late, c.done_at, c.unit_code FROM commitments c JOIN minutes_items i ON i.id = c.item_id
     WHERE c.unit_code IN (${units.map(() => "?").join(", ")}) ORDER BY c.due_on, c.id`,
  )
    .bind(...units)
    .all<RawCommitment>();
  return results;
}
const local = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
const missed = (row: RawCommitment) => row.late === 1 || (row.status === "done" ? row.done_at !== null && local(row.done_at) > row.due_on : row.due_on < today);

describe("GET /api/v1/exports/commitments.{csv,xlsx,json}", () => {
  it("CSV: the unit's commitments by due day, as the raw rows say, Vietnamese intact, formulas neutralised, nobody who asked named", async () => {
    const response = await api("GET", "/api/v1/exports/commitments.csv", { token: staffA.token });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 2);
    expect(decodeURIComponent(response.headers.get("content-disposition")?.split("filename*=UTF-8''")[1] ?? "")).toBe(
      "Danh sách cam kết sau đối thoại - Xã Yên Mỹ.csv",
    );
    const records = await csvOf(response);
    const raw = await rawCommitments([A]);
    const neutral = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
    expect(column(records, "Nội dung cam kết")).toEqual(raw.map((row) => neutral(row.description)));
    expect(column(records, "Ý kiến của Nhân dân")).toEqual(raw.map((row) => neutral(row.question)));
    expect(column(records, "Hạn hoàn thành")).toEqual(raw.map((row) => row.due_on.split("-").reverse().join("/")));
    expect(column(records, "Trễ hạn")).toEqual(raw.map((row) => (missed(row) ? "Có" : "Không")));
    expect(column(records, "Tiến độ (%)")).toEqual(raw.map((row) => String(row.percent)));
    expect(column(records, "Nội dung cam kết")).toContain(`'=HYPERLINK("http://x","Bấm")`);
    expect(column(records, "Ý kiến của Nhân dân")).toContain("'+SUM(1,2) nước sạch");
    expect(column(records, "Tình trạng")).toEqual(["Đang thực hiện", "Đã hoàn thành", "Chưa thực hiện"]);
    expect(column(records, "Ngày hoàn thành")).toEqual(["", "02/05/2026", ""]);
    expect(column(records, "Ngày hội nghị")).toEqual(["02/02/2026", "02/02/2026", "02/02/2026"]);
    expect(JSON.stringify(records)).not.toContain(ASKER);
    const logged = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'commitment.export' AND actor_id = ?")
      .bind(staffA.id)
      .first<{ n: number }>();
    expect(logged?.n).toBeGreaterThan(0);
  });

  it("XLSX opens with exceljs: the same rows, text as text (never a formula), progress as numbers and due days as dates", async () => {
    const response = await api("GET", `/api/v1/exports/commitments.xlsx?province=${P}`, { token: supervisor.token });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const raw = await rawCommitments([A, B]);
    expect(sheet.rowCount).toBe(raw.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1).value;
    raw.forEach((row, index) => {
      expect(cell(index + 2, "Nội dung cam kết")).toBe(row.description);
      expect(sheet.getRow(index + 2).getCell(header.indexOf("Nội dung cam kết") + 1).formula).toBeUndefined();
      expect(cell(index + 2, "Tiến độ (%)")).toBe(row.percent);
      expect(cell(index + 2, "Hạn hoàn thành")).toBeInstanceOf(Date);
    });
    expect(cell(raw.length + 1, "Đơn vị")).toBe("Xã Yên Mỹ");
    expect(JSON.stringify(sheet.getSheetValues())).not.toContain(ASKER);
  });

  it("JSON: items recomputed from the raw rows, the due-day range, the owner by name", async () => {
    const response = await api("GET", `/api/v1/exports/commitments.json?province=${P}&from=2026-04-01&to=2026-06-30`, { token: supervisor.token });
    expect(response.status).toBe(200);
    const { items } = await response.json<{ items: Record<string, any>[] }>();
    const raw = (await rawCommitments([A, B])).filter((row) => row.due_on >= "2026-04-01" && row.due_on <= "2026-06-30");
    expect(items.map((item) => ({ description: item.description, dueOn: item.dueOn, status: item.status, late: item.late, percent: item.percent }))).toEqual(
      raw.map((row) => ({ description: row.description, dueOn: row.due_on, status: row.status, late: missed(row), percent: row.percent })),
    );
    expect(items.map((item) => item.owner)).toEqual(["UBND xã", "Ban quản lý chợ"]);
    expect(items[0]).toMatchObject({ unit: { code: A, name: "Xã Yên Mỹ" }, doneOn: "2026-05-02", late: true, session: { day: "2026-02-02" } });
    expect(JSON.stringify(items)).not.toContain(ASKER);
    const owned = await (await api("GET", "/api/v1/exports/commitments.json?to=2026-03-31", { token: headA.token })).json<{ items: Record<string, any>[] }>();
    expect(owned.items.map((item) => item.owner)).toEqual(["Cán bộ commune_staff"]);
  });

  it("reach: a commune's own only, a supervisor's province only (404 outside); bad input is a 400 naming the field", async () => {
    const own = await (await api("GET", "/api/v1/exports/commitments.json", { token: staffB.token })).json<{ items: { unit: { code: string } }[] }>();
    expect(own.items.map((item) => item.unit.code)).toEqual([B]);
    expect((await api("GET", `/api/v1/exports/commitments.csv?unit=${A}`, { token: staffB.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/exports/commitments.csv?province=${P}`, { token: otherSupervisor.token })).status).toBe(404);
    const mine = await (await api("GET", "/api/v1/exports/commitments.json", { token: otherSupervisor.token })).json<{ items: { unit: { code: string } }[] }>();
    expect(mine.items.map((item) => item.unit.code)).toEqual([C]);
    const order = await api("GET", "/api/v1/exports/commitments.csv?from=2026-05-01&to=2026-04-01", { token: staffA.token });
    expect((await problemOf(order)).errors?.[0]).toMatchObject({ path: "to", code: "exports.range_order" });
    expect((await api("GET", "/api/v1/exports/commitments.csv")).status).toBe(401);
  });

  it("EXPLAIN QUERY PLAN: pages and counts walk the unit's or province's due-day index, in order, without a sort", async () => {
    const days = { from: "2026-01-01", to: "2026-12-31" };
    for (const [scope, index] of [
      [{ unitCode: A }, "commitments_by_unit"],
      [{ provinceCode: P }, "commitments_by_province"],
    ] as const) {
      for (const after of [null, ["2026-03-01", "x"] as [string, string]]) {
        const plan = await queryPlan(commitmentPageQuery(scope, days, after, 1_000));
        expect(plan).toMatch(new RegExp(`SEARCH c USING INDEX ${index}`));
        expect(plan).not.toContain("TEMP B-TREE");
        expect(plan).not.toMatch(/SCAN (s|u|i|a)\b/);
      }
      expect(await queryPlan(countCommitmentsQuery(scope, days))).toContain(`USING COVERING INDEX ${index}`);
    }
  });
});
