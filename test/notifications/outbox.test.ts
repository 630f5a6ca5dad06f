/**
 * Writing messages into the outbox from another domain's batch: one row per (event, recipient, channel) however
 * often the request is retried, nothing when the guarded change did not happen, and the query plans.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { outboxId } from "../../src/notifications/rules";
import type { OutboxMessage } from "../../src/notifications/schema";
import { notificationListStatements, outboxStatements, residentNotificationsStatement, toResidentNotification } from "../../src/notifications/store";
import { ORIGIN, petitionMessage, rowById, rowsOf, subjectId, writeMessages } from "./support";

beforeAll(async () => {
  // A stand-in for another domain's versioned row (petitions, sessions): the change the messages follow.
  await env.DB.exec("CREATE TABLE IF NOT EXISTS test_subjects (id TEXT PRIMARY KEY, version INTEGER NOT NULL)");
});

/**
 * A use case as another domain writes it: a version-guarded change, then its messages in the same batch.
 * Returns whether the change applied and the ids to dispatch.
 */
async function changeAndNotify(id: string, expectedVersion: number, messages: OutboxMessage[]) {
  const write = await outboxStatements(env.DB, messages, { origin: ORIGIN, afterGuardedWrite: true });
  const [update] = await env.DB.batch([
    env.DB.prepare("UPDATE test_subjects SET version = version + 1 WHERE id = ? AND version = ?").bind(id, expectedVersion),
    ...write.statements,
  ]);
  return { applied: update.meta.changes === 1, ids: write.ids };
}

async function newSubject(): Promise<string> {
  const id = subjectId();
  await env.DB.prepare("INSERT INTO test_subjects (id, version) VALUES (?, 1)").bind(id).run();
  return id;
}

/** The messages of "answered at version 2" to a submitter who left an email and a phone. */
const answered = (petitionId: string) => [
  petitionMessage({ petitionId, event: `petition:${petitionId}:v2` }),
  petitionMessage({ petitionId, event: `petition:${petitionId}:v2`, channel: "sms", address: "+84 912 345 678" }),
];

describe("one message per event and recipient", () => {
  it("writes a pending row per channel, with the link, the scope and a normalised address", async () => {
    const petitionId = subjectId();
    const write = await writeMessages(answered(petitionId));
    expect(write.ids).toHaveLength(2);
    const rows = await rowsOf(petitionId);
    expect(rows.map((row) => [row.channel, row.address, row.status, row.kind])).toEqual([
      ["email", "binh.nguyen@example.vn", "pending", "petition.answered"],
      ["sms", "0912345678", "pending", "petition.answered"],
    ]);
    expect(rows[0].id).toBe(await outboxId(`petition:${petitionId}:v2`, "submitter", "email"));
    expect(JSON.parse(rows[0].data)).toMatchObject({ unitName: "UBND xã An Khê", link: `${ORIGIN}/track/TRACK${petitionId}` });
    expect(rows[0]).toMatchObject({ unit_code: "C-TEST", province_code: "P-TEST", access_code: `TRACK${petitionId}`, attempts: 0, protected: 0 });
  });

  it("a retried request (same event) writes nothing more, sequentially or five at once", async () => {
    const petitionId = subjectId();
    await writeMessages(answered(petitionId));
    await writeMessages(answered(petitionId));
    await Promise.all(Array.from({ length: 5 }, () => writeMessages(answered(petitionId))));
    expect(await rowsOf(petitionId)).toHaveLength(2);
  });

  it("the same recipient listed twice in one call is one message", async () => {
    const petitionId = subjectId();
    const message = petitionMessage({ petitionId });
    const write = await writeMessages([message, { ...message }]);
    expect(write.ids).toHaveLength(1);
    expect(await rowsOf(petitionId)).toHaveLength(1);
  });

  it("a new event (the next version) is a new message", async () => {
    const petitionId = subjectId();
    await writeMessages([petitionMessage({ petitionId, event: `petition:${petitionId}:v2` })]);
    await writeMessages([petitionMessage({ petitionId, event: `petition:${petitionId}:v5`, kind: "petition.escalated" })]);
    expect((await rowsOf(petitionId)).map((row) => row.kind).sort()).toEqual(["petition.answered", "petition.escalated"]);
  });
});

