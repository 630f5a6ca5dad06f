import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/roles";
import { canSeeIdentity, inboxSearch } from "../../src/petitions/rules";
import { identityVisibleSql, submitterSearchText } from "../../src/petitions/store";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, type Created, submit } from "../support/petitions";
import { expectRoundTrips } from "../support/round-trips";

// The inbox's search as officials use it: words in any order without diacritics, a tracking code however it is
// written, and the submitter's name or phone only where the searcher may see who sent the petition.

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let otherStaff: TestAccount;
let supervisor: TestAccount;
let road: Created;
let denunciation: Created;
let assignedDenunciation: Created;

/** The ids a search finds in the commune's inbox (a supervisor's narrowed to the commune: the province has another). */
const found = async (who: TestAccount, q: string): Promise<string[]> => {
  const unit = who.role === "supervisor" ? `&unit=${units.commune}` : "";
  const response = await api("GET", `/api/v1/petitions?q=${encodeURIComponent(q)}${unit}`, { token: who.token });
  expect(response.status, await response.clone().text()).toBe(200);
  expectRoundTrips(response, 1);
  return (await response.json<{ items: { id: string }[] }>()).items.map((item) => item.id);
};

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherStaff = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
  road = await submit(units.commune, {
    title: "Đường thôn 3 bị ngập sau mưa",
    content: "Nước ngập đến đầu gối, trẻ em không đi học được.",
    submitter: { name: "Nguyễn Thị Bình", phone: "0912345678" },
  });
  await submit(units.commune, {
    title: "Đèn đường hỏng ở xóm Bắc",
    content: "Ba cột đèn không sáng từ tuần trước.",
    submitter: { name: "Lê Văn Cường", phone: "0987654321" },
  });
  denunciation = await submit(units.commune, {
    kind: "denunciation",
    title: "Tố cáo lấn chiếm đất công",
    content: "Một hộ xây tường rào lấn ra đất công ở thôn Tây.",
    submitter: { name: "Trần Văn Dũng", phone: "0901234567", address: "Thôn Tây" },
  });
  assignedDenunciation = await submit(units.commune, {
    kind: "denunciation",
    title: "Tố cáo thu tiền sai quy định",
    content: "Trưởng thôn thu tiền làm đường không có biên lai.",
    submitter: { name: "Trần Văn Dũng", phone: "0901234567", address: "Thôn Tây" },
  });
  await actOk(head.token, assignedDenunciation.id, { action: "assign", accountId: staff.id });
  // Another commune's petition with the same words: never in this inbox.
  await submit(units.otherCommune, { title: "Đường thôn 3 bị ngập sau mưa", submitter: { name: "Nguyễn Thị Bình", phone: "0912345678" } });
});

describe("words", () => {
  it.each(["duong ngap", "Đường ngập", "ngap duong", "NGẬP   sau mưa thôn 3", "đi học"])("%s finds the road in any order, diacritics optional", async (q) => {
    expect(await found(staff, q)).toEqual([road.id]);
  });

  it("needs every word, and escapes LIKE's wildcards", async () => {
    expect(await found(staff, "duong ngap hoa")).toEqual([]);
    expect(await found(staff, "100%_")).toEqual([]);
  });
});

describe("the tracking code", () => {
  it("is found with or without dashes or spaces, in any case", async () => {
    const code = road.trackingCode;
    const dashed = code.match(/.{4}/g)?.join("-") ?? code;
    for (const q of [code, code.toLowerCase(), dashed, dashed.toLowerCase(), dashed.replace(/-/g, " ")]) expect(await found(staff, q), q).toEqual([road.id]);
  });

  it("of another commune's petition finds nothing", async () => {
    const elsewhere = await submit(units.otherCommune);
    expect(await found(staff, elsewhere.trackingCode)).toEqual([]);
  });
});

