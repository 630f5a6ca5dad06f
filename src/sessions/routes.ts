import { type Context, Hono } from "hono";
import * as v from "valibot";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import { describeRoute } from "../lib/openapi";
import { decodeCursor, encodeCursor, pageQuery, toPage } from "../lib/pagination";
import { validate } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { checkIn } from "./checkin-workflow";
import { addDocketItem, readDocket, removeDocketItem } from "./docket-workflow";
import { notifierOf } from "./notify";
import { cancelRegistration, listRegistrations, readRegistration, register } from "./registration-workflow";
import {
  checkInResultSchema,
  checkInSchema,
  conflictSchema,
  createSessionSchema,
  docketAddSchema,
  docketItemParamSchema,
  registerSchema,
  registrationCodeParamSchema,
  registrationCreatedSchema,
  registrationViewSchema,
  sessionActionSchema,
  sessionIdParamSchema,
  sessionListQuerySchema,
  sessionPageSchema,
  sessionViewSchema,
  unitParamSchema,
  updateSessionSchema,
} from "./schema";
import { throttleLookups, throttleRegistrations } from "./throttle";
import { toSessionListItem } from "./views";
import { actOnSession, bookSession, editSession, listSessions, readSession, sessionCalendar, unitCalendar } from "./workflow";

const ics = (c: Context<AppEnv>, body: string, filename?: string) =>
  c.body(body, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "cache-control": "public, max-age=300",
    ...(filename ? { "content-disposition": `attachment; filename="${filename}"` } : {}),
  });

const registrationPageSchema = v.object({ items: v.array(v.any()), nextCursor: v.nullable(v.string()) });

