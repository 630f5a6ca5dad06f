import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits, uniqueCode } from "../support/factory";

let units: TestUnits;
let admin: TestAccount;
let head: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  head = await makeAccount("commune_head", units.commune);
});

const countUnits = async (codes: string[]) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM units WHERE code IN (SELECT value FROM json_each(?))").bind(JSON.stringify(codes)).first<{ n: number }>())
    ?.n;

describe("GET /api/v1/units", () => {
  it("is public and filters by parent, level and name without diacritics", async () => {
    const response = await api("GET", `/api/v1/units?parent=${units.province}`);
    expect(response.status).toBe(200);
    const page = await response.json<{ items: { code: string; provinceCode: string }[]; nextCursor: string | null }>();
    expect(page.items.map((unit) => unit.code).sort()).toEqual([units.commune, units.otherCommune].sort());
    expect(page.items[0].provinceCode).toBe(units.province);

    const search = await (await api("GET", `/api/v1/units?parent=${units.province}&q=an%20khe`)).json<{ items: { name: string }[] }>();
    expect(search.items.map((unit) => unit.name)).toEqual(["Xã An Khê"]);
  });

  it("pages with limit and an opaque cursor", async () => {
    const first = await (await api("GET", `/api/v1/units?parent=${units.province}&limit=1`)).json<{ items: { code: string }[]; nextCursor: string }>();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = await (await api("GET", `/api/v1/units?parent=${units.province}&limit=1&cursor=${first.nextCursor}`)).json<{
      items: { code: string }[];
      nextCursor: string | null;
    }>();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].code).not.toBe(first.items[0].code);
    expect(second.nextCursor).toBeNull();
  });

  it("rejects a bad limit, level or cursor with the failing field", async () => {
    const limit = await problemOf(await api("GET", "/api/v1/units?limit=500"));
    expect(limit.errors?.[0].path).toBe("limit");
    const level = await problemOf(await api("GET", "/api/v1/units?level=village"));
    expect(level.errors?.[0].path).toBe("level");
    const cursor = await problemOf(await api("GET", "/api/v1/units?cursor=garbage"));
    expect(cursor.errors?.[0].path).toBe("cursor");
  });

  it("filters by validOn so merged units drop out after their end date", async () => {
    const old = uniqueCode("OLD");
    const created = await api("POST", "/api/v1/units", {
      token: admin.token,
      body: { code: old, name: "Xã Cũ", level: "commune", parentCode: units.province, validTo: "2025-06-30", replacedBy: units.commune },
    });
    expect(created.status).toBe(201);
    const before = await (await api("GET", `/api/v1/units?parent=${units.province}&validOn=2025-06-01`)).json<{ items: { code: string }[] }>();
    expect(before.items.map((unit) => unit.code)).toContain(old);
    const after = await (await api("GET", `/api/v1/units?parent=${units.province}&validOn=2025-07-01`)).json<{ items: { code: string }[] }>();
    expect(after.items.map((unit) => unit.code)).not.toContain(old);
    const detail = await (await api("GET", `/api/v1/units/${old}`)).json<{ replacedBy: string }>();
    expect(detail.replacedBy).toBe(units.commune);
  });

  it("answers 404 problem for an unknown unit", async () => {
    const response = await api("GET", "/api/v1/units/NOPE999");
    expect(response.status).toBe(404);
    await problemOf(response);
  });
});

describe("POST /api/v1/units", () => {
  it("lets an administrator create a commune under a province, deriving its province", async () => {
    const code = uniqueCode("N");
    const response = await api("POST", "/api/v1/units", {
      token: admin.token,
      body: { code, name: "Xã Đông Trà", level: "commune", parentCode: units.province },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ code, name: "Xã Đông Trà", level: "commune", parentCode: units.province, provinceCode: units.province });
    const row = await env.DB.prepare("SELECT province_code, name_folded FROM units WHERE code = ?").bind(code).first();
    expect(row).toEqual({ province_code: units.province, name_folded: "xa dong tra" });
  });

  it("refuses other roles (403) and anonymous callers (401)", async () => {
    const body = { code: uniqueCode("N"), name: "X", level: "province" };
    expect((await api("POST", "/api/v1/units", { token: head.token, body })).status).toBe(403);
    expect((await api("POST", "/api/v1/units", { body })).status).toBe(401);
    expect(await countUnits([body.code])).toBe(0);
  });

  it("answers invalid input with every failing field and stores nothing", async () => {
    const code = uniqueCode("BAD");
    const response = await api("POST", "/api/v1/units", { token: admin.token, body: { code, name: "", level: "village", validFrom: "2025-02-30x" } });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(["level", "name", "validFrom"]);
    expect(await countUnits([code])).toBe(0);
  });

  it("refuses a commune without a parent, a commune under a commune, and an unknown parent", async () => {
    for (const parentCode of [undefined, units.commune, "NOPARENT"]) {
      const code = uniqueCode("N");
      const problem = await problemOf(await api("POST", "/api/v1/units", { token: admin.token, body: { code, name: "Xã", level: "commune", parentCode } }));
      expect(problem.errors?.[0].path).toBe("parentCode");
      expect(await countUnits([code])).toBe(0);
    }
  });

  it("answers 409 for a code that exists", async () => {
    const response = await api("POST", "/api/v1/units", {
      token: admin.token,
      body: { code: units.commune, name: "Trùng", level: "commune", parentCode: units.province },
    });
    expect(response.status).toBe(409);
    const row = await env.DB.prepare("SELECT name FROM units WHERE code = ?").bind(units.commune).first<{ name: string }>();
    expect(row?.name).toBe("Xã An Khê");
  });
});

