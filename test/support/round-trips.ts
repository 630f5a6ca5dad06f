import { expect } from "vitest";

/** D1 round trips the request made, as the worker reports them (`src/lib/database.ts`). */
export function roundTripsOf(response: Response): number {
  const header = response.headers.get("x-d1-round-trips");
  if (header === null) throw new Error(`no x-d1-round-trips header on ${response.status} ${response.url}`);
  return Number(header);
}

/** Asserts the request's round trips: a read is one, a write at most two (CONTRIBUTING.md). */
export function expectRoundTrips(response: Response, expected: number): void {
  expect(roundTripsOf(response), `D1 round trips of ${response.url}`).toBe(expected);
}
