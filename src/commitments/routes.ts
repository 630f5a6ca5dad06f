import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { sessionIdParamSchema } from "../sessions/schema";
import { readMinutes, saveMinutes } from "./minutes-workflow";
import {
  commitmentIdParamSchema,
  commitmentListQuerySchema,
  commitmentPageSchema,
  commitmentViewSchema,
  minutesSchema,
  minutesViewSchema,
  progressSchema,
} from "./schema";
import { listCommitments, readCommitment, reportProgress } from "./workflow";

/** `/api/v1/sessions/:id/minutes`: the minutes of a session, for the unit's officials. */
export const minutesApi = new Hono<AppEnv>()
  .put(
    "/:id/minutes",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Write the minutes (head and staff of the unit): attendance, summary, each opinion and what follows it",
      description:
        "Items are updated by `id`; a new item without one gets an id from its place and question, so resending the same body finds it again. An opinion not answered on the spot becomes a petition (`followUp: petition`, with `petition: { kind, category }`; received on the session's day, under the same rules as any petition) or a commitment (`commitment: { owner: { accountId } | { name }, dueDate, description }`) — once, however often the minutes are resent. Items left out are removed unless something follows them. A stale `version` → 409. From 2 hours before the start until the results are published.",
      responses: { 200: { description: "The minutes with every item's id", schema: minutesViewSchema }, 409: { description: "Stale version, or closed" } },
    }),
    access("commune_head", "commune_staff"),
    validate("param", sessionIdParamSchema),
    validate("json", minutesSchema),
    async (c) => c.json(await saveMinutes(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .get(
    "/:id/minutes",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "The minutes, with the askers' names (officials of the unit, supervisors of the province; each view logged)",
      responses: { 200: { description: "The minutes", schema: minutesViewSchema } },
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", sessionIdParamSchema),
    async (c) => c.json(await readMinutes(c.env.DB, currentUser(c), c.req.valid("param").id, c.get("requestId"))),
  );

/** `/api/v1/commitments`: what was promised at sessions, and how far it got. */
export const commitmentsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Commitments"],
      summary: "Commitments by due date (public once the session's results are published; officials also their unit's earlier)",
      description: "Filters: `unit`, `status` (`open`, `in_progress`, `done`), `session`, `late` (`true`/`false`: flagged by the daily job once past due).",
      responses: { 200: { description: "A page of commitments", schema: commitmentPageSchema } },
    }),
    validate("query", commitmentListQuerySchema),
    async (c) => c.json(await listCommitments(c.env.DB, c.get("user"), c.req.valid("query"))),
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Commitments"],
      summary: "A commitment with its history (public, no personal data)",
      responses: { 200: { description: "The commitment", schema: commitmentViewSchema } },
    }),
    validate("param", commitmentIdParamSchema),
    async (c) => c.json(await readCommitment(c.env.DB, c.get("user"), c.req.valid("param").id)),
  )
  .post(
    "/:id/progress",
    describeRoute({
      tags: ["Commitments"],
      summary: "Report progress: status, a note (public) and percent (head and staff of the unit)",
      description: "`done` means 100 %. Lateness is not a status: the daily job flags it.",
      responses: { 200: { description: "The commitment with its history", schema: commitmentViewSchema } },
    }),
    access("commune_head", "commune_staff"),
    validate("param", commitmentIdParamSchema),
    validate("json", progressSchema),
    async (c) => c.json(await reportProgress(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json"))),
  );
