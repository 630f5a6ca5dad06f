/**
 * The petition pages as people use them (issue 9): the resident's form, its confirmation and Back, the feedback
 * form's errors; the head's page — state, deadline and next step first, the irreversible actions behind a
 * confirmation, closing only after the resident's window; picking officials, originals and communes by name; the
 * history with who did each step; the inbox's search and the supervisor's commune filter.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { getPage, makePerson, optionsOf, type Page, postForm } from "../support/pages";
import { makePetitionStates, type PetitionStates } from "../support/petition-states";
import { freshIp, submit } from "../support/petitions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let states: PetitionStates;
const origin = "http://127.0.0.1";

beforeAll(async () => {
  units = await makeUnits();
  head = await makePerson("commune_head", units.commune);
  staff = await makePerson("commune_staff", units.commune);
  supervisor = await makePerson("supervisor", units.province);
  states = await makePetitionStates(units, head, staff);
});

const dashed = (code: string) => code.match(/.{4}/g)?.join("-") ?? code;
const versionOf = async (id: string) => (await env.DB.prepare("SELECT version FROM petitions WHERE id = ?").bind(id).first<number>("version")) ?? 1;
const statusOf = async (id: string) => env.DB.prepare("SELECT status FROM petitions WHERE id = ?").bind(id).first<string>("status");
const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM petitions").first<number>("n")) ?? 0;

/** The residents' form posted as a browser posts it (multipart), from its own address. */
function send(fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return api("POST", "/petitions/new", { rawBody: body, headers: { origin, accept: "text/html", "cf-connecting-ip": freshIp() } });
}

const residentFields = (key: string, overrides: Record<string, string> = {}) => ({
  idempotencyKey: key,
  unitCode: units.commune,
  category: "ha-tang",
  kind: "recommendation",
  title: "Cống tràn đầu thôn bị vỡ",
  content: "Cống tràn đầu thôn bị vỡ sau lũ, xe không qua được.",
  name: "Hoàng Thị Lan",
  phone: "0987 654 321",
  email: "lan.hoang@example.vn",
  consent: "on",
  ...overrides,
});

/** The HTML of the `<details>` (or section) whose id is given, to look inside one action's step. */
const stepOf = (page: Page, id: string) => page.html.match(new RegExp(`<(details|section)[^>]*id="${id}"[\\s\\S]*?</\\1>`))?.[0] ?? "";

