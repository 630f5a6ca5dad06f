import { Hono } from "hono";
import * as v from "valibot";
import { access } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { decodeCursor, encodeCursor, pageQuery } from "../lib/pagination";
import { validate } from "../lib/validate";

export const auditQuerySchema = v.object({
  action: v.optional(v.pipe(v.string(), v.maxLength(60))),
  targetType: v.optional(v.pipe(v.string(), v.maxLength(40))),
  targetId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  actorId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  ...pageQuery,
});

type AuditRow = {
  id: number;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: string | null;
};

/** Newest first, keyset on id. */
export async function listAudit(
  db: D1Database,
  filter: Omit<v.InferOutput<typeof auditQuerySchema>, "limit" | "cursor">,
  limit: number,
  beforeId: number | null,
) {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ["l.action", filter.action],
    ["l.target_type", filter.targetType],
    ["l.target_id", filter.targetId],
    ["l.actor_id", filter.actorId],
  ] as const) {
    if (value) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (beforeId !== null) {
    where.push("l.id < ?");
    params.push(beforeId);
  }
  const { results } = await db
    .prepare(
      `SELECT l.id, l.at, l.actor_id, a.email AS actor_email, l.action, l.target_type, l.target_id, l.detail
       FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY l.id DESC LIMIT ?`,
    )
    .bind(...params, limit + 1)
    .all<AuditRow>();
  const hasMore = results.length > limit;
  const rows = hasMore ? results.slice(0, limit) : results;
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      actorEmail: row.actor_email,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      detail: row.detail ? JSON.parse(row.detail) : null,
    })),
    nextCursor: hasMore ? encodeCursor([rows[rows.length - 1].id]) : null,
  };
}

/** `/api/v1/audit`: the append-only log of administrative changes and of every view of personal data (administrators). */
export const auditApi = new Hono<AppEnv>().get(
  "/",
  describeRoute({ tags: ["Accounts"], summary: "Audit log: who changed what, and who viewed whose personal data" }),
  access("admin"),
  validate("query", auditQuerySchema),
  async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const before = decodeCursor(cursor, 1);
    return c.json(await listAudit(c.env.DB, filter, limit, (before?.[0] as number) ?? null));
  },
);
