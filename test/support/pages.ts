/** Pages as a browser asks for them: HTML accepted, the session and language cookies, same-origin form posts. */
import type { Role } from "../../src/auth/roles";
import { api, makeAccount, type TestAccount } from "./factory";
import { visibleText } from "./visible-text";

export type Page = { status: number; html: string; text: string; location: string | null };

const cookieOf = (who: TestAccount | null, locale: "vi" | "en") => [`lang=${locale}`, ...(who ? [`sid=${who.token}`] : [])].join("; ");

async function pageOf(response: Response): Promise<Page> {
  const html = await response.text();
  return { status: response.status, html, text: visibleText(html), location: response.headers.get("location") };
}

export async function getPage(path: string, who: TestAccount | null = null, locale: "vi" | "en" = "vi"): Promise<Page> {
  return pageOf(await api("GET", path, { headers: { accept: "text/html", cookie: cookieOf(who, locale) } }));
}

export async function postForm(path: string, fields: Record<string, string>, who: TestAccount | null = null, locale: "vi" | "en" = "vi"): Promise<Page> {
  return pageOf(
    await api("POST", path, {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { accept: "text/html", cookie: cookieOf(who, locale), origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
    }),
  );
}

/** The options of a select, as `[value, text, selected]`. */
export function optionsOf(html: string, selectId: string): [string, string, boolean][] {
  const select = html.match(new RegExp(`<select[^>]*id="${selectId}"[^>]*>([\\s\\S]*?)</select>`))?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map((match) => [match[1], match[3], match[2] !== undefined]);
}

/** People's names for test accounts whose pages are looked at: a name must not hide a leaked role code. */
const PEOPLE: Record<Role, string> = {
  admin: "Vũ Thị Quản Trị",
  supervisor: "Trần Thị Giám Sát",
  commune_head: "Nguyễn Văn Chủ Tịch",
  commune_staff: "Lê Thị Cán Bộ",
};

/** An account with a person's name (see `makeAccount`). */
export const makePerson = (role: Role, unitCode: string | null) => makeAccount(role, unitCode, { name: PEOPLE[role] });