describe("the residents' form", () => {
  it("gets its own address with a key, which the form carries; the category and the commune start on no choice", async () => {
    const visit = await api("GET", "/petitions/new?unitq=an+khe");
    expect(visit.status).toBe(303);
    const location = visit.headers.get("location") ?? "";
    expect(location).toMatch(/^\/petitions\/new\?form=[\w-]{24}&unitq=an\+khe$/);
    const key = new URL(location, origin).searchParams.get("form") ?? "";
    const page = await getPage(location);
    expect(page.html).toContain(`<input type="hidden" name="idempotencyKey" value="${key}"/>`);
    expect(optionsOf(page.html, "category")[0]).toEqual(["", "— Chọn lĩnh vực —", false]);
    expect(optionsOf(page.html, "unitCode")[0]).toEqual(["", "— Chọn xã, phường —", false]);
    // The only commune found is chosen; the residents need not know any code.
    expect(optionsOf(page.html, "unitCode").find(([, , selected]) => selected)?.[1]).toBe("Xã An Khê — Tỉnh Thử");
    expect(page.text).toContain("Tìm thấy một đơn vị và đã chọn sẵn");
    expect((await api("GET", location)).headers.get("cache-control")).toBe("private, no-cache");
  });

  it("says so when no commune matches", async () => {
    const page = await getPage("/petitions/new?form=flowsNoCommune00001&unitq=khong+co+xa+nay");
    expect(page.text).toContain("Không tìm thấy đơn vị nào có tên “khong co xa nay”");
  });

  it("marks each field required or optional the same way, and lists every missing one in words by its field", async () => {
    const empty = await send({ idempotencyKey: "flowsEmptyForm000001" });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toMatch(/<title>Lỗi: /);
    const summary = html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "";
    const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]]);
    expect(links).toEqual([
      ["unitCode", "Chọn xã, phường nhận đơn."],
      ["category", "Chọn lĩnh vực của đơn."],
      ["title", "Nhập tiêu đề của đơn."],
      ["content", "Nhập nội dung đơn."],
      ["name", "Vui lòng nhập họ tên (hoặc chọn gửi ẩn danh cho phản ánh)."],
      ["phone", "Cần số điện thoại hoặc email để nhận trả lời."],
      ["consent", "Cần đồng ý cho xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)."],
    ]);
    expect(html).toMatch(/id="unitCode-error"[^>]*><span class="visually-hidden">Lỗi: <\/span>Chọn xã, phường nhận đơn\./);
    for (const optional of ["Ảnh", "Email", "Địa chỉ", "Số căn cước công dân"])
      expect(html).toContain(`${optional}<span class="optional"> (không bắt buộc)</span>`);
    for (const required of ["Tiêu đề", "Nội dung", "Họ và tên", "Số điện thoại"]) expect(html).toMatch(new RegExp(`>${required}</label>`));
  });

  it("finds a commune without JavaScript, keeping what was typed and storing nothing", async () => {
    const before = await count();
    const response = await send({ ...residentFields("flowsSearchStep00001"), unitCode: "", find: "unitCode", unitq: "an thai" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(optionsOf(html, "unitCode").find(([, , selected]) => selected)?.[0]).toBe(units.otherCommune);
    expect(html).toContain("Cống tràn đầu thôn bị vỡ");
    expect(await count()).toBe(before);
  });

  it("sent twice from the same form — a double tap, or Back and send again, even changed — makes one petition", async () => {
    const key = "flowsBackAndSend0001";
    const first = await send(residentFields(key));
    expect(first.status).toBe(303);
    const location = first.headers.get("location") ?? "";
    expect(location).toMatch(/^\/petitions\/sent\/[2-9A-HJ-NP-Z]{12}$/);
    const after = await count();
    const again = await send(residentFields(key));
    expect(again.headers.get("location")).toBe(location);
    const changed = await send(residentFields(key, { title: "Cống tràn đầu thôn vỡ nặng" }));
    expect(changed.headers.get("location")).toBe(location);
    expect(await count()).toBe(after);
    // Back to the form: it says it was sent, and where.
    const form = await getPage(`/petitions/new?form=${key}`);
    const code = location.slice(-12);
    expect(form.text).toContain(`Đơn này đã được gửi, mã theo dõi ${dashed(code)}.`);
    expect(form.html).toContain(`href="/petitions/sent/${code}"`);
    expect(form.html).toContain('href="/petitions/new"');
  });

  it("the page after sending shows the code, who answers by when, and where messages go", async () => {
    const sent = await getPage(`/petitions/sent/${states.received.trackingCode}`);
    expect(sent.html).toMatch(/<title>Đã gửi đơn – Đối thoại<\/title>/);
    expect(sent.html).toContain(`<p class="big-code" id="tracking-code">${dashed(states.received.trackingCode)}</p>`);
    expect(sent.text).toMatch(/Xã An Khê xem đơn và báo tiếp nhận hoặc hướng dẫn trước hết ngày \d{2}\/\d{2}\/\d{4} \(còn \d+ ngày làm việc\)\./);
    expect(sent.text).toContain("anh/chị sẽ nhận email đến b•••@example.vn và tin nhắn SMS đến 09•••••678.");
    expect(sent.text).not.toContain("0912345678");
    // Copying and sharing need JavaScript: the buttons are there for it to reveal.
    expect(sent.html).toMatch(/<button type="button" class="secondary" data-copy="[^"]*" hidden="">Chép mã<\/button>/);
    expect(sent.html).toContain('<script src="/static/petition-sent.js" defer=""></script>');
    const anonymous = await getPage(`/petitions/sent/${states.anonymous.trackingCode}`);
    expect(anonymous.text).toContain("Anh/chị không để lại số điện thoại hay email");
  });
});

