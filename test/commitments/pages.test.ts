/** The follow-up pages: the minutes form without JavaScript, the record, the results page and notice, the promises, the officials' commitments. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { followUpCounts, type MinutesJson, minutesBody, putMinutesOk, sessionUnderWay, threeOpinions, uniqueTitle } from "../support/minutes";
import { roundTripsOf } from "../support/round-trips";
import { actOk, heldSession } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let otherHead: TestAccount;
let villageId = "";
const origin = "http://127.0.0.1";

beforeAll(async () => {
  units = await makeUnits();
  [head, staff, otherHead] = await Promise.all([
    makeAccount("commune_head", units.commune),
    makeAccount("commune_staff", units.commune),
    makeAccount("commune_head", units.otherCommune),
  ]);
  villageId = (await (await api("POST", `/api/v1/units/${units.commune}/villages`, { token: head.token, body: { name: "Thôn Cầu" } })).json<{ id: string }>())
    .id;
});

const page = (path: string, as?: TestAccount) => api("GET", path, { headers: { accept: "text/html", ...(as ? { cookie: `sid=${as.token}` } : {}) } });
const post = (path: string, fields: Record<string, string>, as: TestAccount = staff) =>
  api("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { cookie: `sid=${as.token}`, origin, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
  });

/** The form fields of three opinions as a person fills them in. */
function formOfThree(dueDate: string, commitmentRow = 3): Record<string, string> {
  return {
    intent: "save",
    attendance: "85",
    summary: "Hội nghị dân chủ, thẳng thắn.",
    secretary: "Lê Thư Ký",
    frontRepresentative: "Bà Trần Mặt Trận",
    rows: "5",
    "items.0.question": "Bao giờ làm đường liên thôn?",
    "items.0.villageId": villageId,
    "items.0.answer": "Tháng 5 khởi công.",
    "items.0.answeredOnSpot": "yes",
    "items.1.question": "Hộ tôi chưa được hỗ trợ hộ nghèo.",
    "items.1.askerName": "Đỗ Văn Kiến",
    "items.1.answeredOnSpot": "no",
    "items.1.followUp": "petition",
    "items.1.petitionKind": "recommendation",
    "items.1.petitionCategory": "chinh-sach",
    // A blank row between opinions is left out.
    [`items.${commitmentRow}.question`]: "Đèn đường ngõ 5 hỏng.",
    [`items.${commitmentRow}.answeredOnSpot`]: "no",
    [`items.${commitmentRow}.followUp`]: "commitment",
    [`items.${commitmentRow}.ownerName`]: "Ban quản lý dự án xã",
    [`items.${commitmentRow}.dueDate`]: dueDate,
    [`items.${commitmentRow}.description`]: "Thay đèn ngõ 5.",
  };
}

describe("the minutes form", () => {
  it("saves three opinions without JavaScript; saving the form again makes no second petition or commitment", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const form = await page(`/staff/sessions/${session.id}/minutes`, staff);
    expect(form.status).toBe(200);
    expect(roundTripsOf(form)).toBe(1);
    expect(await form.text()).toContain('name="items.2.question"');
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const saved = await post(`/staff/sessions/${session.id}/minutes`, formOfThree(dueDate));
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(roundTripsOf(saved)).toBe(2);
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
    // The form drawn again carries the ids; posting it back changes nothing that follows.
    const again = await (await page(`/staff/sessions/${session.id}/minutes?saved=1`, staff)).text();
    expect(again).toContain("Đã lưu biên bản.");
    expect(again).toMatch(/Mã theo dõi đơn \(đưa cho người hỏi\): [2-9A-HJ-NP-Z]{12}/);
    const fields = hiddenFields(again);
    expect(fields["items.1.followUp"]).toBe("petition");
    for (let round = 0; round < 2; round++) {
      const repost = await post(`/staff/sessions/${session.id}/minutes`, { ...formOfThree(dueDate, 2), ...idsOf(fields), version: fields.version, rows: "3" });
      expect(repost.status, await repost.clone().text()).toBe(303);
      fields.version = String(Number(fields.version) + 1);
    }
    expect(await followUpCounts(session)).toEqual({ petitions: 1, commitments: 1, items: 3 });
  });

  it("shows a missing follow-up next to its opinion, keeps what was typed, and saves nothing", async () => {
    const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    const bad = await post(`/staff/sessions/${session.id}/minutes`, {
      intent: "save",
      attendance: "10",
      summary: "Tóm tắt.",
      rows: "3",
      "items.2.question": "Ý kiến chưa trả lời.",
      "items.2.answeredOnSpot": "no",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Ý kiến chưa trả lời tại hội nghị phải được chuyển thành đơn kiến nghị hoặc một cam kết.");
    expect(html).toContain('href="#items-0-followUp"');
    expect(html).toContain("Ý kiến chưa trả lời.");
    expect(await followUpCounts(session)).toEqual({ petitions: 0, commitments: 0, items: 0 });
    const more = await post(`/staff/sessions/${session.id}/minutes`, { intent: "more", attendance: "10", summary: "x", rows: "3" });
    expect(more.status).toBe(200);
    expect(await more.text()).toContain('name="items.2.question"');
    expect((await page(`/staff/sessions/${session.id}/minutes`, otherHead)).status).toBe(404);
  });
});

/** The hidden inputs of a drawn form, by name. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
  }
  return fields;
}

/** The hidden ids of the rows, from a drawn form. */
function idsOf(fields: Record<string, string>) {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => /^items\.\d+\.id$/.test(name)));
}

