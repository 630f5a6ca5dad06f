import { Hono } from "hono";
import { access } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { decodeCursor, toPage } from "../lib/pagination";
import { validate } from "../lib/validate";
import { auditQuerySchema } from "./schema";
import { listAudit, toAuditEntry } from "./store";

/** `/api/v1/audit`: the append-only log of administrative changes and of every view of personal data (administrators). */
export const auditApi = new Hono<AppEnv>().get(
  "/",
  describeRoute({ tags: ["Accounts"], summary: "Audit log: who changed what, and who viewed whose personal data" }),
  access("admin"),
  validate("query", auditQuerySchema),
  async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const before = (decodeCursor(cursor, ["number"])?.[0] as number | undefined) ?? null;
    const rows = await listAudit(c.env.DB, filter, limit, before);
    return c.json(toPage(rows, limit, toAuditEntry, (row) => [row.id]));
  },
);