describe("tracking and the resident's answer", () => {
  it("shows the running deadline in working days, and until when an answer may be given", async () => {
    const received = await getPage(`/track/${states.received.trackingCode}`);
    expect(received.text).toMatch(/Hạn tiếp nhận, thụ lý \d{2}\/\d{2}\/\d{4} còn \d+ ngày làm việc/);
    const overdue = await getPage(`/track/${states.overdue.trackingCode}`);
    expect(overdue.text).toMatch(/Hạn tiếp nhận, thụ lý 05\/01\/2026 quá hạn \d+ ngày/);
    expect(overdue.text).toContain("Quá hạn xử lý");
    expect(overdue.text).not.toContain("2026-01-05");
    const answered = await getPage(`/track/${states.answered.trackingCode}`);
    expect(answered.text).toMatch(/Anh\/chị có thể trả lời đến hết ngày \d{2}\/\d{2}\/\d{4}\./);
    expect(answered.text).toContain("Ban hành trả lời");
  });

  it("a refusal stays on the petition, with the error by the box it is about, and changes nothing", async () => {
    const path = `/track/${states.answered.trackingCode}/feedback`;
    const noChoice = await postForm(path, {});
    expect(noChoice.status).toBe(400);
    expect(noChoice.html).toMatch(/<title>Lỗi: Đơn của anh\/chị – Đối thoại<\/title>/);
    expect(noChoice.html).toMatch(/id="satisfied-error"[^>]*><span class="visually-hidden">Lỗi: <\/span>Chọn hài lòng hoặc chưa hài lòng\./);
    const noReason = await postForm(path, { satisfied: "false" });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain("Nước sinh hoạt bị đục");
    expect(noReason.html).toMatch(/id="comment-error"[^>]*><span class="visually-hidden">Lỗi: <\/span>Hãy cho biết vì sao chưa hài lòng\./);
    expect(noReason.html).toMatch(/id="satisfied-no"[^>]*checked/);
    expect(await statusOf(states.answered.id)).toBe("answered");
  });
});

