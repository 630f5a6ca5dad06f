import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { confirmTimeLimitParamSchema, putTimeLimitSchema, timeLimitListSchema, timeLimitParamSchema, timeLimitQuerySchema } from "./schema";
import { confirmTimeLimit, readTimeLimits, setTimeLimit } from "./workflow";

/** `/api/v1/time-limits`: legal time limits per province and rule, dated, defaulting to the national rules ('*'). */
export const timeLimitsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Calendar"],
      summary: "Time limits in force in a province (or nationally) on a day, and every dated rule",
      description:
        "`on` (default today): the day the rules are wanted for. A petition keeps the rules in force on the day it was received. `provisional` rules (from reports not yet checked against the statute) are flagged until an administrator confirms them.",
      responses: { 200: { description: "Limits", schema: timeLimitListSchema } },
    }),
    validate("query", timeLimitQuerySchema),
    async (c) => {
      const { province, on } = c.req.valid("query");
      return c.json(await readTimeLimits(c.env.DB, province ?? "*", on));
    },
  )
  .put(
    "/:province/:rule",
    describeRoute({
      tags: ["Calendar"],
      summary: "Set a time limit for a province ('*' for the national rule) from a day on",
      description: "`effectiveFrom` (default today): petitions received from that day on follow it; those received before keep their rules.",
      responses: { 200: { description: "Limits now in force", schema: timeLimitListSchema } },
    }),
    access("admin"),
    validate("param", timeLimitParamSchema),
    validate("json", putTimeLimitSchema),
    async (c) => c.json(await setTimeLimit(c.env.DB, currentUser(c).id, { ...c.req.valid("param"), ...c.req.valid("json") })),
  )
  .post(
    "/:province/:rule/:effectiveFrom/confirm",
    describeRoute({
      tags: ["Calendar"],
      summary: "Confirm a provisional time limit (checked against the statute)",
      responses: { 200: { description: "Limits now in force", schema: timeLimitListSchema }, 404: { description: "No such dated rule" } },
    }),
    access("admin"),
    validate("param", confirmTimeLimitParamSchema),
    async (c) => c.json(await confirmTimeLimit(c.env.DB, currentUser(c).id, c.req.valid("param"))),
  );
