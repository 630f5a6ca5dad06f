/** Store tier: the audit log is append-only and pages newest first. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { auditStatement, listAudit, toAuditEntry } from "../../src/audit/store";

describe("audit store", () => {
  it("writes an entry only after a change when asked, and pages newest first", async () => {
    const target = crypto.randomUUID();
    await env.DB.batch([
      env.DB.prepare("DELETE FROM holidays WHERE date = '1900-01-01'"), // changes nothing

      auditStatement(env.DB, { actorId: null, action: "test.skip", targetType: "test", targetId: target }, { afterChange: true }),
      auditStatement(env.DB, { actorId: null, action: "test.one", targetType: "test", targetId: target, detail: { n: 1 } }),
      auditStatement(env.DB, { actorId: null, action: "test.two", targetType: "test", targetId: target }),
    ]);
    const rows = await listAudit(env.DB, { targetId: target }, 1, null);
    expect(rows.map(toAuditEntry).map((entry) => entry.action)).toEqual(["test.two", "test.one"]);
    const older = await listAudit(env.DB, { targetId: target }, 5, rows[0].id);
    expect(older.map(toAuditEntry)).toEqual([expect.objectContaining({ action: "test.one", detail: { n: 1 } })]);
  });

  it("refuses to change or delete an entry", async () => {
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'x'").run()).rejects.toThrow();
    await expect(env.DB.prepare("DELETE FROM audit_log").run()).rejects.toThrow();
  });
});