describe("the head's petition page", () => {
  it("puts the state, the deadline and the one next step first; the other actions follow, the irreversible ones behind a question", async () => {
    const page = await getPage(`/staff/petitions/${states.classified.id}`, head);
    const main = page.html.slice(page.html.indexOf("<main"));
    expect(main.indexOf("Trạng thái")).toBeLessThan(main.indexOf('id="next-step-title"'));
    expect(page.text).toMatch(/Hạn tiếp nhận, thụ lý \d{2}\/\d{2}\/\d{4} còn \d+ ngày làm việc/);
    const next = main.slice(main.indexOf('id="next-step-title"'), main.indexOf("</section>"));
    expect(next).toContain('<input type="hidden" name="action" value="accept"/>');
    expect(next).toContain("Thụ lý đơn</button>");
    for (const action of ["return", "transfer", "file", "mark_duplicate", "split"]) {
      const step = stepOf(page, `${action}-step`);
      expect(step, action).toMatch(/^<details class="confirm"/);
      expect(step, action).toMatch(/<button type="submit" class="danger">Có, /);
    }
    expect(stepOf(page, "note-step")).toContain("Ghi chú nội bộ — người dân không thấy");
    // Staff and head alike never see a code or an id to type.
    expect(page.html).not.toMatch(/name="(toUnitCode|of)"[^>]*type="text"/);
  });

  it("offers closing only once the resident's window has passed, and says until when they may answer", async () => {
    const waiting = await getPage(`/staff/petitions/${states.answered.id}`, staff);
    expect(waiting.html).not.toContain('name="action" value="resolve"');
    expect(waiting.text).toMatch(/Đang chờ người dân phản hồi đến hết ngày (\d{2}\/\d{2}\/\d{4})\. Sau ngày đó/);
    expect(waiting.text).toMatch(/Người dân phản hồi đến hết ngày \d{2}\/\d{2}\/\d{4}/);
    const passed = await getPage(`/staff/petitions/${states.answeredLongAgo.id}`, staff);
    const next = stepOf(passed, "resolve-step");
    expect(next).toMatch(/^<details class="confirm"/);
    expect(next).toContain("Kết thúc đơn? Người dân sẽ không còn phản hồi được.");
    expect(passed.text).toMatch(/Thời hạn người dân phản hồi đã hết \(hết ngày \d{2}\/\d{2}\/\d{4}\)/);
  });

  it("assigns an official picked by name; the history says who did it and to whom", async () => {
    const created = await submit(units.commune, { kind: "feedback", title: "Cột điện nghiêng", content: "Cột điện đầu ngõ 4 nghiêng sau bão." });
    await api("POST", `/api/v1/petitions/${created.id}/actions`, { token: staff.token, body: { action: "accept" } });
    const page = await getPage(`/staff/petitions/${created.id}`, head);
    expect(optionsOf(page.html, "assign-account").map(([, label]) => label)).toEqual([
      "— Chọn cán bộ —",
      "Lê Thị Cán Bộ (Cán bộ xã)",
      "Nguyễn Văn Chủ Tịch (Chủ tịch UBND xã)",
    ]);
    const assigned = await postForm(
      `/staff/petitions/${created.id}/actions`,
      { action: "assign", version: String(await versionOf(created.id)), accountId: staff.id },
      head,
    );
    expect(assigned.status).toBe(303);
    const after = await getPage(`/staff/petitions/${created.id}?done=assign`, head);
    expect(after.text).toContain("Đã xong: Giao cán bộ xử lý.");
    expect(after.text).toMatch(/Giao cán bộ xử lý · Nguyễn Văn Chủ Tịch \(Chủ tịch UBND xã\) · Đã thụ lý · giao cho Lê Thị Cán Bộ/);
    expect(after.text).toMatch(/Thụ lý đơn · Lê Thị Cán Bộ \(Cán bộ xã\)/);
    expect(after.text).toMatch(/Đơn được gửi đến xã · Người dân/);
    const empty = await postForm(
      `/staff/petitions/${created.id}/actions`,
      { action: "assign", version: String(await versionOf(created.id)), accountId: "" },
      head,
    );
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/id="assign-account-error"[^>]*><span class="visually-hidden">Lỗi: <\/span>Chọn cán bộ được giao\./);
    expect(stepOf(empty, "assign-step")).toMatch(/^<details class="action" open=""/);
  });

  it("finds a duplicate's original by its tracking code or title, and marks it by choosing it", async () => {
    const copy = await submit(units.commune, { kind: "feedback", title: "Rác chợ xã lại ùn", content: "Rác ở chợ xã lại ba ngày chưa thu gom." });
    const byCode = await getPage(`/staff/petitions/${copy.id}?dupq=${dashed(states.classified.trackingCode).toLowerCase()}`, staff);
    const step = stepOf(byCode, "mark_duplicate-step");
    expect(step).toMatch(/^<details class="confirm" open=""/);
    expect(step).toContain(`${dashed(states.classified.trackingCode)}</span> — Rác thải chưa thu gom ở chợ (Đã tiếp nhận)`);
    expect(step).toMatch(new RegExp(`<input type="radio" name="of" id="mark_duplicate-of-0" value="${states.classified.id}" checked=""/>`));
    const byTitle = await postForm(`/staff/petitions/${copy.id}/actions`, { action: "mark_duplicate", version: "1", find: "of", dupq: "rac thai cho" }, staff);
    expect(byTitle.status).toBe(200);
    expect(stepOf(byTitle, "mark_duplicate-step")).toContain("Rác thải chưa thu gom ở chợ");
    const none = await getPage(`/staff/petitions/${copy.id}?dupq=khong+co+don+nay`, staff);
    expect(none.text).toContain("Không có đơn nào của xã khớp với “khong co don nay”.");
    const unchosen = await postForm(`/staff/petitions/${copy.id}/actions`, { action: "mark_duplicate", version: "1", dupq: "rac" }, staff);
    expect(unchosen.status).toBe(400);
    expect(unchosen.text).toContain("Chọn đơn gốc trong danh sách (tìm theo mã theo dõi hoặc tiêu đề).");
    const marked = await postForm(`/staff/petitions/${copy.id}/actions`, { action: "mark_duplicate", version: "1", of: states.classified.id }, staff);
    expect(marked.status).toBe(303);
    const page = await getPage(`/staff/petitions/${copy.id}`, staff);
    expect(page.text).toContain(`Trùng với đơn ${dashed(states.classified.trackingCode)} — Rác thải chưa thu gom ở chợ`);
  });

  it("transfers to a commune picked by name, or says what is missing next to the picker", async () => {
    const moving = await submit(units.commune, { kind: "recommendation", title: "Mương thoát nước giáp ranh", content: "Mương giáp ranh hai xã bị tắc." });
    const searched = await getPage(`/staff/petitions/${moving.id}?toq=an+thai`, staff);
    expect(optionsOf(searched.html, "toUnitCode").find(([, , selected]) => selected)).toEqual([units.otherCommune, "Xã An Thái — Tỉnh Thử", true]);
    expect(stepOf(searched, "transfer-step")).toMatch(/^<details class="confirm" open=""/);
    const nowhere = await postForm(`/staff/petitions/${moving.id}/actions`, { action: "transfer", version: "1", reason: "Mương thuộc xã bên." }, staff);
    expect(nowhere.status).toBe(400);
    expect(nowhere.html).toMatch(/id="toUnitCode-error"[^>]*><span class="visually-hidden">Lỗi: <\/span>Chọn một xã, phường hoặc ghi tên một cơ quan/);
    expect(nowhere.html).toContain('<a href="#toUnitCode">');
    const moved = await postForm(
      `/staff/petitions/${moving.id}/actions`,
      { action: "transfer", version: "1", toUnitCode: units.otherCommune, reason: "Mương thuộc xã bên." },
      staff,
    );
    expect(moved.status).toBe(303);
    // No longer this commune's petition: back to the inbox, which says where it went, not to a page it cannot open.
    expect(moved.location).toBe("/staff/petitions?done=moved");
    const inbox = await getPage("/staff/petitions?done=moved", staff);
    expect(inbox.text).toContain("Đã chuyển đơn sang xã, phường khác. Đơn không còn trong hộp đơn của xã");
    expect(inbox.html).not.toContain("done=moved&amp;");
    expect(await env.DB.prepare("SELECT unit_code FROM petitions WHERE id = ?").bind(moving.id).first("unit_code")).toBe(units.otherCommune);
  });

  it("shows the history in words: steps, who, states and the system's own entries", async () => {
    const page = await getPage(`/staff/petitions/${states.overdue.id}`, head);
    expect(page.text).toMatch(/Hạn được tính lại theo lịch nghỉ mới · Hệ thống · Đã tiếp nhận · hạn từ 02\/01\/2026 thành 05\/01\/2026/);
    expect(page.text).toMatch(/Quá hạn xử lý · Hệ thống · Đã tiếp nhận/);
    expect(page.text).toMatch(/quá hạn \d+ ngày/);
    const extended = await getPage(`/staff/petitions/${states.extended.id}`, head);
    expect(extended.text).toMatch(/Gia hạn giải quyết · Nguyễn Văn Chủ Tịch \(Chủ tịch UBND xã\) · Đã thụ lý · thêm 30 ngày: Cần thêm thời gian xác minh/);
    expect(extended.text).toMatch(/Phân loại đơn · Lê Thị Cán Bộ \(Cán bộ xã\) · Đã tiếp nhận · Tố cáo · Đặc biệt phức tạp/);
    expect(extended.text).toContain("đã gia hạn 1/2 lần");
  });

  it("for a supervisor: the petition and its history, no forms", async () => {
    const page = await getPage(`/staff/petitions/${states.inProgress.id}`, supervisor);
    expect(page.text).toContain("Giám sát viên xem đơn; cán bộ xã xử lý.");
    expect(page.html).not.toContain('name="action"');
    expect(page.text).toContain("Lê Thị Cán Bộ");
  });
});

