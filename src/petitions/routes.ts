import { type Context, Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { background } from "../lib/background";
import { clientKey } from "../lib/client";
import { describeRoute } from "../lib/openapi";
import { fieldError, invalid, notFound, Problem } from "../lib/problem";
import { parseOrThrow, validate } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { readForm } from "../web/form";
import {
  attachmentParamSchema,
  createdPetitionSchema,
  feedbackSchema,
  idempotencyKeySchema,
  petitionActionSchema,
  petitionDetailSchema,
  petitionIdParamSchema,
  petitionListQuerySchema,
  petitionPageSchema,
  petitionSubmissionSchema,
  publicPetitionSchema,
  trackingCodeParamSchema,
} from "./schema";
import { createdView } from "./views";
import {
  addPhotos,
  allowLookup,
  giveFeedback,
  performAction,
  readInbox,
  readPetition,
  readPhoto,
  readPublicView,
  submitPetition,
  tooManyLookups,
} from "./workflow";

/** Reads a submission sent as JSON, or as multipart with a `petition` JSON field and `photos` files. */
async function readSubmission(c: Context<AppEnv>) {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await readForm(c);
    let json: unknown;
    try {
      json = JSON.parse(form.raw("petition"));
    } catch {
      throw invalid([fieldError("petition", "petition.body_not_json")]);
    }
    return { input: parseOrThrow(petitionSubmissionSchema, json), photos: form.files("photos") };
  }
  if (!/^application\/(.+\+)?json/.test(type)) throw new Problem(415, "request.unsupported_type");
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw invalid([fieldError("", "request.malformed_json")], "request.malformed_json");
  }
  return { input: parseOrThrow(petitionSubmissionSchema, json), photos: [] as File[] };
}

/** Where the messages of a change link to, and the request's `waitUntil` to queue them after the batch commits. */
const deliveryOf = (c: Context<AppEnv>) => ({ origin: publicOrigin(c.env, c.req.url), ctx: c.executionCtx });

async function throttleLookups(c: Context<AppEnv>) {
  if (!(await allowLookup(c.env, clientKey(c)))) throw tooManyLookups();
}

