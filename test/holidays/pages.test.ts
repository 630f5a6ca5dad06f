/** The holiday calendar page: status in words, removal behind a confirmation, notices that name the day. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestAccount } from "../support/factory";
import { getPage, makePerson, postForm } from "../support/pages";

let admin: TestAccount;
beforeAll(async () => {
  admin = await makePerson("admin", null);
});

describe("holidays page", () => {
  it("adds a day off, then removes it through its confirmation step", async () => {
    const added = await postForm("/admin/holidays", { date: "2032-01-01", name: "Tết Dương lịch", provisional: "on" }, admin);
    expect(added.status).toBe(303);
    const year = await getPage(added.location ?? "", admin);
    expect(year.text).toContain("Đã lưu ngày nghỉ 01/01/2032.");
    expect(year.text).toContain("01/01/2032 Tết Dương lịch Ngày nghỉ Dự kiến, chờ công bố");
    expect(year.html).toContain('<a href="/admin/holidays/2032-01-01/delete">Xóa<span class="visually-hidden"> 01/01/2032</span></a>');
    const step = await getPage("/admin/holidays/2032-01-01/delete", admin);
    expect(step.html).toContain("<h1>Xóa “Tết Dương lịch” (01/01/2032) khỏi lịch nghỉ?</h1>");
    expect(step.html).toContain('<form method="post" action="/admin/holidays/2032-01-01/delete" class="stack" novalidate="">');
    expect(step.html).toContain('<button type="submit" class="danger">Có, xóa ngày nghỉ</button><a href="/admin/holidays?year=2032">Không, quay lại</a>');
    expect((await getPage("/admin/holidays/2033-01-01/delete", admin)).status).toBe(404);
    const removed = await postForm("/admin/holidays/2032-01-01/delete", {}, admin);
    expect(removed.status).toBe(303);
    const after = (await getPage(removed.location ?? "", admin)).text;
    expect(after).toContain("Đã xóa ngày nghỉ 01/01/2032 khỏi lịch.");
    expect(after).toContain("Chưa có ngày nghỉ nào trong năm này.");
    expect(await env.DB.prepare("SELECT date FROM holidays WHERE date = '2032-01-01'").first()).toBeNull();
  });

  it("asks for the date and the name by their fields", async () => {
    const page = await postForm("/admin/holidays", { date: "", name: "" }, admin);
    expect(page.status).toBe(400);
    expect(page.html).toContain('<a href="#date">Nhập ngày nghỉ.</a>');
    expect(page.html).toContain('<a href="#name">Nhập tên ngày nghỉ, ví dụ: Tết Dương lịch.</a>');
  });
});
