import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { receptionPageQuery } from "../../src/exports/reception-store";
import { sessionPageQuery } from "../../src/exports/session-store";
import { instantBoundsOf, openReceptionBookExport } from "../../src/exports/workflow";
import { api, makeAccount, type TestAccount } from "../support/factory";
import { queryPlan } from "../support/query-plan";
import { insertReportPetition, insertSession, insertUnits, setPolicy } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";

let P: string;
let Q: string;
let A: string;
let B: string;
let staffA: TestAccount;
let headA: TestAccount;
let staffB: TestAccount;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
const ids: Record<string, string> = {};

const RESIDENT = { name: "Nguyễn Thị Bình", address: "Thôn Đông, xã An Khê", citizenId: "034190012345", phone: "0912345678" };

beforeAll(async () => {
  [P, Q] = await insertUnits([
    { name: "Tỉnh Xuất Tệp", level: "province" },
    { name: "Tỉnh Khác", level: "province" },
  ]);
  [A, B] = await insertUnits([
    { name: "Xã An Khê", parent: P },
    { name: "Xã Bình Lục", parent: P },
    { name: "Xã Cẩm Giàng", parent: Q },
  ]);
  await setPolicy(P, { effectiveFrom: "2020-01-01", resultsDays: 10 });
  [staffA, headA, staffB, supervisor, otherSupervisor] = await Promise.all([
    makeAccount("commune_staff", A),
    makeAccount("commune_head", A),
    makeAccount("commune_staff", B),
    makeAccount("supervisor", P),
    makeAccount("supervisor", Q),
  ]);
  const chair = headA.id;
  ids.held = await insertSession({
    unit: A,
    province: P,
    chair,
    startsAt: "2026-03-02T01:00:00.000Z",
    resultsPublishedAt: "2026-03-10T01:00:00.000Z",
    title: "Đối thoại quý I: đường liên thôn, nước sạch",
  });
  ids.late = await insertSession({
    unit: A,
    province: P,
    chair,
    startsAt: "2026-03-20T01:00:00.000Z",
    shortNotice: true,
    title: '=HYPERLINK("http://x","Bấm")',
  });
  ids.draft = await insertSession({ unit: A, province: P, chair, startsAt: "2026-03-25T01:00:00.000Z", status: "draft", title: "Dự thảo chưa công bố" });
  ids.recorded = await insertSession({
    unit: A,
    province: P,
    chair,
    startsAt: "2026-01-10T01:00:00.000Z",
    recordedAfterwards: true,
    title: "Hội nghị đã tổ chức trước",
  });
  ids.neighbour = await insertSession({ unit: B, province: P, chair, startsAt: "2026-03-05T01:00:00.000Z", title: "Đối thoại xã Bình Lục" });

  const walkIn = { unit: A, province: P, channel: "walk_in", acknowledgeBy: "2026-03-16" };
  ids.accepted = await insertReportPetition({
    ...walkIn,
    submittedAt: "2026-03-02T02:00:00.000Z",
    status: "accepted",
    acceptedAt: "2026-03-03T02:00:00.000Z",
    title: "Đèn đường hỏng",
    content: "Ba bóng đèn, một dòng\nthứ hai, có dấu phẩy",
    submitter: RESIDENT,
    peopleCount: 3,
    previouslyHandledBy: "Trưởng thôn Đông",
  });
  ids.returned = await insertReportPetition({
    ...walkIn,
    submittedAt: "2026-03-03T02:00:00.000Z",
    status: "returned",
    closedAt: "2026-03-04T02:00:00.000Z",
    publicNote: "Đề nghị gửi Tòa án nhân dân khu vực",
    letterNumber: "05/HD-UBND",
    title: "@tranh chấp đất",
    submitter: { name: "-Trần Văn Công", address: "Thôn Tây" },
    kind: "complaint",
  });
  ids.denunciation = await insertReportPetition({
    ...walkIn,
    submittedAt: "2026-03-04T02:00:00.000Z",
    kind: "denunciation",
    submitter: { name: "Lê Văn Tố", address: "Thôn Bắc", citizenId: "034190099999" },
  });
  // Received by An Khê, transferred to Bình Lục: a line of An Khê's book, not Bình Lục's.
  ids.transferred = await insertReportPetition({
    ...walkIn,
    unit: B,
    receivedUnit: A,
    submittedAt: "2026-03-05T02:00:00.000Z",
    status: "transferred",
    submitter: RESIDENT,
  });
  ids.toBody = await insertReportPetition({
    ...walkIn,
    submittedAt: "2026-03-05T02:30:00.000Z",
    status: "transferred",
    toBody: "Công an xã",
    letterNumber: "07/CV-UBND",
    closedAt: "2026-03-06T02:00:00.000Z",
    submitter: RESIDENT,
  });
  // A letter split in two: one line of the book, not three.
  ids.letter = await insertReportPetition({ ...walkIn, submittedAt: "2026-03-05T02:45:00.000Z", status: "split", kind: null, submitter: RESIDENT });
  for (const kind of ["feedback", "complaint"])
    await insertReportPetition({ ...walkIn, submittedAt: "2026-03-05T02:45:00.000Z", kind, splitFrom: ids.letter, submitter: RESIDENT });
  ids.online = await insertReportPetition({ unit: A, province: P, submittedAt: "2026-03-05T03:00:00.000Z", acknowledgeBy: "2026-03-19", submitter: RESIDENT });
  ids.walkInB = await insertReportPetition({ ...walkIn, unit: B, submittedAt: "2026-03-06T02:00:00.000Z", submitter: RESIDENT });
});