/** `/api/v1/petitions`: submission and tracking (public), the inbox and handling (officials). */
export const petitionsApi = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      tags: ["Petitions"],
      summary: "Submit a petition (public; officials record walk-ins and letters)",
      description:
        "JSON, or multipart/form-data with a `petition` field holding the JSON and up to 3 `photos` (images, ≤ 2 MB each). Optional `Idempotency-Key` header: the same key and body return the same petition with 200; another body with that key is 422. Throttled per client (429).",
      input: { target: "json", schema: petitionSubmissionSchema },
      responses: {
        201: { description: "Received", schema: createdPetitionSchema },
        200: { description: "A replay of an earlier submission", schema: createdPetitionSchema },
        422: { description: "Idempotency-Key reused with another body" },
        429: { description: "Throttled" },
      },
    }),
    async (c) => {
      const idempotencyKey = parseOrThrow(idempotencyKeySchema, c.req.header("idempotency-key"));
      const { input, photos } = await readSubmission(c);
      const { created, petition } = await submitPetition(c.env, input, {
        user: c.get("user"),
        idempotencyKey,
        clientKey: clientKey(c),
        photos,
        later: background(c.executionCtx),
      });
      return c.json(createdView(petition), created ? 201 : 200);
    },
  )
  .get(
    "/track/:trackingCode",
    describeRoute({
      tags: ["Petitions"],
      summary: "Track a petition by its code (public, no personal data)",
      responses: { 200: { description: "Public status", schema: publicPetitionSchema }, 429: { description: "Throttled" } },
    }),
    validate("param", trackingCodeParamSchema),
    async (c) => {
      await throttleLookups(c);
      const view = await readPublicView(c.env, c.req.valid("param").trackingCode, background(c.executionCtx));
      if (!view) throw notFound("petition.tracking_code_unknown");
      return c.json(view);
    },
  )
  .post(
    "/track/:trackingCode/feedback",
    describeRoute({
      tags: ["Petitions"],
      summary: "Confirm the answer (resolved), or say it does not satisfy you (with a reason)",
      description:
        "Only while the petition is `answered`; otherwise 409. Not satisfied: a recommendation or feedback is `reopened` for the unit; a complaint or denunciation is `escalated` (final here: the second round is at the province, or in court). Throttled per client with tracking lookups (429).",
      responses: { 200: { description: "Public status after the feedback", schema: publicPetitionSchema }, 429: { description: "Throttled" } },
    }),
    validate("param", trackingCodeParamSchema),
    validate("json", feedbackSchema),
    async (c) => {
      await throttleLookups(c);
      return c.json(await giveFeedback(c.env, c.req.valid("param").trackingCode, c.req.valid("json"), { delivery: deliveryOf(c) }));
    },
  )
  .get(
    "/",
    describeRoute({
      tags: ["Petitions"],
      summary: "The inbox: petitions of your unit (supervisors: your province), soonest deadline first",
      description:
        "`overdue=true`: deadline passed and still open. `dueWithinDays=N`: open and due within N days. `q`: words of title or content, diacritics optional.",
      responses: { 200: { description: "A page of petitions", schema: petitionPageSchema } },
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("query", petitionListQuerySchema),
    async (c) => {
      const inbox = await readInbox(c.env.DB, currentUser(c), c.req.valid("query"));
      if (!inbox) throw notFound("unit.not_found");
      return c.json({ items: inbox.items, nextCursor: inbox.nextCursor });
    },
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Petitions"],
      summary: "One petition, with history, notes, photos and — for those allowed — the submitter",
      description:
        "Officials of the handling unit and supervisors of its province. A protected identity (a petition ever submitted or classified as a denunciation) only for the head, the assignee and supervisors. Each view of personal data is logged.",
      responses: { 200: { description: "The petition", schema: petitionDetailSchema } },
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", petitionIdParamSchema),
    async (c) => {
      const petition = await readPetition(c.env, currentUser(c), c.req.valid("param").id, {
        requestId: c.get("requestId"),
        later: background(c.executionCtx),
      });
      return c.json(petition);
    },
  )
  .post(
    "/:id/actions",
    describeRoute({
      tags: ["Petitions"],
      summary: "Take an action: classify, accept, return, transfer, file, mark_duplicate, split, assign, note, start, draft_answer, answer, extend, resolve",
      description:
        "A stale `version` or an action not allowed from the current state → 409 with `allowedActions`. `answer`, `assign`, `extend`: commune head only. `transfer` takes `toUnitCode` (a current commune-level unit of the system) or `toBody` (an outside body: finished here); a denunciation is transferred once. `accept` of an anonymous denunciation → 409 `denunciation.anonymous`. `extend`: denunciations, once if `complex`, twice if `especially_complex`. `resolve`: only after the resident's feedback window. `mark_duplicate { of }`: an id or a tracking code. `split { parts }`: 2–4 parts, one per kind. Accepting and answering tell the submitter (outbox).",
      responses: { 200: { description: "The petition after the action", schema: petitionDetailSchema } },
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", petitionIdParamSchema),
    validate("json", petitionActionSchema),
    async (c) =>
      c.json(
        await performAction(c.env, currentUser(c), c.req.valid("param").id, c.req.valid("json"), {
          requestId: c.get("requestId"),
          later: background(c.executionCtx),
          delivery: deliveryOf(c),
        }),
      ),
  )
  .post(
    "/:id/attachments",
    describeRoute({
      tags: ["Petitions"],
      summary: "Add photos to a petition (officials of the unit)",
      rawBody: { mediaType: "multipart/form-data", description: "`photos`: image files, ≤ 2 MB each, at most 10 per petition" },
    }),
    access("commune_head", "commune_staff"),
    validate("param", petitionIdParamSchema),
    async (c) => {
      const form = await readForm(c);
      return c.json({ items: await addPhotos(c.env, currentUser(c), c.req.valid("param").id, form.files("photos")) }, 201);
    },
  )
  .get(
    "/:id/attachments/:attachmentId",
    describeRoute({ tags: ["Petitions"], summary: "A petition's photo (officials allowed to see the petition; logged)" }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", attachmentParamSchema),
    async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const photo = await readPhoto(c.env, currentUser(c), id, attachmentId, background(c.executionCtx));
      return c.body(photo.bytes, 200, { "content-type": photo.contentType, "cache-control": "private, no-store", "content-disposition": "inline" });
    },
  );