/** `/api/v1/sessions`: booking and announcing dialogue sessions, their docket and registrations. */
export const sessionsApi = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Book a session (the commune head of the unit)",
      description:
        "A draft; when `endsAt` has passed, a session held before is recorded (`held`, `recordedAfterwards`). A clash (same venue, folded, or same chair, overlapping) → 409 with `conflict`.",
      responses: { 201: { description: "Booked", schema: sessionViewSchema }, 409: { description: "Clash", schema: v.object({ conflict: conflictSchema }) } },
    }),
    access("commune_head"),
    validate("json", createSessionSchema),
    async (c) => c.json(await bookSession(c.env.DB, currentUser(c), c.req.valid("json")), 201),
  )
  .get(
    "/",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Sessions by start (public: announced ones; officials also their unit's drafts)",
      responses: { 200: { description: "A page of sessions", schema: sessionPageSchema } },
    }),
    validate("query", sessionListQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const after = decodeCursor(query.cursor, 2) as [string, string] | null;
      const rows = await listSessions(c.env.DB, c.get("user"), query, after);
      const now = new Date().toISOString();
      return c.json(
        toPage(
          rows,
          query.limit,
          (row) => toSessionListItem(row, now),
          (row) => [row.starts_at, row.id],
        ),
      );
    },
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "One session (public, no personal data; the unit's officials also get `version` and `allowedActions`)",
      responses: { 200: { description: "The session", schema: sessionViewSchema } },
    }),
    validate("param", sessionIdParamSchema),
    async (c) => c.json(await readSession(c.env.DB, c.get("user"), c.req.valid("param").id)),
  )
  .patch(
    "/:id",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Edit a draft or published session (the commune head)",
      description:
        "Never below the seats confirmed at a place; a new venue is clash-checked; more seats promote the waiting. Times change only by `reschedule`.",
      responses: { 200: { description: "The session", schema: sessionViewSchema } },
    }),
    access("commune_head"),
    validate("param", sessionIdParamSchema),
    validate("json", updateSessionSchema),
    async (c) => c.json(await editSession(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json"), { events: notifierOf(c) })),
  )
  .post(
    "/:id/actions",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "publish, reschedule, cancel, mark_held, publish_results (the commune head)",
      description:
        "Publishing (and rescheduling a published session) needs `now ≤ startsAt − noticeDays × 24 h`, else a `shortNoticeReason`, else 409 `session.short_notice`. Rescheduling keeps registrations and bumps `sequence`.",
      responses: { 200: { description: "The session", schema: sessionViewSchema } },
    }),
    access("commune_head"),
    validate("param", sessionIdParamSchema),
    validate("json", sessionActionSchema),
    async (c) => c.json(await actOnSession(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json"), { events: notifierOf(c) })),
  )
  .get(
    "/:id/calendar.ics",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "The session as an iCalendar file",
      responses: { 200: { description: "text/calendar", mediaType: "text/calendar" } },
    }),
    validate("param", sessionIdParamSchema),
    async (c) => {
      const { startsAt, ics: body } = await sessionCalendar(c.env.DB, c.get("user"), c.req.valid("param").id, publicOrigin(c.env, c.req.url));
      return ics(c, body, `doi-thoai-${localDay(new Date(startsAt))}.ics`);
    },
  )
  .get(
    "/:id/docket",
    describeRoute({ tags: ["Dialogue sessions"], summary: "The docket (public: the questions without names)" }),
    validate("param", sessionIdParamSchema),
    async (c) => c.json({ items: await readDocket(c.env.DB, c.get("user"), c.req.valid("param").id) }),
  )
  .post(
    "/:id/docket",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Add to the docket: `{ petitionId }`, `{ registrationCode }` (accepts that registrant's question) or `{ question }`",
      responses: { 201: { description: "Added" } },
    }),
    access("commune_head", "commune_staff"),
    validate("param", sessionIdParamSchema),
    validate("json", docketAddSchema),
    async (c) => c.json(await addDocketItem(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .delete(
    "/:id/docket/:itemId",
    describeRoute({ tags: ["Dialogue sessions"], summary: "Take an item off the docket", responses: { 204: { description: "Removed" } } }),
    access("commune_head", "commune_staff"),
    validate("param", docketItemParamSchema),
    async (c) => {
      const { id, itemId } = c.req.valid("param");
      await removeDocketItem(c.env.DB, currentUser(c), id, itemId);
      return c.body(null, 204);
    },
  )
  .post(
    "/:id/registrations",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Register for a published session (public)",
      description:
        "A seat at the chosen place if one is free, else the waiting line (`position`). One live registration per phone (`+84…` = `0…`) → 409. Throttled per client.",
      responses: { 201: { description: "Registered", schema: registrationCreatedSchema }, 409: { description: "Already registered, or registration closed" } },
    }),
    validate("param", sessionIdParamSchema),
    validate("json", registerSchema),
    async (c) => {
      await throttleRegistrations(c);
      return c.json(await register(c.env.DB, c.req.valid("param").id, c.req.valid("json"), { events: notifierOf(c) }), 201);
    },
  )
  .post(
    "/:id/checkins",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Check a registrant in by code, or set a place's walk-in count (head and staff of the unit)",
      description:
        "From 2 hours before `startsAt` until the results are published. A second check-in of the same code changes nothing and answers 200 with `alreadyCheckedIn: true`. `walkIns` is the absolute count at the main venue or at `bridgePointId`. The answer carries attendance by place and village.",
      responses: {
        200: { description: "Checked in, or the count saved", schema: checkInResultSchema },
        409: { description: "Outside the window, or a cancelled registration" },
      },
    }),
    access("commune_head", "commune_staff"),
    validate("param", sessionIdParamSchema),
    validate("json", checkInSchema),
    async (c) => c.json(await checkIn(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json"))),
  )
  .get(
    "/:id/registrations",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "A session's registrations in arrival order (officials of the unit, supervisors of the province; each view logged)",
      responses: { 200: { description: "A page of registrations", schema: registrationPageSchema } },
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", sessionIdParamSchema),
    validate("query", v.object(pageQuery)),
    async (c) => {
      const user = currentUser(c);
      const id = c.req.valid("param").id;
      const { limit, cursor } = c.req.valid("query");
      const after = decodeCursor(cursor, 1)?.[0];
      const page = await listRegistrations(c.env.DB, user, id, {
        limit,
        afterQueueNo: typeof after === "number" ? after : null,
        requestId: c.get("requestId"),
      });
      const last = page.items[page.items.length - 1];
      return c.json({ items: page.items, nextCursor: page.hasMore && last ? encodeCursor([last.queueNumber]) : null });
    },
  );

/** `/api/v1/registrations/:code`: the resident's registration, by its code (throttled lookups). */
export const registrationsApi = new Hono<AppEnv>()
  .get(
    "/:code",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "A registration by its code: status, position, session (public; throttled)",
      responses: { 200: { description: "The registration", schema: registrationViewSchema }, 429: { description: "Throttled" } },
    }),
    validate("param", registrationCodeParamSchema),
    async (c) => {
      await throttleLookups(c);
      return c.json(await readRegistration(c.env.DB, c.req.valid("param").code));
    },
  )
  .delete(
    "/:code",
    describeRoute({
      tags: ["Dialogue sessions"],
      summary: "Cancel a registration by its code; a seat it held goes to the first waiting (public; throttled)",
      responses: { 200: { description: "The cancelled registration", schema: registrationViewSchema }, 429: { description: "Throttled" } },
    }),
    validate("param", registrationCodeParamSchema),
    async (c) => {
      await throttleLookups(c);
      return c.json(await cancelRegistration(c.env.DB, c.req.valid("param").code, { events: notifierOf(c) }));
    },
  );

/** `/api/v1/units/:code/sessions.ics`: a commune's calendar feed. */
export const unitSessionsApi = new Hono<AppEnv>().get(
  "/:code/sessions.ics",
  describeRoute({
    tags: ["Dialogue sessions"],
    summary: "A commune's sessions as an iCalendar feed",
    responses: { 200: { description: "text/calendar", mediaType: "text/calendar" } },
  }),
  validate("param", unitParamSchema),
  async (c) => ics(c, await unitCalendar(c.env.DB, c.req.valid("param").code, publicOrigin(c.env, c.req.url))),
);