const csvOf = async (response: Response) => parse(new TextDecoder().decode(await response.arrayBuffer()), { bom: true }) as string[][];
const column = (records: string[][], name: string) => records.slice(1).map((row) => row[records[0].indexOf(name)]);

describe("GET /api/v1/exports/sessions.{csv,xlsx,json}", () => {
  it("CSV: the unit's announced and recorded sessions in order, Vietnamese intact, formulas neutralised, results judged", async () => {
    const response = await api("GET", "/api/v1/exports/sessions.csv?from=2026-01-01&to=2026-12-31", { token: staffA.token });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 2);
    expect(decodeURIComponent(response.headers.get("content-disposition")?.split("filename*=UTF-8''")[1] ?? "")).toBe(
      "Danh sách hội nghị đối thoại - Xã An Khê - 01-01-2026 đến 31-12-2026.csv",
    );
    const records = await csvOf(response);
    expect(column(records, "Tên hội nghị")).toEqual([
      "Hội nghị đã tổ chức trước",
      "Đối thoại quý I: đường liên thôn, nước sạch",
      `'=HYPERLINK("http://x","Bấm")`,
    ]);
    expect(column(records, "Bắt đầu")).toEqual(["10/01/2026 08:00", "02/03/2026 08:00", "20/03/2026 08:00"]);
    expect(column(records, "Thông báo muộn")).toEqual(["Không", "Không", "Có"]);
    expect(column(records, "Ghi nhận sau khi đã tổ chức")).toEqual(["Có", "Không", "Không"]);
    expect(column(records, "Hạn công bố kết quả")).toEqual(["", "12/03/2026", "30/03/2026"]);
    expect(column(records, "Công bố kết quả đúng hạn")).toEqual(["", "Có", "Không"]);
  });

  it("XLSX opens in exceljs with the same rows; JSON gives codes and instants", async () => {
    const xlsx = await api("GET", "/api/v1/exports/sessions.xlsx?from=2026-01-01&to=2026-12-31", { token: supervisor.token });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Danh sách hội nghị đối thoại");
    const titles = sheet.getColumn(2).values.slice(2);
    expect(titles).toEqual([
      "Hội nghị đã tổ chức trước",
      "Đối thoại quý I: đường liên thôn, nước sạch",
      "Đối thoại xã Bình Lục",
      '=HYPERLINK("http://x","Bấm")',
    ]);
    expect(sheet.getCell("C3").value).toEqual(new Date("2026-03-02T08:00:00.000Z"));
    const json = await api("GET", `/api/v1/exports/sessions.json?unit=${A}`, { token: supervisor.token });
    const { items } = await json.json<{ items: Record<string, unknown>[] }>();
    expect(items.map((item) => item.id)).toEqual([ids.recorded, ids.held, ids.late]);
    expect(items[1]).toMatchObject({ status: "results_published", resultsDue: "2026-03-12", resultsOnTime: true, shortNotice: false });
  });

  it("reach: another unit or province is 404", async () => {
    expect((await api("GET", `/api/v1/exports/sessions.csv?unit=${B}`, { token: staffA.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/exports/sessions.csv?province=${P}`, { token: otherSupervisor.token })).status).toBe(404);
  });

  it("EXPLAIN QUERY PLAN: a unit's pages read its sessions by unit and day", async () => {
    const query = sessionPageQuery({ unitCode: A }, instantBoundsOf({ from: "2026-01-01" }), null, 1000);
    const plan = await queryPlan(query);
    expect(plan).toContain("USING INDEX dialogue_sessions_by_unit");
  });
});

describe("GET /api/v1/exports/reception-book.{csv,xlsx,json} (Mẫu 03/TCD)", () => {
  it("the walk-ins the unit received, numbered, in the form's columns; a transfer stays in the receiving unit's book", async () => {
    const response = await api("GET", "/api/v1/exports/reception-book.csv?from=2026-03-01&to=2026-03-31", { token: headA.token });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 2);
    const records = await csvOf(response);
    expect(records[0]).toEqual([
      "STT",
      "Ngày tiếp",
      "Họ tên, địa chỉ",
      "Số CCCD/hộ chiếu",
      "Nội dung vụ việc",
      "Phân loại đơn",
      "Số người",
      "Cơ quan đã giải quyết",
      "Thụ lý",
      "Hướng dẫn (nơi, nội dung)",
      "Số văn bản hướng dẫn",
      "Chuyển đơn đến",
      "Số văn bản chuyển đơn",
      "Theo dõi kết quả giải quyết",
    ]);
    expect(records.slice(1)).toEqual([
      [
        "1",
        "02/03/2026",
        "Nguyễn Thị Bình, Thôn Đông, xã An Khê",
        "034190012345",
        "Đèn đường hỏng: Ba bóng đèn, một dòng\nthứ hai, có dấu phẩy",
        "Kiến nghị",
        "3",
        "Trưởng thôn Đông",
        "x",
        "",
        "",
        "",
        "",
        "Đã thụ lý",
      ],
      [
        "2",
        "03/03/2026",
        "'-Trần Văn Công, Thôn Tây",
        "",
        "'@tranh chấp đất: Nội dung kiến nghị",
        "Khiếu nại",
        "1",
        "",
        "",
        "Đề nghị gửi Tòa án nhân dân khu vực",
        "05/HD-UBND",
        "",
        "",
        "Trả lại, có hướng dẫn",
      ],
      [
        "3",
        "04/03/2026",
        "Lê Văn Tố, Thôn Bắc",
        "034190099999",
        "Đường ngập sau mưa: Nội dung kiến nghị",
        "Tố cáo",
        "1",
        "",
        "",
        "",
        "",
        "",
        "",
        "Đã tiếp nhận",
      ],
      [
        "4",
        "05/03/2026",
        "Nguyễn Thị Bình, Thôn Đông, xã An Khê",
        "034190012345",
        "Đường ngập sau mưa: Nội dung kiến nghị",
        "Kiến nghị",
        "1",
        "",
        "",
        "",
        "",
        "Xã Bình Lục",
        "",
        "Đã chuyển đơn",
      ],
      [
        "5",
        "05/03/2026",
        "Nguyễn Thị Bình, Thôn Đông, xã An Khê",
        "034190012345",
        "Đường ngập sau mưa: Nội dung kiến nghị",
        "Kiến nghị",
        "1",
        "",
        "",
        "",
        "",
        "Công an xã",
        "07/CV-UBND",
        "Đã chuyển đơn",
      ],
      [
        "6",
        "05/03/2026",
        "Nguyễn Thị Bình, Thôn Đông, xã An Khê",
        "034190012345",
        "Đường ngập sau mưa: Nội dung kiến nghị",
        "Chưa phân loại",
        "1",
        "",
        "",
        "",
        "",
        "",
        "",
        "Đã tách thành nhiều đơn",
      ],
    ]);
    const neighbour = await csvOf(await api("GET", "/api/v1/exports/reception-book.csv?from=2026-03-01&to=2026-03-31", { token: staffB.token }));
    expect(neighbour.length).toBe(2);
    expect(neighbour[1][2]).toBe("Nguyễn Thị Bình, Thôn Đông, xã An Khê");
  });

  it("a denouncer's name, address and ID only for the head, the assignee and supervisors; each export is logged", async () => {
    const staff = await csvOf(await api("GET", "/api/v1/exports/reception-book.csv?from=2026-03-01&to=2026-03-31", { token: staffA.token }));
    expect(staff[3].slice(0, 4)).toEqual(["3", "04/03/2026", "", ""]);
    expect(staff[1][2]).toBe("Nguyễn Thị Bình, Thôn Đông, xã An Khê");
    const json = await api("GET", `/api/v1/exports/reception-book.json?province=${P}&from=2026-03-01&to=2026-03-31`, { token: supervisor.token });
    const { items } = await json.json<{ items: Record<string, any>[] }>();
    expect(items.map((item) => [item.number, item.id])).toEqual([
      [1, ids.accepted],
      [2, ids.returned],
      [3, ids.denunciation],
      [4, ids.transferred],
      [5, ids.toBody],
      [6, ids.letter],
      [7, ids.walkInB],
    ]);
    expect(items[2].submitter).toEqual({ name: "Lê Văn Tố", address: "Thôn Bắc", citizenId: "034190099999" });
    expect(items[3].transferredTo).toEqual({ unit: { code: B, name: "Xã Bình Lục" }, body: null, letterNumber: null });
    expect(items[4].transferredTo).toEqual({ unit: null, body: "Công an xã", letterNumber: "07/CV-UBND" });
    expect(items[1].guidedTo).toEqual({ guidance: "Đề nghị gửi Tòa án nhân dân khu vực", letterNumber: "05/HD-UBND" });
    const logged = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reception_book.export' AND actor_id = ?")
      .bind(staffA.id)
      .first<number>("n");
    expect(logged).toBe(1);
  });

  it("numbers run on across pages", async () => {
    const user = { id: headA.id, email: headA.email, name: "Chủ tịch", role: "commune_head" as const, unitCode: A, provinceCode: P };
    const opened = await openReceptionBookExport(env.DB, user, { from: "2026-03-01", to: "2026-03-31" }, { format: "json", requestId: "t", pageRows: 2 });
    const pages: number[][] = [];
    for await (const rows of opened.pages) pages.push(rows.map((row) => row.number));
    expect(pages).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it("the XLSX opens in exceljs: numbers as numbers, the day as a date", async () => {
    const response = await api("GET", "/api/v1/exports/reception-book.xlsx?from=2026-03-01&to=2026-03-31", { token: headA.token });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Sổ tiếp công dân");
    expect(sheet.getCell("A2").value).toBe(1);
    expect(sheet.getCell("B2").value).toEqual(new Date("2026-03-02T00:00:00.000Z"));
    expect(sheet.getCell("E2").value).toBe("Đèn đường hỏng: Ba bóng đèn, một dòng\nthứ hai, có dấu phẩy");
    expect(sheet.getCell("G2").value).toBe(3);
  });

  it("EXPLAIN QUERY PLAN: a unit's book reads the walk-ins' partial index in order", async () => {
    const query = receptionPageQuery({ unitCode: A }, instantBoundsOf({ from: "2026-01-01" }), null, 1000);
    const plan = await queryPlan(query);
    expect(plan).toContain("USING INDEX petitions_walk_ins_by_receiving_unit");
    expect(plan).not.toContain("TEMP B-TREE");
  });
});

describe("GET /api/v1/exports/compliance.{csv,xlsx,json}", () => {
  it("the compliance report's rows, every figure as the report gives it, in one round trip", async () => {
    const report = await (await api("GET", "/api/v1/reports/compliance?year=2026&period=Q1", { token: supervisor.token })).json<{
      items: Record<string, any>[];
    }>();
    const response = await api("GET", "/api/v1/exports/compliance.csv?year=2026&period=Q1", { token: supervisor.token });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const records = await csvOf(response);
    expect(column(records, "Xã, phường")).toEqual(report.items.map((item) => item.unit.name));
    expect(column(records, "Hội nghị đã tổ chức")).toEqual(report.items.map((item) => String(item.sessionsHeld)));
    expect(column(records, "Đơn nhận được")).toEqual(report.items.map((item) => String(item.petitionsReceived)));
    expect(column(records, "Tình trạng")).toEqual(
      report.items.map((item) => ({ met: "Đạt", not_met: "Chưa đạt", pending: "Chưa đến hạn" })[item.status as string]),
    );
    const json = await (await api("GET", "/api/v1/exports/compliance.json?year=2026&period=Q1", { token: supervisor.token })).json<{ items: unknown[] }>();
    expect(json.items).toEqual(report.items);
    const xlsx = await api("GET", "/api/v1/exports/compliance.xlsx?year=2026&period=Q1", { token: supervisor.token });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0].getCell("C2").value).toBe(report.items[0].sessionsHeld);
    expect((await api("GET", `/api/v1/exports/compliance.csv?province=${Q}`, { token: supervisor.token })).status).toBe(404);
  });
});

describe("the reception book after a transfer", () => {
  it("keeps the names of the people the unit received, but a denouncer's identity goes with the denunciation to the unit now handling it", async () => {
    const walkIn = { unit: B, receivedUnit: A, province: P, channel: "walk_in", acknowledgeBy: "2026-04-16", status: "transferred" };
    const plain = await insertReportPetition({ ...walkIn, submittedAt: "2026-04-02T02:00:00.000Z", submitter: RESIDENT });
    const denunciation = await insertReportPetition({
      ...walkIn,
      submittedAt: "2026-04-03T02:00:00.000Z",
      kind: "denunciation",
      submitter: { name: "Đinh Văn Chuyển Tố", address: "Thôn Nam", citizenId: "034190077777" },
    });
    const book = async (who: TestAccount, query = "") => {
      const response = await api("GET", `/api/v1/exports/reception-book.json?from=2026-04-01&to=2026-04-30${query}`, { token: who.token });
      expect(response.status).toBe(200);
      const { items } = await response.json<{ items: { id: string; submitter: { name: string | null } | null }[] }>();
      return new Map(items.map((item) => [item.id, item.submitter?.name ?? null]));
    };
    // The head who received them: the plain line keeps its name (Mẫu 03 records whom the unit received); the
    // denouncer's is now for the handling commune's head and assignee only (Luật Tố cáo art. 47).
    const receiving = await book(headA);
    expect(receiving.get(plain)).toBe(RESIDENT.name);
    expect(receiving.has(denunciation)).toBe(true);
    expect(receiving.get(denunciation)).toBeNull();
    // The province's supervisor still sees both.
    const province = await book(supervisor, `&province=${P}`);
    expect(province.get(denunciation)).toBe("Đinh Văn Chuyển Tố");
  });
});
