import { describe, expect, it } from "vitest";
import {
  AdministrativeDocument,
  type AdministrativeDocumentProps,
  DocumentPage,
  documentDate,
  documentNumber,
  NATIONAL_MOTTO,
  NATIONAL_TITLE,
  recipientLines,
} from "../../src/web/document";

const report: AdministrativeDocumentProps = {
  issuer: { parent: "Ủy ban nhân dân tỉnh Hưng Yên", name: "Ủy ban nhân dân xã An Khê" },
  number: 5,
  symbol: "BC-UBND",
  place: "An Khê",
  date: "2026-03-05",
  kind: "Báo cáo",
  summary: "Kết quả tổ chức hội nghị đối thoại 6 tháng đầu năm 2026",
  recipients: ["Thường trực HĐND xã", "UBND tỉnh Hưng Yên;", "Ủy ban MTTQ Việt Nam xã"],
  signature: { authority: "TM. Ủy ban nhân dân", position: "Chủ tịch", name: "Nguyễn Văn Đức" },
  children: <p>Thực hiện Kế hoạch số 12/KH-UBND, xã đã tổ chức hội nghị đối thoại &lt;trực tiếp&gt; với Nhân dân.</p>,
};

const render = async (node: unknown) => String(await Promise.resolve(node));
/** The text inside the first element with this class. */
const textOf = (html: string, className: string) => new RegExp(`class="${className}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe("the administrative document frame (Nghị định 30/2020/NĐ-CP)", () => {
  it("puts every element in its box, in the decree's order", async () => {
    const html = await render(<AdministrativeDocument {...report} />);
    expect(html.startsWith('<article class="vb" lang="vi">')).toBe(true);
    const order = [
      "vb-parent",
      "vb-body",
      "vb-number",
      "vb-national-title",
      "vb-motto",
      "vb-place-date",
      "vb-kind",
      "vb-summary",
      "vb-content",
      "vb-recipients-label",
      "vb-authority",
      "vb-position",
      "vb-sign-space",
      "vb-signer",
    ].map((className) => html.indexOf(`class="${className}"`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The issuer and number (boxes 2–3) sit in the left column, the national title (boxes 1 and 4) in the right.
    expect(html).toMatch(/<header class="vb-head"><div class="vb-issuer">.*<\/div><div class="vb-nation">.*<\/div><\/header>/);
  });

  it("writes the fixed phrases, capitals, number and date as the decree does", async () => {
    const html = await render(<AdministrativeDocument {...report} />);
    expect(textOf(html, "vb-national-title")).toBe(NATIONAL_TITLE);
    expect(NATIONAL_TITLE).toBe("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(textOf(html, "vb-motto")).toBe(NATIONAL_MOTTO);
    expect(NATIONAL_MOTTO).toBe("Độc lập - Tự do - Hạnh phúc");
    expect(textOf(html, "vb-parent")).toBe("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN");
    expect(textOf(html, "vb-body")).toBe("ỦY BAN NHÂN DÂN XÃ AN KHÊ");
    expect(textOf(html, "vb-number")).toBe("Số: 05/BC-UBND");
    expect(textOf(html, "vb-place-date")).toBe("An Khê, ngày 05 tháng 3 năm 2026");
    expect(textOf(html, "vb-kind")).toBe("BÁO CÁO");
    expect(textOf(html, "vb-summary")).toBe(report.summary);
    expect(textOf(html, "vb-authority")).toBe("TM. ỦY BAN NHÂN DÂN");
    expect(textOf(html, "vb-position")).toBe("CHỦ TỊCH");
    expect(textOf(html, "vb-signer")).toBe("Nguyễn Văn Đức");
    expect(html).toContain('<h1 class="vb-title">');
  });

  it("lists the recipients one a line, '- X;', ending with '- Lưu: VT.'", async () => {
    const html = await render(<AdministrativeDocument {...report} />);
    const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((match) => match[1]);
    expect(textOf(html, "vb-recipients-label")).toBe("Nơi nhận:");
    expect(items).toEqual(["- Thường trực HĐND xã;", "- UBND tỉnh Hưng Yên;", "- Ủy ban MTTQ Việt Nam xã;", "- Lưu: VT."]);
    expect(recipientLines(["Như trên", "Lưu: VT, VP"])).toEqual(["- Như trên;", "- Lưu: VT, VP."]);
  });

  it("dates and numbers with the leading zeros the decree asks for, blanks on a draft", () => {
    expect(documentDate("2026-01-09")).toBe("ngày 09 tháng 01 năm 2026");
    expect(documentDate("2026-02-28")).toBe("ngày 28 tháng 02 năm 2026");
    expect(documentDate("2026-12-31")).toBe("ngày 31 tháng 12 năm 2026");
    expect(documentDate(null)).toMatch(/^ngày\s+tháng\s+năm\s+$/);
    expect(documentNumber(12, "BC-UBND")).toBe("Số: 12/BC-UBND");
    expect(documentNumber(null, "BC-UBND")).toMatch(/^Số:\s+\/BC-UBND$/);
  });

  it("escapes what it is given", async () => {
    const html = await render(
      <AdministrativeDocument {...report} summary={'<script>alert("x")</script>'} signature={{ position: "Chủ tịch", name: "<b>A</b>" }} />,
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;b&gt;A&lt;/b&gt;");
    expect(html).toContain("&lt;trực tiếp&gt;");
    expect(html).not.toContain('class="vb-authority"'); // no authority given: no empty line
  });

  it("prints as a page of its own, the screen-only note in the reader's language", async () => {
    const html = await render(
      <DocumentPage title="Báo cáo" locale="en" note="Print with your browser (Ctrl+P), A4." back={{ href: "/reports", label: "Back" }} document={report} />,
    );
    expect(html).toMatch(/^<html lang="vi">/);
    expect(html).toContain('<link rel="stylesheet" href="/static/document.css"/>');
    expect(html).toMatch(/<nav class="vb-screen-only" aria-label="Báo cáo" lang="en"><a href="\/reports">Back<\/a><p>Print with your browser/);
    expect(html).toContain('<main><article class="vb" lang="vi">');
  });
});
