/**
 * What a person sees (or hears from a screen reader) on a page, and the raw codes that must never be in it:
 * ids, snake_case values, message codes, role and level names, unit codes. Used by `test/web/plain-words.test.ts`.
 */
import { ROLES } from "../../src/auth/roles";
import { catalog } from "../../src/messages";
import { PETITION_KINDS, PETITION_STATUSES } from "../../src/petitions/schema";
import { UNIT_LEVELS } from "../../src/units/schema";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") return String.fromCodePoint(name[1].toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** Inputs whose value is never shown: hidden ones, and choices (a radio's or checkbox's value is what it sends). */
const UNSHOWN_VALUES = new Set(["hidden", "radio", "checkbox", "file"]);

/**
 * The page's visible and announced text: the window title, text nodes, and the attributes a screen reader
 * reads (aria-label, alt, title, placeholder) and the values shown in text boxes. Left out: scripts, styles,
 * the rest of <head>, the values of hidden inputs and of choices, and `<code>` — text a person must type or copy exactly (a CSV column name,
 * an official unit code in the units register).
 */
export function visibleText(html: string): string {
  const title = html.match(/<title>([\s\S]*?)<\/title>/i)?.[1] ?? "";
  let body = html
    .replace(/<!DOCTYPE[^>]*>/i, "")
    .replace(/<head>[\s\S]*?<\/head>/i, "")
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<style\b[\s\S]*?<\/style>/gi, "")
    .replace(/<code\b[\s\S]*?<\/code>/gi, " ");
  const announced: string[] = [];
  body = body.replace(/<[a-z][^>]*>/gi, (tag) => {
    for (const [, , value] of tag.matchAll(/\s(aria-label|alt|title|placeholder)="([^"]*)"/gi)) announced.push(value);
    const type = tag.match(/\stype="([^"]*)"/i)?.[1] ?? "text";
    if (/^<input\b/i.test(tag) && !UNSHOWN_VALUES.has(type)) announced.push(tag.match(/\svalue="([^"]*)"/i)?.[1] ?? "");
    return " ";
  });
  body = body.replace(/<\/[a-z][^>]*>/gi, " ");
  return decodeEntities([title, body, ...announced].join(" "))
    .replace(/\s+/g, " ")
    .trim();
}

/** How a petition arrived, as stored. */
const CHANNELS = ["online", "walk_in", "letter", "session"];
/** Raw values of the product's own lists: roles, unit levels, petition states, kinds and channels. */
const RAW_VALUES = new Set<string>([...ROLES, ...UNIT_LEVELS, ...PETITION_STATUSES, ...PETITION_KINDS, ...CHANNELS]);

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
/** A message code or a dotted key (`account.email_taken`, `petition.view_photo`). */
const DOTTED_CODE = /\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b/g;
const DEMO_UNIT_CODE = /\bDEMO(?:-[A-Z]+)+\b/g;
/** Emails (also masked: b•••@example.vn) and web addresses are people's data and links, not codes; they are taken out before looking. */
const EMAIL = /[\w.+•-]+@[\w-]+(?:\.[\w-]+)+/g;
const ADDRESS = /\bhttps?:\/\/\S+/g;

/**
 * Every raw code in a text; `unitCodes` are the unit codes that exist (matched as whole words). In English
 * text the product's list values ("commune", "feedback") are ordinary words, so `english` skips them.
 */
export function rawCodesIn(text: string, unitCodes: readonly string[] = [], options: { english?: boolean } = {}): string[] {
  const plain = text.replace(EMAIL, " ").replace(ADDRESS, " ");
  const dotted = plain.match(DOTTED_CODE) ?? [];
  const words = plain.split(/[^\p{L}\p{N}_-]+/u);
  const found = [
    ...(plain.match(UUID) ?? []),
    ...dotted,
    // A snake_case piece of a dotted code is the same finding.
    ...(plain.match(SNAKE_CASE) ?? []).filter((snake) => !dotted.some((code) => code.includes(snake))),
    ...(plain.match(DEMO_UNIT_CODE) ?? []),
    ...(options.english ? [] : words.filter((word) => RAW_VALUES.has(word))),
    ...unitCodes.filter((unitCode) => unitCode.length >= 4 && words.includes(unitCode)),
  ];
  return [...new Set(found)];
}

/**
 * Phrases of the other language: the catalog's words in `other` (pieces between placeholders of at least
 * 12 characters) that differ from their translation and show up in the text. One language per page.
 */
export function otherLanguageIn(text: string, other: "vi" | "en"): string[] {
  const index = other === "en" ? 1 : 0;
  const found = new Set<string>();
  for (const entry of Object.values(catalog) as (readonly [string, string])[]) {
    if (entry[0] === entry[1]) continue;
    for (const piece of entry[index].split(/\{\w+\}/)) {
      const phrase = piece.trim();
      if (phrase.length >= 12 && !entry[1 - index].includes(phrase) && text.includes(phrase)) found.add(phrase);
    }
  }
  return [...found];
}

/**
 * The fields of the page's POST forms that do not say whether they are required (the control carries `required`)
 * or optional (the label says "(không bắt buộc)"), and the forms that let the browser answer in its own words
 * instead of the server's (no `novalidate`).
 */
export function unmarkedFields(html: string): string[] {
  const found: string[] = [];
  for (const [, tag, body] of html.matchAll(/(<form\b[^>]*method="post"[^>]*>)([\s\S]*?)<\/form>/g)) {
    const fields = [...body.matchAll(/<div class="field(?: has-error)?">([\s\S]*?)<\/div>/g)].map((match) => match[1]);
    const pickers = [...body.matchAll(/<fieldset class="unit-picker[^"]*"[^>]*>([\s\S]*?)<\/fieldset>/g)].map((match) => match[1]);
    if ((fields.length || pickers.length) && !tag.includes("novalidate")) found.push(`form without novalidate: ${tag}`);
    for (const field of [...fields, ...pickers]) {
      const label = field.match(/<(?:label|legend)[^>]*>([\s\S]*?)<\/(?:label|legend)>/)?.[1] ?? field.slice(0, 80);
      if (!label.includes('class="optional"') && !/<(input|select|textarea)\b[^>]*\srequired=""/.test(field)) found.push(`unmarked: ${label}`);
    }
  }
  return found;
}
