import { Hono } from "hono";
import { auditStatement } from "../audit/store";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { invalid } from "../lib/problem";
import { validate } from "../lib/validate";
import { getUnit } from "../units/store";
import { putTimeLimitSchema, timeLimitListSchema, timeLimitParamSchema, timeLimitQuerySchema } from "./schema";
import { listTimeLimits, putTimeLimit } from "./store";

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
    async (c) => c.json({ items: await listTimeLimits(c.env.DB, c.req.valid("query").province ?? "*") }),
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
    async (c) => {
      const { province, rule } = c.req.valid("param");
      const { days, dayKind } = c.req.valid("json");
      if (province !== "*") {
        const unit = await getUnit(c.env.DB, province);
        if (unit?.level !== "province") throw invalid([{ path: "province", message: "Không phải mã tỉnh / not a province code" }]);
      }
      await putTimeLimit(c.env.DB, province, rule, days, dayKind);
      await auditStatement(c.env.DB, {
        actorId: currentUser(c).id,
        action: "time_limit.put",
        targetType: "time_limit",
        targetId: `${province}/${rule}`,
        detail: { days, dayKind },
      }).run();
      return c.json({ items: await listTimeLimits(c.env.DB, province) });
    },
  );
