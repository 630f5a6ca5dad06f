import { describe, expect, it } from "vitest";
import { BarChart, HorizontalBarChart, niceScale, safeHref } from "../../src/web/charts";

const render = async (node: unknown) => String(await Promise.resolve(node));
const words = {
  title: "Số phiên đối thoại theo tháng",
  description: "Số phiên đối thoại xã đã tổ chức trong mỗi tháng của năm 2026.",
  labelHeader: "Tháng",
  valueHeader: "Số phiên",
  tableSummary: "Bảng số liệu",
};
const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const tags = (html: string, name: string) => [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, "g"))].map((match) => match[0]);

describe("BarChart", () => {
  const bars = [
    { label: "T1", value: 0 },
    { label: "T2", value: 3 },
    { label: "T3", value: 6 },
    { label: "T4", value: 1234 },
  ];

  it("is a figure with a caption, a titled and described SVG image, and the same numbers as a table", async () => {
    const html = await render(<BarChart {...words} id="sessions" bars={bars} />);
    expect(html).toMatch(/^<figure class="chart-figure"><figcaption>Số phiên đối thoại theo tháng<\/figcaption><svg /);
    const [svg] = tags(html, "svg");
    expect(attribute(svg, "role")).toBe("img");
    expect(attribute(svg, "aria-labelledby")).toBe("sessions-title");
    expect(attribute(svg, "aria-describedby")).toBe("sessions-desc");
    expect(html).toContain(`<title id="sessions-title">${words.title}</title><desc id="sessions-desc">${words.description}</desc>`);
    // The table: caption, headers, one row per bar with the value written the Vietnamese way (1.234).
    expect(html).toMatch(/<details class="chart-table"><summary>Bảng số liệu<\/summary><table><caption>Số phiên đối thoại theo tháng<\/caption>/);
    expect(html).toContain('<th scope="col">Tháng</th><th scope="col">Số phiên</th>');
    const rows = [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="number">([^<]*)<\/td><\/tr>/g)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual([
      ["T1", "0"],
      ["T2", "3"],
      ["T3", "6"],
      ["T4", "1.234"],
    ]);
  });

  it("draws bar heights in proportion to the values, on a readable scale", async () => {
    const html = await render(<BarChart {...words} bars={bars} />);
    const heights = tags(html, "rect").map((rect) => Number(attribute(rect, "height")));
    expect(heights).toHaveLength(4);
    expect(heights[0]).toBe(0);
    expect(heights[2] / heights[1]).toBeCloseTo(2, 5);
    expect(heights[3] / heights[1]).toBeCloseTo(1234 / 3, 5);
    // The axis goes to 1.500 in steps of 500: ticks 0, 500, 1.000, 1.500.
    expect([...html.matchAll(/text-anchor="end" font-size="12" fill="#333">([^<]*)</g)].map((match) => match[1])).toEqual(["0", "500", "1.000", "1.500"]);
    expect(html).toContain("<title>T4: 1.234</title>");
  });

  it("links bars to the lists behind them (then the SVG is a group of links), and the table rows too", async () => {
    const linked = bars.map((bar, index) => ({ ...bar, href: `/staff/sessions?month=${index + 1}&unit=A` }));
    const html = await render(<BarChart {...words} bars={linked} />);
    expect(attribute(tags(html, "svg")[0], "role")).toBe("group");
    const links = tags(html, "a");
    expect(links.slice(0, 4).map((link) => [attribute(link, "href"), attribute(link, "aria-label")])).toEqual([
      ["/staff/sessions?month=1&amp;unit=A", "T1: 0"],
      ["/staff/sessions?month=2&amp;unit=A", "T2: 3"],
      ["/staff/sessions?month=3&amp;unit=A", "T3: 6"],
      ["/staff/sessions?month=4&amp;unit=A", "T4: 1.234"],
    ]);
    expect(html).toContain('<th scope="row"><a href="/staff/sessions?month=4&amp;unit=A">T4</a></th>');
  });

  it("escapes labels everywhere and drops links that leave the site", async () => {
    const html = await render(
      <BarChart
        {...words}
        title={'Tiêu đề <b>"x"</b>'}
        bars={[
          { label: '<script>alert("x")</script>', value: 2, href: "javascript:alert(1)" },
          { label: "B", value: 1, href: "//evil.example/" },
          { label: "C", value: 1, href: "https://evil.example/" },
        ]}
      />,
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toMatch(/href="(javascript|\/\/|https)/);
    expect(tags(html, "a")).toHaveLength(0);
    expect(attribute(tags(html, "svg")[0], "role")).toBe("img");
  });

  it("copes with no data and with English numbers", async () => {
    const empty = await render(<BarChart {...words} bars={[]} />);
    expect(tags(empty, "rect")).toHaveLength(0);
    expect(empty).toContain("<tbody></tbody>");
    const english = await render(<BarChart {...words} locale="en" bars={[{ label: "Jan", value: 12345 }]} />);
    expect(english).toContain('<td class="number">12,345</td>');
  });
});

describe("HorizontalBarChart", () => {
  it("stacks the series in each row, with a legend, a total, and a table column per series", async () => {
    const html = await render(
      <HorizontalBarChart
        {...words}
        title="Đơn theo loại"
        labelHeader="Loại đơn"
        valueHeader="Số đơn"
        series={[{ label: "Đúng hạn" }, { label: "Quá hạn", color: "#b3261e" }]}
        rows={[
          { label: "Khiếu nại", values: [6, 2], href: "/staff/petitions?kind=complaint" },
          { label: "Kiến nghị, phản ánh", values: [3, 1] },
        ]}
      />,
    );
    const rects = tags(html, "rect");
    // Two legend swatches, then two segments per row.
    expect(rects).toHaveLength(6);
    const widths = rects.slice(2).map((rect) => Number(attribute(rect, "width")));
    expect(widths[0] / widths[1]).toBeCloseTo(3, 5);
    expect((widths[0] + widths[1]) / (widths[2] + widths[3])).toBeCloseTo(2, 5);
    // Segments follow each other.
    expect(Number(attribute(rects[3], "x"))).toBeCloseTo(Number(attribute(rects[2], "x")) + widths[0], 5);
    expect(attribute(rects[3], "fill")).toBe("#b3261e");
    expect(html).toContain('<text x="218" y="16" font-size="12" fill="#111">Đúng hạn</text>');
    expect(html).toContain("<title>Khiếu nại – Quá hạn: 2</title>");
    expect(attribute(tags(html, "a")[0], "aria-label")).toBe("Khiếu nại: Đúng hạn 6, Quá hạn 2");
    expect(html).toContain('<th scope="col">Loại đơn</th><th scope="col">Đúng hạn</th><th scope="col">Quá hạn</th>');
    expect(html).toContain('<th scope="row">Kiến nghị, phản ánh</th><td class="number">3</td><td class="number">1</td>');
  });

  it("with one series: no legend, the value header names the column", async () => {
    const html = await render(
      <HorizontalBarChart
        {...words}
        labelHeader="Trạng thái"
        valueHeader="Số đơn"
        series={[{ label: "Số đơn" }]}
        rows={[{ label: "Đã tiếp nhận", values: [7] }]}
      />,
    );
    expect(html).not.toContain("chart-legend");
    expect(html).toContain('<th scope="col">Trạng thái</th><th scope="col">Số đơn</th>');
    expect(tags(html, "rect")).toHaveLength(1);
  });
});

describe("scales and links", () => {
  it.each([
    [0, 1, 1],
    [3, 3, 1],
    [6, 6, 2],
    [7, 8, 2],
    [10, 10, 5],
    [1234, 1500, 500],
    [99, 100, 50],
  ])("niceScale(%d) → max %d, step %d", (max, niceMax, step) => {
    const scale = niceScale(max);
    expect(scale.max).toBeGreaterThanOrEqual(max);
    expect(scale.max % scale.step).toBe(0);
    expect([scale.max, scale.step]).toEqual([niceMax, step]);
  });

  it("keeps only links within the site", () => {
    expect(safeHref("/staff/petitions?status=received")).toBe("/staff/petitions?status=received");
    expect(safeHref("?month=2")).toBe("?month=2");
    expect(safeHref("//evil.example")).toBeUndefined();
    expect(safeHref("javascript:alert(1)")).toBeUndefined();
    expect(safeHref("https://evil.example")).toBeUndefined();
    expect(safeHref(undefined)).toBeUndefined();
  });
});
