import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { putTimeLimitSchema, timeLimitListSchema, timeLimitParamSchema, timeLimitQuerySchema } from "./schema";
import { readTimeLimits, setTimeLimit } from "./workflow";

/** `/api/v1/time-limits`: legal time limits per province and rule, defaulting to the national values ('*'). */
export const timeLimitsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Calendar"],
      summary: "Time limits in force in a province (or the national defaults)",
      responses: { 200: { description: "Limits", schema: timeLimitListSchema } },
    }),
    validate("query", timeLimitQuerySchema),
    async (c) => c.json({ items: await readTimeLimits(c.env.DB, c.req.valid("query").province ?? "*") }),
  )
  .put(
    "/:province/:rule",
    describeRoute({
      tags: ["Calendar"],
      summary: "Set a time limit for a province ('*' for the national default)",
      description: "Applies to deadlines computed from now on; deadlines already set stay as they were.",
      responses: { 200: { description: "Limits now in force", schema: timeLimitListSchema } },
    }),
    access("admin"),
    validate("param", timeLimitParamSchema),
    validate("json", putTimeLimitSchema),
    async (c) => c.json({ items: await setTimeLimit(c.env.DB, currentUser(c).id, { ...c.req.valid("param"), ...c.req.valid("json") }) }),
  );