describe("POST /api/v1/units/import", () => {
  const csv = (lines: string[]) => ({ token: admin.token, rawBody: lines.join("\r\n"), headers: { "content-type": "text/csv" } });

  it("imports a whole list with a BOM, parents defined in the same file, and replacements", async () => {
    const [province, district, commune, merged] = [uniqueCode("IP"), uniqueCode("ID"), uniqueCode("IC"), uniqueCode("IM")];
    const response = await api(
      "POST",
      "/api/v1/units/import",
      csv([
        "\uFEFFcode,name,level,parent_code,valid_from,valid_to,replaced_by",
        `${commune},"Xã An Khê, mới",commune,${province},2025-07-01,,`,
        `${merged},Xã Cũ,commune,${district},,2025-06-30,${commune}`,
        `${district},Huyện Quỳnh Phụ,district,${province},,2025-06-30,`,
        `${province},Tỉnh Thái Bình,province,,,,`,
      ]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: 4, created: 4, updated: 0 });
    const rows = await env.DB.prepare("SELECT code, name, province_code, replaced_by FROM units WHERE code IN (?, ?) ORDER BY code")
      .bind(commune, merged)
      .all();
    expect(rows.results).toEqual(
      [
        { code: commune, name: "Xã An Khê, mới", province_code: province, replaced_by: null },
        { code: merged, name: "Xã Cũ", province_code: province, replaced_by: commune },
      ].sort((a, b) => a.code.localeCompare(b.code)),
    );
  });

  it("updates existing codes when the list is imported again", async () => {
    const code = uniqueCode("IU");
    await api("POST", "/api/v1/units/import", csv(["code,name,level,parent_code", `${code},Xã Một,commune,${units.province}`]));
    const again = await api("POST", "/api/v1/units/import", csv(["code,name,level,parent_code", `${code},Xã Một Mới,commune,${units.province}`]));
    expect(await again.json()).toEqual({ imported: 1, created: 0, updated: 1 });
    const row = await env.DB.prepare("SELECT name FROM units WHERE code = ?").bind(code).first<{ name: string }>();
    expect(row?.name).toBe("Xã Một Mới");
  });

  it("rejects a malformed file whole, naming every failing line", async () => {
    const [good1, good2, bad1, bad2] = [uniqueCode("G"), uniqueCode("G"), uniqueCode("B"), uniqueCode("B")];
    const response = await api(
      "POST",
      "/api/v1/units/import",
      csv([
        "code,name,level,parent_code",
        `${good1},Xã Tốt,commune,${units.province}`,
        `${bad1},Xã Xấu,village,${units.province}`,
        `${good2},Xã Tốt Hai,commune,${units.province}`,
        `${bad2},Xã Mồ Côi,commune,NOPARENT`,
        `${good1},Trùng mã,commune,${units.province}`,
        "only,three,fields",
      ]),
    );
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((error) => error.line)).toEqual([3, 5, 6, 7]);
    expect(await countUnits([good1, good2, bad1, bad2])).toBe(0);
  });

  it("rejects a wrong header, an unterminated quote and a non-CSV content type", async () => {
    const header = await problemOf(await api("POST", "/api/v1/units/import", csv(["id,title", "1,x"])));
    expect(header.errors?.[0]).toMatchObject({ line: 1, path: "header" });
    const quote = await problemOf(await api("POST", "/api/v1/units/import", csv(["code,name,level,parent_code", 'X1,"Xã,commune,'])));
    expect(quote.errors?.[0].line).toBe(2);
    const type = await api("POST", "/api/v1/units/import", { token: admin.token, rawBody: "code", headers: { "content-type": "application/json" } });
    expect(type.status).toBe(415);
  });

  it("is for administrators only", async () => {
    const response = await api("POST", "/api/v1/units/import", {
      token: head.token,
      rawBody: "code,name,level,parent_code\nZ,Z,province,",
      headers: { "content-type": "text/csv" },
    });
    expect(response.status).toBe(403);
  });
});
