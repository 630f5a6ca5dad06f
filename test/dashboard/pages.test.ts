/** The dashboard: names, not codes; new petitions apart from those being dealt with; the supervisor's commune picker. */
import { beforeAll, describe, expect, it } from "vitest";
import { makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { getPage, makePerson, optionsOf } from "../support/pages";
import { actOk, submit } from "../support/petitions";

let units: TestUnits;
let head: TestAccount;
let supervisor: TestAccount;
let admin: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makePerson("commune_head", units.commune);
  supervisor = await makePerson("supervisor", units.province);
  admin = await makePerson("admin", null);
  const accepted = await submit(units.commune);
  await actOk(head.token, accepted.id, { action: "classify", kind: "recommendation" });
  await actOk(head.token, accepted.id, { action: "accept" });
  await submit(units.commune);
  await submit(units.otherCommune);
});

/** The figures as "number words" pairs. */
const figuresOf = (html: string) => [...html.matchAll(/<strong>(\d+)<\/strong> ([^<]+)</g)].map((match) => `${match[1]} ${match[2].trim()}`);

describe("dashboard", () => {
  it("greets a commune official with the unit's name and counts new petitions apart from those being dealt with", async () => {
    const page = await getPage("/dashboard", head);
    expect(page.text).toContain("Bạn đang làm việc với vai trò Chủ tịch UBND xã, Xã An Khê.");
    expect(page.text).not.toContain(units.commune);
    expect(figuresOf(page.html)).toEqual([
      "0 đơn quá hạn",
      "0 đơn đến hạn trong 3 ngày làm việc tới",
      "1 đơn mới, chưa tiếp nhận",
      "1 đơn đang giải quyết",
      "0 đơn đã trả lời, chờ người dân phản hồi",
    ]);
  });

  it("shows a supervisor the whole province, or one commune picked by name", async () => {
    const province = await getPage("/dashboard", supervisor);
    expect(province.text).toContain("Đơn của Tỉnh Thử");
    expect(figuresOf(province.html)).toContain("2 đơn mới, chưa tiếp nhận");
    expect(optionsOf(province.html, "unit").map(([, name]) => name)).toEqual(["— Tất cả xã, phường trong tỉnh —", "Xã An Khê", "Xã An Thái"]);
    const commune = await getPage("/dashboard?unitq=an+thai", supervisor);
    expect(commune.text).toContain("Tìm thấy một đơn vị và đã chọn sẵn: Xã An Thái.");
    expect(commune.text).toContain("Đơn của Xã An Thái");
    expect(figuresOf(commune.html)).toContain("1 đơn mới, chưa tiếp nhận");
    expect(commune.html).toContain(`href="/staff/petitions?unit=${units.otherCommune}&amp;status=received"`);
    const chosen = await getPage(`/dashboard?unitq=&unit=${units.commune}`, supervisor);
    expect(chosen.text).toContain("Đơn của Xã An Khê");
    expect(figuresOf(chosen.html)).toContain("1 đơn đang giải quyết");
  });

  it("never lets a supervisor pick a commune of another province", async () => {
    const page = await getPage(`/dashboard?unit=${units.otherProvinceCommune}`, supervisor);
    expect(page.text).toContain("Đơn của Tỉnh Thử");
    expect(page.text).not.toContain("Xã Tiến Đức");
    expect((await getPage("/dashboard?unitq=tien+duc", supervisor)).text).toContain("Không tìm thấy đơn vị nào có tên “tien duc”.");
  });

  it("gives an administrator the administration tasks, with no figures", async () => {
    const page = await getPage("/dashboard", admin);
    expect(page.text).toContain("Bạn đang làm việc với vai trò Quản trị hệ thống.");
    expect(page.html).toContain('<a href="/admin/accounts">Tài khoản</a>');
    expect(figuresOf(page.html)).toEqual([]);
  });
});
