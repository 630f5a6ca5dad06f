import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { policyQuerySchema, policyViewSchema, provinceParamSchema, putPolicySchema } from "./schema";
import { putPolicy, readPolicy } from "./workflow";

/** `/api/v1/policies/:province`: a province's dialogue and reporting policy, as dated rows. */
export const policiesApi = new Hono<AppEnv>()
  .get(
    "/:province",
    describeRoute({
      tags: ["Province policy"],
      summary: "The policy in force in a province (on `on`, default today) and its dated rows",
      description: "Officials of the province and administrators. Where the province set none, the defaults apply (`isDefault: true`).",
      responses: { 200: { description: "Policy", schema: policyViewSchema } },
    }),
    access("admin", "supervisor", "commune_head", "commune_staff"),
    validate("param", provinceParamSchema),
    validate("query", policyQuerySchema),
    async (c) => c.json(await readPolicy(c.env.DB, currentUser(c), c.req.valid("param").province, c.req.valid("query").on)),
  )
  .put(
    "/:province",
    describeRoute({
      tags: ["Province policy"],
      summary: "Set a province's policy from a day on (administrators)",
      description:
        "A policy applies from `effectiveFrom`; a period is judged by the policy in force at its end. The same `effectiveFrom` again replaces that row.",
      responses: { 200: { description: "Replaced a row of the same day", schema: policyViewSchema }, 201: { description: "Added", schema: policyViewSchema } },
    }),
    access("admin"),
    validate("param", provinceParamSchema),
    validate("json", putPolicySchema),
    async (c) => {
      const { created, view } = await putPolicy(c.env.DB, currentUser(c), c.req.valid("param").province, c.req.valid("json"));
      return c.json(view, created ? 201 : 200);
    },
  );
