/**
 * The D1 binding as one request sees it. In production every D1 call is a network round trip, so this
 * wrapper counts them (tests and the bench read the count from the `x-d1-round-trips` header) and lets a
 * check ride along with the request's first read: the signed-in account is verified in the same `batch()`
 * as the data it guards, instead of in a round trip of its own.
 */

/** A statement to run with the request's first round trip, and what to do with its result (may throw). */
export type RideAlong = { statement: D1PreparedStatement; accept: (result: D1Result) => void };

/**
 * Statements that may share a round trip with the sign-in check: reads, and the audit entry that records a
 * read of personal data. If the check then refuses the session, nothing is answered — and the log keeps the
 * attempt, which is what an audit log is for. Any other write waits for the check.
 */
const RIDES_WITH_CHECK = /^\s*(SELECT|EXPLAIN|INSERT INTO audit_log\b)/i;

type Wrapped = D1PreparedStatement & { readonly [INNER]: D1PreparedStatement; readonly [SQL]: string };
const INNER = Symbol("inner");
const SQL = Symbol("sql");

/** The binding's own statement, whether it was prepared through a wrapper or on the binding itself. */
const unwrap = (statement: D1PreparedStatement): D1PreparedStatement => (statement as Partial<Wrapped>)[INNER] ?? statement;
/** The SQL of a wrapped statement ("" for one prepared on the binding itself: treated as a write). */
const sqlOf = (statement: D1PreparedStatement): string => (statement as Partial<Wrapped>)[SQL] ?? "";

export class RequestDatabase {
  /** D1 round trips made so far by this request. */
  trips = 0;
  private rideAlong: RideAlong | null = null;
  private verified: Promise<void> = Promise.resolve();
  readonly binding: D1Database;

  constructor(private readonly inner: D1Database) {
    this.binding = this.wrapDatabase();
  }

  /** Runs `check` with the first round trip; until it has answered, no write is sent. */
  rideWithFirstTrip(check: RideAlong): void {
    this.rideAlong = check;
  }

  /** Whether a ride-along check still waits for a round trip to carry it. */
  get hasPendingCheck(): boolean {
    return this.rideAlong !== null;
  }

  /** Sends a pending check on its own (when the request made no D1 call it could ride with). */
  async flushCheck(): Promise<void> {
    const check = this.takeRideAlong();
    if (!check) return;
    this.trips++;
    const [result] = await this.inner.batch([unwrap(check.statement)]);
    check.accept(result);
  }

  private takeRideAlong(): RideAlong | null {
    const check = this.rideAlong;
    this.rideAlong = null;
    return check;
  }

  /** One round trip for `statements`, with the pending check in front when they only read. */
  private async roundTrip(statements: Wrapped[]): Promise<D1Result[]> {
    const readOnly = statements.every((statement) => RIDES_WITH_CHECK.test(sqlOf(statement)));
    const check = this.takeRideAlong();
    if (check && readOnly) {
      // Writes issued meanwhile wait on this gate; it fails with the check, so they never run.
      let settle: (error?: unknown) => void = () => {};
      const gate = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      gate.catch(() => {});
      this.verified = gate;
      try {
        this.trips++;
        const [checkResult, ...results] = await this.inner.batch([unwrap(check.statement), ...statements.map(unwrap)]);
        check.accept(checkResult);
        settle();
        return results;
      } catch (error) {
        settle(error ?? new Error("check failed"));
        throw error;
      }
    }
    if (check) {
      // A write never goes ahead of the check: send the check first.
      this.trips++;
      const [checkResult] = await this.inner.batch([unwrap(check.statement)]);
      check.accept(checkResult);
    }
    if (!readOnly) await this.verified;
    this.trips++;
    return this.inner.batch(statements.map(unwrap));
  }

  private wrapStatement(inner: D1PreparedStatement, sql: string): Wrapped {
    const database = this;
    const wrapped = {
      [INNER]: inner,
      [SQL]: sql,
      bind(...values: unknown[]) {
        return database.wrapStatement(inner.bind(...values), sql);
      },
      async first(column?: string) {
        const [result] = await database.roundTrip([wrapped]);
        const row = (result.results[0] ?? null) as Record<string, unknown> | null;
        return column === undefined ? row : row ? (row[column] ?? null) : null;
      },
      async all() {
        const [result] = await database.roundTrip([wrapped]);
        return result;
      },
      async run() {
        const [result] = await database.roundTrip([wrapped]);
        return result;
      },
      async raw(options?: { columnNames?: boolean }) {
        // `raw()` has no batch form: settle a pending check first, then send it on its own.
        await database.flushCheck();
        await database.verified;
        database.trips++;
        return options?.columnNames ? inner.raw({ columnNames: true }) : inner.raw();
      },
    } as unknown as Wrapped;
    return wrapped;
  }

  private wrapDatabase(): D1Database {
    const database = this;
    const inner = this.inner;
    return {
      prepare(sql: string) {
        return database.wrapStatement(inner.prepare(sql), sql);
      },
      async batch(statements: D1PreparedStatement[]) {
        return database.roundTrip(statements as Wrapped[]);
      },
      async exec(sql: string) {
        await database.flushCheck();
        await database.verified;
        database.trips++;
        return inner.exec(sql);
      },
      withSession(constraintOrBookmark?: string) {
        return inner.withSession(constraintOrBookmark as D1SessionConstraint);
      },
      dump() {
        return inner.dump();
      },
    } as unknown as D1Database;
  }
}

const requestDatabases = new WeakMap<D1Database, RequestDatabase>();

/** Wraps a binding for one request; `requestDatabaseOf` finds the wrapper again from the binding. */
export function openRequestDatabase(inner: D1Database): RequestDatabase {
  const database = new RequestDatabase(inner);
  requestDatabases.set(database.binding, database);
  return database;
}

export function requestDatabaseOf(binding: D1Database): RequestDatabase | undefined {
  return requestDatabases.get(binding);
}
