import * as v from "valibot";
import { fromBase64Url, toBase64Url } from "./crypto";

/** `limit` (default 50, max 200) and opaque `cursor`, as API.md fixes them for every list. */
export const pageQuery = {
  limit: v.optional(v.pipe(v.string(), v.toNumber(), v.integer("limit must be a whole number"), v.minValue(1), v.maxValue(200)), "50"),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(400))),
};

/** Encodes the sort key of the last row so the next page starts strictly after it (keyset pagination). */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(key)));
}

/** What one position of a sort key holds. */
export type CursorPart = "string" | "number";
type CursorKey = (string | number | null)[];

const fitsPart = (value: unknown, part: CursorPart | "any") =>
  part === "string"
    ? typeof value === "string"
    : part === "number"
      ? Number.isFinite(value)
      : typeof value === "string" || Number.isFinite(value) || value === null;

/**
 * Decodes a cursor into the sort key it carries: `shape` gives the type of each position (or only how many,
 * then each must be a string, a finite number or null). A tampered or foreign cursor — base64url of `[{}]`,
 * a key of the wrong length or types — is an invalid `cursor` field, never a value bound into SQL.
 */
export function decodeCursor(cursor: string | undefined, shape: number | readonly CursorPart[]): CursorKey | null {
  if (!cursor) return null;
  const parts: readonly (CursorPart | "any")[] = typeof shape === "number" ? Array.from({ length: shape }, () => "any" as const) : shape;
  let key: unknown;
  try {
    key = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
  } catch {
    throw new InvalidCursorError();
  }
  if (Array.isArray(key) && key.length === parts.length && key.every((value, index) => fitsPart(value, parts[index]))) return key as CursorKey;
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Error {}

/** For pages: a stale or edited cursor (an old bookmark) shows the first page instead of an error. */
export function decodeCursorOrStart(cursor: string | undefined, shape: number | readonly CursorPart[]): CursorKey | null {
  try {
    return decodeCursor(cursor, shape);
  } catch {
    return null;
  }
}

/** Slices one extra row off a `limit + 1` query into a page and its next cursor. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => (string | number | null)[],
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
