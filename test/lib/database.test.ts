/** The request-scoped D1 wrapper: counts round trips and carries a check along with the first read. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openRequestDatabase } from "../../src/lib/database";

const check = (accept: (result: D1Result) => void) => ({ statement: env.DB.prepare("SELECT 42 AS answer"), accept });

describe("RequestDatabase", () => {
  it("counts each call and each batch as one round trip", async () => {
    const database = openRequestDatabase(env.DB);
    const db = database.binding;
    await db.prepare("SELECT 1").first();
    await db.batch([db.prepare("SELECT 1"), db.prepare("SELECT 2")]);
    await db.prepare("SELECT 3 AS n").all();
    expect(database.trips).toBe(3);
  });

  it("answers first(), first(column), all() and run() as the binding does", async () => {
    const db = openRequestDatabase(env.DB).binding;
    expect(await db.prepare("SELECT 7 AS n, 'a' AS s").first()).toEqual({ n: 7, s: "a" });
    expect(await db.prepare("SELECT 7 AS n").first("n")).toBe(7);
    expect(await db.prepare("SELECT 1 WHERE 0").first()).toBeNull();
    expect((await db.prepare("SELECT ? AS v").bind("x").all()).results).toEqual([{ v: "x" }]);
  });

  it("puts a pending check in front of the first read: one round trip for both", async () => {
    const database = openRequestDatabase(env.DB);
    const seen: unknown[] = [];
    database.rideWithFirstTrip(check((result) => seen.push(result.results[0])));
    expect(await database.binding.prepare("SELECT 'data' AS d").first("d")).toBe("data");
    expect(seen).toEqual([{ answer: 42 }]);
    expect(database.trips).toBe(1);
    expect(database.hasPendingCheck).toBe(false);
  });

  it("sends the check on its own before a write, and a refused check stops the write", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS wrapper_writes (n INTEGER)");
    const database = openRequestDatabase(env.DB);
    database.rideWithFirstTrip(
      check(() => {
        throw new Error("session ended");
      }),
    );
    await expect(database.binding.prepare("INSERT INTO wrapper_writes VALUES (1)").run()).rejects.toThrow("session ended");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM wrapper_writes").first("n")) as number).toBe(0);
  });

  it("holds a write issued while the check is in flight until it passes, and drops it if it fails", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS wrapper_race (n INTEGER)");
    const database = openRequestDatabase(env.DB);
    database.rideWithFirstTrip(
      check(() => {
        throw new Error("refused");
      }),
    );
    const read = database.binding.prepare("SELECT 1").first();
    const write = database.binding.prepare("INSERT INTO wrapper_race VALUES (1)").run();
    await expect(read).rejects.toThrow("refused");
    await expect(write).rejects.toThrow("refused");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM wrapper_race").first("n")) as number).toBe(0);
  });

  it("flushes a check that found no read to ride with", async () => {
    const database = openRequestDatabase(env.DB);
    let accepted = false;
    database.rideWithFirstTrip(
      check(() => {
        accepted = true;
      }),
    );
    await database.flushCheck();
    expect(accepted).toBe(true);
    expect(database.trips).toBe(1);
  });
});

describe("audit entries of reads", () => {
  it("ride with the check in the read's round trip", async () => {
    const database = openRequestDatabase(env.DB);
    let accepted = false;
    database.rideWithFirstTrip(
      check(() => {
        accepted = true;
      }),
    );
    const target = crypto.randomUUID();
    await database.binding.batch([
      database.binding.prepare("SELECT 1"),
      database.binding
        .prepare("INSERT INTO audit_log (at, actor_id, action, target_type, target_id) VALUES (?, NULL, 'test.view', 'test', ?)")
        .bind(new Date().toISOString(), target),
    ]);
    expect(accepted).toBe(true);
    expect(database.trips).toBe(1);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE target_id = ?").bind(target).first("n")).toBe(1);
  });
});
