import { describe, expect, it } from "vitest";
import { api, problemOf } from "../support/factory";

/** Errors speak one language: Accept-Language, then the lang cookie, then Vietnamese; codes never change. */
describe("the language of API errors", () => {
  it("answers in Vietnamese by default, with a stable code per field", async () => {
    const problem = await problemOf(await api("GET", "/api/v1/units?level=village"));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe("invalid");
    expect(problem.detail).toBe("Thông tin này chưa hợp lệ.");
    expect(problem.errors).toEqual([{ path: "level", code: "choice", message: "Hãy chọn một mục trong danh sách." }]);
  });

  it("answers in English when Accept-Language prefers it, and in Vietnamese when it prefers that", async () => {
    const english = await problemOf(await api("GET", "/api/v1/units?level=village", { headers: { "accept-language": "en-GB,en;q=0.9,vi;q=0.5" } }));
    expect(english.detail).toBe("This is not valid.");
    expect(english.errors?.[0]).toMatchObject({ path: "level", code: "choice", message: "Choose one of the options." });
    const vietnamese = await problemOf(await api("GET", "/api/v1/units?level=village", { headers: { "accept-language": "fr, vi;q=0.8, en;q=0.5" } }));
    expect(vietnamese.errors?.[0].message).toBe("Hãy chọn một mục trong danh sách.");
  });

  it("falls back to the language cookie, and never mixes languages in one message", async () => {
    const problem = await problemOf(await api("GET", "/api/v1/units/%20", { headers: { cookie: "lang=en" } }));
    expect(problem.status).toBe(400);
    for (const text of [problem.detail, ...(problem.errors ?? []).map((error) => error.message)]) {
      expect(text).not.toMatch(/ \/ /);
      expect(text).not.toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    }
  });

  it("names the route in a 404 without leaking internals", async () => {
    const problem = await problemOf(await api("GET", "/api/v1/nowhere", { headers: { "accept-language": "en" } }));
    expect(problem).toMatchObject({ status: 404, code: "request.no_route", detail: "There is no route GET /api/v1/nowhere." });
  });
});
