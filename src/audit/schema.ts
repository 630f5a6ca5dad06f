import * as v from "valibot";
import { pageQuery } from "../lib/pagination";

export const auditQuerySchema = v.object({
  action: v.optional(v.pipe(v.string(), v.maxLength(60))),
  targetType: v.optional(v.pipe(v.string(), v.maxLength(40))),
  targetId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  actorId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  ...pageQuery,
});
export type AuditFilter = Omit<v.InferOutput<typeof auditQuerySchema>, "limit" | "cursor">;

/** One entry of the log, as the API and the admin page show it. */
export type AuditEntry = {
  id: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: unknown;
};
