import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { notificationListQuerySchema, notificationPageSchema } from "./schema";
import { listNotifications } from "./workflow";

/** `/api/v1/notifications`: what the product sent, for the officials of the unit and the province's supervisors. */
export const notificationsApi = new Hono<AppEnv>().get(
  "/",
  describeRoute({
    tags: ["Notifications"],
    summary: "Messages sent to submitters, registrants and village heads, newest first",
    description:
      "Your unit's messages (supervisors: your province's). `petition` / `session`: one subject's messages; another unit's subject is 404. Each item has its kind, channel and delivery status (`pending`, `sent`, `failed`, `skipped`). A protected identity's address (a denouncer's) is masked; showing the others is logged.",
    responses: { 200: { description: "A page of messages", schema: notificationPageSchema } },
  }),
  access("commune_head", "commune_staff", "supervisor"),
  validate("query", notificationListQuerySchema),
  async (c) => c.json(await listNotifications(c.env, c.executionCtx, currentUser(c), c.req.valid("query"))),
);
