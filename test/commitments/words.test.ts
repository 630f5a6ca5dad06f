/**
 * The follow-up pages speak people's words (as test/web/plain-words.test.ts checks the reshaped pages): no ids, no
 * raw codes, one language — in Vietnamese and in English — for every role that may see them, forms with their
 * errors too, every form field marked required or optional. The printed documents are Vietnamese whatever the reader's language, so they are not in this list.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { minutesBody, putMinutesOk, sessionUnderWay, threeOpinions, uniqueTitle } from "../support/minutes";
import { getPage, makePerson, type Page, postForm } from "../support/pages";
import { actOk, heldSession, registerFor } from "../support/sessions";
import { otherLanguageIn, rawCodesIn, unmarkedFields } from "../support/visible-text";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let underway = "";
let published = "";
let commitment = "";
let unitCodes: string[] = [];

beforeAll(async () => {
  units = await makeUnits();
  head = await makePerson("commune_head", units.commune);
  staff = await makePerson("commune_staff", units.commune);
  const village = await (await api("POST", `/api/v1/units/${units.commune}/villages`, { token: head.token, body: { name: "Thôn Lời" } })).json<{
    id: string;
  }>();
  const session = await sessionUnderWay(head.token, units.commune, { title: `Gặp mặt bà con thôn Lời ${uniqueTitle().slice(-8)}`, villageIds: [village.id] });
  underway = session.id;
  await putMinutesOk(staff.token, underway, minutesBody(threeOpinions({ villageId: village.id, ownerId: staff.id })));
  const other = await sessionUnderWay(head.token, units.commune, { title: `Gặp mặt bà con xóm Bãi ${uniqueTitle().slice(-8)}` });
  published = other.id;
  const minutes = await putMinutesOk(staff.token, published, minutesBody(threeOpinions({ villageId: village.id })));
  commitment = minutes.items[2].commitment?.id ?? "";
  await heldSession(head.token, published);
  await actOk(head.token, published, { action: "publish_results", summary: "Bà con đồng tình với các việc đã bàn." });
  await registerFor(underway).catch(() => undefined);
  unitCodes = (await env.DB.prepare("SELECT code FROM units").all<{ code: string }>()).results.map((row) => row.code);
});

type Case = { name: string; open: (locale: "vi" | "en") => Promise<Page>; status?: number };
const cases: Case[] = [
  { name: "the door's page, a name searched", open: (locale) => getPage(`/staff/sessions/${underway}/checkin?q=nguyen`, staff, locale) },
  {
    name: "the door's page, a bad walk-in count",
    open: (locale) => postForm(`/staff/sessions/${underway}/walk-ins`, { walkIns: "-1" }, staff, locale),
    status: 400,
  },
  { name: "the minutes form", open: (locale) => getPage(`/staff/sessions/${underway}/minutes`, staff, locale) },
  {
    name: "the minutes form, an opinion without its follow-up",
    open: (locale) =>
      postForm(
        `/staff/sessions/${underway}/minutes`,
        { intent: "save", attendance: "5", summary: "x", rows: "1", "items.0.question": "Ý kiến", "items.0.answeredOnSpot": "no" },
        staff,
        locale,
      ),
    status: 400,
  },
  { name: "the results page", open: (locale) => getPage(`/sessions/${published}/results`, null, locale) },
  { name: "the commune's promises", open: (locale) => getPage(`/units/${units.commune}/promises`, null, locale) },
  { name: "the officials' commitments", open: (locale) => getPage("/staff/commitments", head, locale) },
  { name: "a commitment", open: (locale) => getPage(`/staff/commitments/${commitment}`, staff, locale) },
  {
    name: "a commitment, done below 100 %",
    open: (locale) => postForm(`/staff/commitments/${commitment}/progress`, { status: "done", percent: "40", note: "x" }, staff, locale),
    status: 400,
  },
  { name: "the officials' session page", open: (locale) => getPage(`/staff/sessions/${published}`, head, locale) },
];

describe("the follow-up pages speak people's words", () => {
  for (const testCase of cases) {
    for (const locale of ["vi", "en"] as const) {
      it(`${testCase.name} (${locale})`, async () => {
        const page = await testCase.open(locale);
        expect(page.status, page.html.slice(0, 1500)).toBe(testCase.status ?? 200);
        expect(page.html).toContain(`<html lang="${locale}">`);
        expect(rawCodesIn(page.text, unitCodes, { english: locale === "en" }), page.text).toEqual([]);
        expect(otherLanguageIn(page.text, locale === "vi" ? "en" : "vi"), page.text).toEqual([]);
        expect(unmarkedFields(page.html)).toEqual([]);
      });
    }
  }
});
