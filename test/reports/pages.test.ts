import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { NATIONAL_MOTTO, NATIONAL_TITLE } from "../../src/web/document";
import { api, type TestAccount } from "../support/factory";
import { makePerson } from "../support/pages";
import { insertReportPetition, insertSession, insertUnits, setPolicy } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";
import { rawCodesIn, visibleText } from "../support/visible-text";

let P: string;
let A: string;
let B: string;
let supervisor: TestAccount;
let head: TestAccount;
let unitCodes: string[];

const page = async (account: TestAccount, path: string) => api("GET", path, { headers: { cookie: `sid=${account.token}`, accept: "text/html" } });

beforeAll(async () => {
  [P] = await insertUnits([{ name: "Tỉnh Hưng Yên", level: "province" }]);
  [A, B] = await insertUnits([
    { name: "Xã An Khê", parent: P },
    { name: "Xã Bình Minh", parent: P },
  ]);
  await setPolicy(P, { effectiveFrom: "2020-01-01", inYearDeadline: "06-30", reportPeriods: "cutoff" });
  supervisor = await makePerson("supervisor", P);
  head = await makePerson("commune_head", A);
  await insertSession({ unit: A, province: P, chair: head.id, startsAt: "2025-04-02T01:00:00.000Z", resultsPublishedAt: "2025-04-05T01:00:00.000Z" });
  await insertReportPetition({
    unit: A,
    province: P,
    submittedAt: "2025-05-05T03:00:00.000Z",
    acknowledgeBy: "2025-05-19",
    dueOn: "2025-05-19",
    kind: "complaint",
  });
  await insertReportPetition({ unit: B, province: P, submittedAt: "2025-05-06T03:00:00.000Z", acknowledgeBy: "2025-05-20", dueOn: "2025-05-20", kind: null });
  unitCodes = (await env.DB.prepare("SELECT code FROM units").all<{ code: string }>()).results.map((row) => row.code);
});

describe("printable reports (Nghị định 30/2020)", () => {
  it("the province's compliance report: the national title and motto, the issuer, a table of every commune, the ones that fell short, recipients and the signature", async () => {
    const response = await page(supervisor, `/oversight/print/compliance?year=2025`);
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const html = await response.text();
    const text = visibleText(html);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('href="/static/document.css"');
    for (const expected of [
      NATIONAL_TITLE,
      NATIONAL_MOTTO,
      "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
      "Số: /BC-UBND",
      "BÁO CÁO",
      "Kết quả tổ chức hội nghị đối thoại với Nhân dân và giải quyết kiến nghị, phản ánh năm 2025",
      "từ ngày 15/12/2024 đến ngày 14/12/2025",
      "Tổng số xã, phường: 2; đã đạt yêu cầu: 1; chưa đạt: 1; chưa đến hạn đánh giá: 0.",
      "Xã Bình Minh: đã tổ chức 0/1 hội nghị trước ngày 30/06/2025.",
      "Nơi nhận:",
      "- Thường trực Tỉnh ủy;",
      "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN",
      "CHỦ TỊCH",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Hưng Yên, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    const rows = html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? "";
    expect(visibleText(rows)).toBe("1 Xã An Khê 1 0 0 1 0/0 1 Đạt 2 Xã Bình Minh 0 0 0 1 0/0 1 Chưa đạt");
    expect(rawCodesIn(text, unitCodes)).toEqual([]);
  });

  it("a commune head prints their own commune's, signed with their name; a quarter in words", async () => {
    const response = await page(head, `/oversight/print/compliance?year=2025&period=Q2`);
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain("ỦY BAN NHÂN DÂN XÃ AN KHÊ");
    expect(text).toContain("quý 2 năm 2025");
    expect(text).toContain("- UBND tỉnh Hưng Yên (để báo cáo);");
    expect(text).not.toContain("Bình Minh");
    const name = (await env.DB.prepare("SELECT name FROM accounts WHERE id = ?").bind(head.id).first<string>("name")) ?? "";
    expect(text).toContain(name);
  });

  it("the summary as a document, with the figures of the summary report", async () => {
    const query = `province=${P}&from=2025-01-01&to=2025-12-31`;
    const json = await (await api("GET", `/api/v1/reports/summary?${query}`, { token: supervisor.token })).json<Record<string, any>>();
    const response = await page(supervisor, `/oversight/print/summary?${query}`);
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const text = visibleText(await response.text());
    expect(text).toContain(`Số hội nghị đối thoại đã tổ chức: ${json.sessions.sessionsHeld} (trong đó thông báo muộn: 0;`);
    expect(text).toContain(`nhận được: ${json.petitions.received};`);
    expect(text).toContain("Phân loại đơn: Khiếu nại: 1; Chưa phân loại: 1.");
    expect(text).toContain("từ ngày 01/01/2025 đến ngày 31/12/2025");
    expect(rawCodesIn(text, unitCodes)).toEqual([]);
  });

  it("outside one's reach: 404", async () => {
    const [Q] = await insertUnits([{ name: "Tỉnh Khác", level: "province" }]);
    expect((await page(supervisor, `/oversight/print/compliance?province=${Q}`)).status).toBe(404);
    expect((await page(head, `/oversight/print/summary?unit=${B}`)).status).toBe(404);
  });
});

describe("the summary page", () => {
  it("shows the figures with links to their lists, the year's report periods cut as the policy says, the print and the downloads", async () => {
    const response = await page(supervisor, `/oversight/summary?province=${P}&from=2025-01-01&to=2025-12-31`);
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const html = await response.text();
    expect(html).toContain(`/oversight/summary?province=${P}&amp;from=2024-12-15&amp;to=2025-03-14`); // Q1, cut-off
    expect(html).toContain(`/oversight/petitions?province=${P}&amp;from=2025-01-01&amp;to=2025-12-31&amp;kind=complaint`);
    expect(html).toContain(`/oversight/print/summary?province=${P}&amp;from=2025-01-01&amp;to=2025-12-31`);
    expect(html).toContain(`/api/v1/exports/reception-book.xlsx?province=${P}&amp;from=2025-01-01&amp;to=2025-12-31`);
  });

  it("days in the wrong order: the form again with the error next to the field, 400", async () => {
    const response = await page(head, "/oversight/summary?from=2025-03-01&to=2025-01-01");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(visibleText(html)).toContain("Ngày kết thúc không được trước ngày bắt đầu.");
  });

  it("the dashboard's filter form sends blank fields: they mean no filter", async () => {
    const response = await page(supervisor, "/oversight?year=2025&q=&status=");
    expect(response.status).toBe(200);
  });
});