describe("the submitter's name and phone", () => {
  it("find a petition whose submitter the searcher may see", async () => {
    for (const who of [staff, head, supervisor]) {
      expect(await found(who, "nguyen thi binh")).toEqual([road.id]);
      expect(await found(who, "Bình Nguyễn")).toEqual([road.id]);
      for (const phone of ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "345678"])
        expect(await found(who, phone), phone).toEqual([road.id]);
    }
  });

  it("never find a protected denouncer for an official who may not see them", async () => {
    expect(await found(otherStaff, "tran van dung")).toEqual([]);
    expect(await found(otherStaff, "0901234567")).toEqual([]);
    // The assigned official sees the identity of the petition assigned to them, and only that one.
    expect(await found(staff, "tran van dung")).toEqual([assignedDenunciation.id]);
    expect((await found(head, "tran van dung")).sort()).toEqual([denunciation.id, assignedDenunciation.id].sort());
    expect((await found(supervisor, "0901 234 567")).sort()).toEqual([denunciation.id, assignedDenunciation.id].sort());
    // What the petition says is not its submitter: its words are found by anyone of the unit.
    expect(await found(otherStaff, "lan chiem dat cong")).toEqual([denunciation.id]);
  });

  it("in SQL, agree with canSeeIdentity for every role, kind, protection and assignee", async () => {
    const viewer = crypto.randomUUID();
    const cases: { kind: "denunciation" | "feedback" | null; identityProtected: boolean; assignedTo: string | null }[] = [];
    for (const kind of ["denunciation", "feedback", null] as const)
      for (const identityProtected of [true, false])
        for (const assignedTo of [viewer, crypto.randomUUID(), null]) cases.push({ kind, identityProtected, assignedTo });
    for (const role of ["commune_head", "commune_staff", "supervisor", "admin"] as Role[]) {
      const visible = identityVisibleSql({ id: viewer, role });
      for (const petition of cases) {
        const row = await env.DB.prepare(`SELECT ${visible.sql} AS visible FROM (SELECT ? AS kind, ? AS identity_protected, ? AS assigned_to)`)
          .bind(...visible.params, petition.kind, petition.identityProtected ? 1 : 0, petition.assignedTo)
          .first<{ visible: number }>();
        const expected = role !== "admin" && canSeeIdentity(petition, { id: viewer, role });
        expect(row?.visible === 1, `${role} ${JSON.stringify(petition)}`).toBe(expected);
      }
    }
  });
});

describe("migration 0071", () => {
  it("folds the names already stored as the app folds new ones", async () => {
    const names = ["Nguyễn Thị Bình", "ĐẶNG VĂN ĐỨC", "Hồ Thị Thủy Tiên", "Lưu Quang Vũ", "Phạm Ngọc Ánh", "Ỷ Lan Dương Thị Ợ"];
    const rows = [...names, ...names.map((name) => name.normalize("NFD"))];
    const petitions = await Promise.all(rows.map(() => submit(units.otherProvinceCommune)));
    await env.DB.batch(
      petitions.map((petition, index) =>
        env.DB.prepare("UPDATE petition_submitters SET name = ?, phone = '0912000111', search_folded = NULL WHERE petition_id = ?").bind(
          rows[index],
          petition.id,
        ),
      ),
    );
    const migration = env.TEST_MIGRATIONS.find((candidate) => candidate.name.startsWith("0071_"));
    const updates = (migration?.queries ?? []).filter((query) => query.startsWith("UPDATE"));
    expect(updates.length).toBeGreaterThan(1);
    await env.DB.batch(updates.map((query) => env.DB.prepare(query)));
    const stored = await env.DB.prepare(`SELECT name, search_folded FROM petition_submitters WHERE petition_id IN (${petitions.map(() => "?").join(", ")})`)
      .bind(...petitions.map((petition) => petition.id))
      .all<{ name: string; search_folded: string }>();
    expect(stored.results).toHaveLength(rows.length);
    for (const row of stored.results) expect(row.search_folded, row.name).toBe(submitterSearchText({ name: row.name, phone: "0912000111" }));
    // Every row the app wrote reads the same after the migration's passes.
    const all = await env.DB.prepare("SELECT name, phone, search_folded FROM petition_submitters").all<{
      name: string | null;
      phone: string | null;
      search_folded: string | null;
    }>();
    for (const row of all.results) expect(row.search_folded, row.name ?? "").toBe(submitterSearchText(row));
  });
});

describe("reading a search", () => {
  it.each([
    ["A3KJ-DF4E-Y9A8", { trackingCode: "A3KJDF4EY9A8" }],
    ["a3kj df4e y9a8", { trackingCode: "A3KJDF4EY9A8" }],
    ["a3kjdf4ey9a8", { trackingCode: "A3KJDF4EY9A8" }],
    ["Đường  ngập", { words: ["duong", "ngap"], identityWords: ["duong", "ngap"] }],
    ["+84 912.345.678", { words: ["+84", "912.345.678"], identityWords: ["0912345678"] }],
    // Not a code: O and I are not in the alphabet, and a name is words.
    ["Hoang Van Thoi", { words: ["hoang", "van", "thoi"], identityWords: ["hoang", "van", "thoi"] }],
    [
      "một hai ba bốn năm sáu bảy tám chín mười",
      { words: ["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam"], identityWords: ["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam"] },
    ],
  ])("%s", (q, expected) => {
    expect(inboxSearch(q)).toEqual(expected);
  });
});