describe("the inbox", () => {
  it("shows deadlines in working days and who has each petition, by name", async () => {
    const page = await getPage("/staff/petitions?q=xin+lam+lai+cong", head);
    const row = page.html.match(/<tr><td><a href="\/staff\/petitions\/[^"]+">Xin làm lại cống thoát nước<\/a>[\s\S]*?<\/tr>/)?.[0] ?? "";
    expect(row).toMatch(/còn \d+ ngày làm việc/);
    expect(row).toContain("<td>Lê Thị Cán Bộ</td>");
    expect(page.text).toContain("Đến hạn trong (ngày làm việc)");
  });

  it("a supervisor filters by a commune picked by name, and sees each petition's commune", async () => {
    const all = await getPage("/staff/petitions", supervisor);
    expect(optionsOf(all.html, "unit")[0]).toEqual(["", "Tất cả các xã, phường trong tỉnh", false]);
    expect(optionsOf(all.html, "unit").some(([, , selected]) => selected)).toBe(false);
    expect(all.text).toContain("Đường tỉnh lộ bị sụt lún"); // now at Xã An Thái
    const found = await getPage("/staff/petitions?unitq=an+thai", supervisor);
    expect(found.text).toContain("Tìm thấy một đơn vị và đã chọn sẵn: Xã An Thái.");
    expect(found.text).toMatch(/Đường tỉnh lộ bị sụt lún [\dA-Z-]{14} · Xã An Thái/);
    expect(found.text).not.toContain("Xin làm lại cống thoát nước");
    const one = await getPage(`/staff/petitions?unit=${units.commune}`, supervisor);
    expect(one.text).toMatch(/Xin làm lại cống thoát nước [\dA-Z-]{14} · Xã An Khê/);
    expect(one.text).not.toContain("Đường tỉnh lộ bị sụt lún");
  });
});
