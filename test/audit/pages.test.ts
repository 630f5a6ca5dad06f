/** The activity log page: one line per event, actions as sentences, people and petitions by name. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { auditStatement } from "../../src/audit/store";
import { makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { getPage, makePerson } from "../support/pages";
import { submit } from "../support/petitions";

let units: TestUnits;
let admin: TestAccount;
let head: TestAccount;
let petition: { id: string; trackingCode: string };

beforeAll(async () => {
  units = await makeUnits();
  admin = await makePerson("admin", null);
  head = await makePerson("commune_head", units.commune);
  petition = await submit(units.commune);
  // A head opening a petition with three photos, acting on it and landing back on it: nine entries.
  const view = () => auditStatement(env.DB, { actorId: head.id, action: "petition.view_personal_data", targetType: "petition", targetId: petition.id });
  const photo = () =>
    auditStatement(env.DB, {
      actorId: head.id,
      action: "petition.view_photo",
      targetType: "petition",
      targetId: petition.id,
      detail: { attachmentId: crypto.randomUUID() },
    });
  await env.DB.batch([view(), photo(), photo(), photo(), view(), photo(), photo(), photo(), view()]);
});

const dashed = (code: string) => code.match(/.{1,4}/g)?.join("-");

describe("activity log page", () => {
  it("reads the nine entries of one visit as one line, with the head's name, role and unit, and the petition's number", async () => {
    const page = await getPage(`/admin/audit?actorId=${head.id}`, admin);
    const rows = page.html.match(/<tbody>([\s\S]*)<\/tbody>/)?.[1].match(/<tr>/g) ?? [];
    expect(rows).toHaveLength(1);
    expect(page.text).toContain("Đang xem việc của Nguyễn Văn Chủ Tịch.");
    expect(page.text).toContain("Nguyễn Văn Chủ Tịch Chủ tịch UBND xã, Xã An Khê");
    expect(page.text).toContain(`Xem thông tin cá nhân của người gửi đơn số ${dashed(petition.trackingCode)} (3 lần)`);
    expect(page.text).toContain(`Xem ảnh đính kèm đơn số ${dashed(petition.trackingCode)} (6 lần)`);
    expect(page.text).not.toContain(petition.id);
  });

  it("tells exports and views of notices' addresses in words", async () => {
    await env.DB.batch([
      auditStatement(env.DB, {
        actorId: admin.id,
        action: "petition.export",
        targetType: "unit",
        targetId: units.commune,
        detail: { format: "xlsx", from: "2026-01-01", to: "2026-03-31" },
      }),
      auditStatement(env.DB, { actorId: admin.id, action: "notification.view_addresses", targetType: "petition", targetId: petition.id, detail: { count: 2 } }),
    ]);
    const page = await getPage(`/admin/audit?actorId=${admin.id}`, admin);
    expect(page.text).toContain("Xuất danh sách đơn của Xã An Khê ra tệp Excel, gửi từ 01/01/2026 đến 31/03/2026");
    expect(page.text).toContain(`Xem địa chỉ liên lạc trong thông báo gửi về đơn số ${dashed(petition.trackingCode)}`);
  });

  it("filters by kind of action, named in words", async () => {
    const page = await getPage("/admin/audit?action=petition.view_photo", admin);
    expect(page.html).toContain('<option value="petition.view_photo" selected="">Xem ảnh đính kèm đơn</option>');
    expect(page.text).not.toContain("Xem thông tin cá nhân của người gửi");
  });
});
