import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import type { MessageCode, MessageParams, Translate } from "../lib/problem";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "lang";

/** A domain's words: each key in Vietnamese, then English. */
export type Dictionary = Record<string, readonly [vi: string, en: string]>;

/** Declares a dictionary, keeping its keys as literal types so that `t(c, key)` is checked. */
export function defineMessages<const D extends Dictionary>(dictionary: D): D {
  return dictionary;
}

/** Fills `{name}` placeholders. */
export function formatMessage(template: string, values: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/**
 * A translator for one language over the whole catalog. A code without words (a bug) falls back to the
 * generic "invalid" message rather than showing the code to a person.
 */
export function makeTranslate(catalog: Dictionary, locale: Locale): Translate {
  const index = locale === "en" ? 1 : 0;
  return (code, values) => {
    const entry = catalog[code] ?? catalog.invalid;
    return formatMessage(entry ? entry[index] : code, values);
  };
}

/** The page's language: the `lang` cookie, else Vietnamese (one language per page). */
export function pageLocale(c: Context): Locale {
  return getCookie(c, LOCALE_COOKIE) === "en" ? "en" : "vi";
}

/** The API's language: `Accept-Language` (its first supported tag), then the cookie, then Vietnamese. */
export function apiLocale(c: Context): Locale {
  const header = c.req.header("accept-language");
  if (header) {
    const tags = header
      .split(",")
      .map((part) => {
        const [tag, ...parameters] = part.trim().split(";");
        const quality = parameters.find((parameter) => parameter.trim().startsWith("q="));
        return { tag: tag.trim().toLowerCase(), q: quality ? Number(quality.trim().slice(2)) || 0 : 1 };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of tags) {
      const base = tag.split("-")[0];
      if (base === "vi" || base === "en") return base;
    }
  }
  return pageLocale(c);
}

/** The request's words for a code: `t(c, "petition.title")`. */
export function t(c: Context<AppEnv>, key: MessageCode, values?: MessageParams): string {
  return c.get("translate")(key, values);
}
