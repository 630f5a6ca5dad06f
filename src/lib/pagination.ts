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

/** Decodes a cursor; a tampered or foreign cursor is an invalid `cursor` field, not a 500. */
export function decodeCursor(cursor: string | undefined, length: number): (string | number | null)[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
    if (Array.isArray(key) && key.length === length) return key;
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Error {}

/** For pages: a stale or edited cursor (an old bookmark) shows the first page instead of an error. */
export function decodeCursorOrStart(cursor: string | undefined, length: number): (string | number | null)[] | null {
  try {
    return decodeCursor(cursor, length);
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
