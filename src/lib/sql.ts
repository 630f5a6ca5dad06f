/**
 * What every store needs to build SQL safely: WHERE clauses from optional filters, `IN (...)` lists kept
 * under D1's 100 bound parameters, and LIKE patterns with their wildcards escaped. Values are always bound.
 */

/** D1 binds at most 100 parameters per statement; leave room for the other parameters of the query. */
export const MAX_IN_LIST = 90;

/** Collects `AND`-joined conditions and their parameters, in order. */
export class Where {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Adds a condition with `?` placeholders for `values`. */
  add(clause: string, ...values: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...values);
    return this;
  }

  /** Adds the condition only when `value` is given (an optional filter). */
  optional<T>(value: T | undefined | null, clause: string, ...values: unknown[]): this {
    if (value !== undefined && value !== null && value !== "") this.add(clause, ...(values.length ? values : [value]));
    return this;
  }

  /** `column IN (?, ?, …)`; an empty list matches nothing. Lists longer than `MAX_IN_LIST` must be chunked first. */
  in(column: string, values: readonly unknown[]): this {
    if (values.length > MAX_IN_LIST) throw new RangeError(`IN list of ${values.length} values: chunk it with chunkForIn`);
    return values.length === 0 ? this.add("0") : this.add(`${column} IN (${placeholders(values.length)})`, ...values);
  }

  get isEmpty(): boolean {
    return this.clauses.length === 0;
  }

  /** ` WHERE a AND b`, or "" when there is no condition. */
  toString(): string {
    return this.clauses.length ? ` WHERE ${this.clauses.join(" AND ")}` : "";
  }
}

/** `?, ?, ?` for n values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}

/** Splits a list into pieces that each fit one `IN (...)` (batch one statement per piece). */
export function chunkForIn<T>(values: readonly T[], size = MAX_IN_LIST): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/** Escapes `%`, `_` and the escape character itself, for `LIKE ? ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** D1 refuses a LIKE or GLOB pattern longer than 50 bytes ("pattern too complex", a 500); the local test pool does not. */
export const MAX_LIKE_PATTERN_BYTES = 50;

/**
 * A `LIKE` pattern that finds `text` anywhere: `%text%`, escaped. Use with `ESCAPE '\'`. A longer text is cut to
 * what fits D1's 50-byte limit (whole characters, never half an escape): the rows found contain that start of it.
 */
export function containsPattern(text: string): string {
  const encoder = new TextEncoder();
  let inner = "";
  for (const char of text) {
    const next = inner + escapeLike(char);
    if (encoder.encode(next).length + 2 > MAX_LIKE_PATTERN_BYTES) break;
    inner = next;
  }
  return `%${inner}%`;
}

/** A fixed list of SQL string literals (`'a', 'b'`) for constants known at build time, never for input. */
export function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", ");
}

/**
 * A value a statement needs, either known (bound as `?`) or found by a scalar subquery in the same statement, so
 * that a batch can read what depends on a row it reads alongside (the time limits of a petition's province).
 */
export type SqlScalar = string | number | { subquery: string; params: readonly unknown[] };

/** `?` and the value, or `(subquery)` and its parameters. */
export function scalarSql(value: SqlScalar): { sql: string; params: unknown[] } {
  return typeof value === "object" ? { sql: `(${value.subquery})`, params: [...value.params] } : { sql: "?", params: [value] };
}