async function publishedResults() {
  const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle(), villageIds: [villageId] });
  const minutes = await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions({ villageId, ownerId: staff.id })));
  await heldSession(head.token, session.id);
  await actOk(head.token, session.id, { action: "publish_results", summary: "Hội nghị đã trả lời 1 ý kiến, ghi nhận 2 việc." });
  return { session, minutes };
}

describe("the record and the results", () => {
  it("the record (biên bản) is for officials: every opinion with its asker, and the four signatures", async () => {
    const session = await sessionUnderWay(head.token, units.commune, {
      title: uniqueTitle(),
      coChair: { name: "Ông Hội Đồng", title: "Phó Chủ tịch HĐND xã" },
    });
    await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions({ villageId })));
    const record = await page(`/staff/sessions/${session.id}/record`, staff);
    expect(record.status).toBe(200);
    expect(roundTripsOf(record)).toBe(1);
    const html = await record.text();
    expect(html).toContain("BIÊN BẢN");
    expect(html).toContain("Số:      /BB-UBND");
    expect(html).toContain("Phạm Văn Hỏi, Thôn Cầu");
    expect(html).toContain("Cam kết: Thay bóng đèn và sửa dây điện ngõ 5.");
    expect(html.match(/class="vb-signature"/g)).toHaveLength(4);
    for (const signer of ["Cán bộ commune_head", "Ông Hội Đồng", "Bà Trần Mặt Trận", "Lê Thư Ký"]) expect(html).toContain(`<p class="vb-signer">${signer}</p>`);
    expect((await page(`/staff/sessions/${session.id}/record`)).status).toBe(303);
    expect((await page(`/staff/sessions/${session.id}/record`, otherHead)).status).toBe(404);
  });

  it("the results page and the results notice are public once the results are out, without names", async () => {
    const draftish = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
    expect((await page(`/sessions/${draftish.id}/results`)).status).toBe(404);
    expect((await page(`/sessions/${draftish.id}/results/notice`)).status).toBe(404);
    const { session } = await publishedResults();
    const results = await page(`/sessions/${session.id}/results`);
    expect(results.status).toBe(200);
    expect(roundTripsOf(results)).toBe(1);
    const html = await results.text();
    expect(html).toContain("Bao giờ làm đường liên thôn Đông – Tây?");
    expect(html).toContain("Ý kiến của người dân Thôn Cầu");
    expect(html).toContain("Thay bóng đèn và sửa dây điện ngõ 5.");
    expect(html).toContain("Chuyển thành đơn kiến nghị, hạn trả lời");
    expect(html).not.toContain("Phạm Văn Hỏi");
    expect(html).not.toContain("<script");
    expect(new TextEncoder().encode(html).length).toBeLessThan(20_000);
    const notice = await page(`/sessions/${session.id}/results/notice`);
    expect(notice.status).toBe(200);
    const printed = await notice.text();
    expect(printed).toContain("THÔNG BÁO");
    expect(printed).toContain(`http://127.0.0.1/sessions/${session.id}/results`);
    expect(printed).toMatch(/<svg style="[^"]+" role="img" aria-label="[^"]+"/);
    expect(printed).toContain("- Trưởng Thôn Cầu;");
    expect(printed).not.toContain("Phạm Văn Hỏi");
  });

  it("the commune's promises page lists every promise and follow-up petition with how far it got", async () => {
    const { minutes } = await publishedResults();
    const promised = (minutes as MinutesJson).items[2].commitment?.id ?? "";
    await api("POST", `/api/v1/commitments/${promised}/progress`, { token: staff.token, body: { status: "in_progress", note: "Đã mua đèn.", percent: 60 } });
    const response = await page(`/units/${units.commune}/promises`);
    expect(response.status).toBe(200);
    expect(roundTripsOf(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain("Những việc Xã An Khê đã hứa và tiến độ");
    expect(html).toContain("Đang thực hiện");
    expect(html).toContain("Tiến độ 60%");
    expect(html).toContain("Hộ tôi chưa được nhận hỗ trợ hộ nghèo năm nay.");
    expect(html).not.toContain("Phạm Văn Hỏi");
    expect((await page("/units/NO-SUCH/promises")).status).toBe(404);
  });
});

describe("the officials' commitments", () => {
  it("list the unit's, and report progress from a form", async () => {
    const { minutes } = await publishedResults();
    const id = minutes.items[2].commitment?.id ?? "";
    const list = await page("/staff/commitments?status=open", staff);
    expect(list.status).toBe(200);
    expect(roundTripsOf(list)).toBe(1);
    expect(await list.text()).toContain(`/staff/commitments/${id}`);
    const one = await page(`/staff/commitments/${id}`, staff);
    expect(await one.text()).toContain("Cập nhật tiến độ");
    const bad = await post(`/staff/commitments/${id}/progress`, { status: "done", percent: "50", note: "Gần xong" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Đã xong nghĩa là 100%.");
    const done = await post(`/staff/commitments/${id}/progress`, { status: "done", note: "Đèn đã sáng." });
    expect(done.status).toBe(303);
    expect(await env.DB.prepare("SELECT status, percent FROM commitments WHERE id = ?").bind(id).first()).toEqual({ status: "done", percent: 100 });
    expect((await page(`/staff/commitments/${id}`, otherHead)).status).toBe(404);
  });
});
