/**
 * The booking and registration pages speak people's words (as test/web/plain-words.test.ts checks the petition and
 * admin pages, and test/commitments/words.test.ts the follow-up pages): no ids, no raw codes, one language — in
 * Vietnamese and in English — for every role that may see them, forms with their errors too, and every field of a
 * form says whether it must be filled in.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { getPage, makePerson, type Page, postForm } from "../support/pages";
import { book, publishedSession, registerFor, sessionBody } from "../support/sessions";
import { otherLanguageIn, rawCodesIn, unmarkedFields } from "../support/visible-text";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let draft = "";
let published = "";
let registrationCode = "";
let unitCodes: string[] = [];

beforeAll(async () => {
  units = await makeUnits();
  head = await makePerson("commune_head", units.commune);
  staff = await makePerson("commune_staff", units.commune);
  supervisor = await makePerson("supervisor", units.province);
  draft = (await book(head.token, sessionBody(units.commune, { title: "Đối thoại về đường liên thôn" }))).id;
  published = (
    await publishedSession(head.token, units.commune, {
      title: "Đối thoại về nước sạch",
      mode: "hybrid",
      onlineUrl: "https://meet.example.vn/xa",
      bridgePoints: [{ name: "Nhà văn hóa thôn Đông", capacity: 20 }],
    })
  ).id;
  const registration = await registerFor(published, { question: "Bao giờ có nước sạch?" });
  registrationCode = (await registration.json<{ registrationCode: string }>()).registrationCode;
  unitCodes = (await env.DB.prepare("SELECT code FROM units").all<{ code: string }>()).results.map((row) => row.code);
});

type Case = { name: string; open: (locale: "vi" | "en") => Promise<Page>; status?: number };
const cases: Case[] = [
  { name: "the public list", open: (locale) => getPage(`/sessions?province=${units.province}`, null, locale) },
  { name: "a public session", open: (locale) => getPage(`/sessions/${published}`, null, locale) },
  { name: "the registration form", open: (locale) => getPage(`/sessions/${published}/register`, null, locale) },
  {
    name: "the registration form, nothing filled in",
    open: (locale) => postForm(`/sessions/${published}/register`, { name: "", phone: "" }, null, locale),
    status: 400,
  },
  { name: "a registration", open: (locale) => getPage(`/registrations/${registrationCode}`, null, locale) },
  { name: "the officials' calendar", open: (locale) => getPage("/staff/sessions", head, locale) },
  { name: "the officials' calendar, a supervisor", open: (locale) => getPage("/staff/sessions", supervisor, locale) },
  { name: "booking", open: (locale) => getPage("/staff/sessions/new", head, locale) },
  { name: "booking, nothing filled in", open: (locale) => postForm("/staff/sessions/new", { title: "" }, head, locale), status: 400 },
  { name: "editing a draft", open: (locale) => getPage(`/staff/sessions/${draft}/edit`, head, locale) },
  { name: "a draft, the head's page", open: (locale) => getPage(`/staff/sessions/${draft}`, head, locale) },
  { name: "a published session, staff's page", open: (locale) => getPage(`/staff/sessions/${published}`, staff, locale) },
];

describe("the booking and registration pages speak people's words", () => {
  for (const testCase of cases) {
    for (const locale of ["vi", "en"] as const) {
      it(`${testCase.name} (${locale})`, async () => {
        const page = await testCase.open(locale);
        expect(page.status, page.html.slice(0, 1500)).toBe(testCase.status ?? 200);
        expect(page.html.startsWith("<!DOCTYPE html>"), "standards mode").toBe(true);
        expect(page.html).toContain(`<html lang="${locale}">`);
        expect(rawCodesIn(page.text, unitCodes, { english: locale === "en" }), page.text).toEqual([]);
        expect(otherLanguageIn(page.text, locale === "vi" ? "en" : "vi"), page.text).toEqual([]);
        expect(unmarkedFields(page.html)).toEqual([]);
      });
    }
  }
});