describe("in the same batch as a guarded change", () => {
  it("writes the messages when the change applies, and nothing when a retry finds the version moved on", async () => {
    const id = await newSubject();
    const first = await changeAndNotify(id, 1, answered(id));
    expect(first.applied).toBe(true);
    expect(await rowsOf(id)).toHaveLength(2);
    const retried = await changeAndNotify(id, 1, answered(id));
    expect(retried.applied).toBe(false);
    expect(await rowsOf(id)).toHaveLength(2);
  });

  it("a change that loses the race writes none of its messages", async () => {
    const id = await newSubject();
    await env.DB.prepare("UPDATE test_subjects SET version = 2 WHERE id = ?").bind(id).run();
    const stale = await changeAndNotify(id, 1, answered(id));
    expect(stale.applied).toBe(false);
    expect(await rowsOf(id)).toHaveLength(0);
  });

  it("of five racing requests with the same version exactly one applies, and its messages are written once", async () => {
    const id = await newSubject();
    const results = await Promise.all(Array.from({ length: 5 }, () => changeAndNotify(id, 1, answered(id))));
    expect(results.filter((result) => result.applied)).toHaveLength(1);
    expect(await rowsOf(id)).toHaveLength(2);
  });

  it("guards every chunk of a large fan-out (results to 120 village heads): all or none", async () => {
    const id = await newSubject();
    const heads = Array.from({ length: 120 }, (_, index) =>
      petitionMessage({
        petitionId: id,
        kind: "session.results",
        event: `session:${id}:results`,
        recipient: `village:${index}`,
        recipientRole: "village_head",
        address: `truongthon${index}@example.vn`,
        data: { unitName: "UBND xã An Khê", title: "Đối thoại quý I", startsAt: "2026-03-10T01:30:00.000Z", venue: "Hội trường" },
      }),
    );
    const stale = await changeAndNotify(id, 7, heads);
    expect(stale.applied).toBe(false);
    expect(await rowsOf(id)).toHaveLength(0);
    const applied = await changeAndNotify(id, 1, heads);
    expect(applied.applied).toBe(true);
    expect(applied.ids).toHaveLength(120);
    expect(await rowsOf(id)).toHaveLength(120);
    await changeAndNotify(id, 1, heads);
    expect(await rowsOf(id)).toHaveLength(120);
  });
});

describe("scheduled messages", () => {
  it("a reminder waits for its hour: written now, not dispatched, due at send_after", async () => {
    const petitionId = subjectId();
    const sendAfter = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    const write = await writeMessages([petitionMessage({ petitionId, kind: "session.reminder", sendAfter })]);
    expect(write.ids).toEqual([]);
    const [row] = await rowsOf(petitionId);
    expect(row.status).toBe("pending");
    expect(row.send_after).toBe(sendAfter);
    expect(row.next_attempt_at).toBe(sendAfter);
  });

  it("a message due now must be delivered within the grace, after which the relay takes it again", async () => {
    const petitionId = subjectId();
    const now = new Date("2026-05-01T03:00:00.000Z");
    const write = await writeMessages([petitionMessage({ petitionId })], { now });
    const row = await rowById(write.ids[0]);
    expect(row?.send_after).toBe(now.toISOString());
    expect(row?.next_attempt_at).toBe("2026-05-01T03:02:00.000Z");
  });
});

describe("what the resident sees", () => {
  it("lists the messages sent to a tracking code, oldest first, addresses masked", async () => {
    const petitionId = subjectId();
    await writeMessages(answered(petitionId));
    const { results } = await residentNotificationsStatement(env.DB, `TRACK${petitionId}`).all();
    const items = results.map((row) => toResidentNotification(row as never));
    expect(items.map((item) => item.address).sort()).toEqual(["09•••••678", "b•••@example.vn"]);
    expect(JSON.stringify(items)).not.toContain("0912345678");
    expect(JSON.stringify(items)).not.toContain("binh.nguyen");
  });
});

describe("query plans", () => {
  async function explain(sql: string, ...params: unknown[]) {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    return results.map((row) => row.detail).join(" | ");
  }

  it.each([
    ["a petition's messages", { unitCode: "C" }, { petitionId: "p" }, "outbox_by_petition"],
    ["a session's messages", { provinceCode: "P" }, { sessionId: "s" }, "outbox_by_session"],
    ["a unit's messages", { unitCode: "C" }, {}, "outbox_by_unit"],
    ["a unit's failed messages", { unitCode: "C" }, { status: "failed" as const }, "outbox_by_unit_status"],
    ["a province's messages", { provinceCode: "P" }, {}, "outbox_by_province"],
    ["a province's pending messages", { provinceCode: "P" }, { status: "pending" as const }, "outbox_by_province_status"],
  ])("%s use their index and need no sort", async (_name, scope, filter, index) => {
    const [list] = notificationListStatements(env.DB, scope, filter, 50, ["2026-01-01T00:00:00.000Z", "x"]);
    const { sql, params } = sqlOf(list);
    const detail = await explain(sql, ...params);
    expect(detail).toContain(index);
    expect(detail).not.toContain("TEMP B-TREE");
  });

  it("the relay and the resident's list use their indexes", async () => {
    expect(await explain("SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 100", "x")).toContain(
      "outbox_pending",
    );
    const { sql, params } = sqlOf(residentNotificationsStatement(env.DB, "CODE"));
    expect(await explain(sql, ...params)).toContain("outbox_by_access_code");
  });
});

/** The SQL and bound values of a prepared statement, to EXPLAIN it. */
function sqlOf(statement: D1PreparedStatement): { sql: string; params: unknown[] } {
  const inner = statement as unknown as { statement: string; params: unknown[] };
  return { sql: inner.statement, params: inner.params };
}
