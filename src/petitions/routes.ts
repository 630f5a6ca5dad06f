import { type Context, Hono } from "hono";
import * as v from "valibot";
import { auditStatement } from "../audit/store";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import { describeRoute } from "../lib/openapi";
import { decodeCursor, toPage } from "../lib/pagination";
import { invalid, notFound, Problem } from "../lib/problem";
import { parseOrThrow, validate } from "../lib/validate";
import { checkPhotos, MAX_PHOTOS_PER_PETITION, photoKey } from "./photos";
import { deadlineView } from "./rules";
import {
  createdPetitionSchema,
  feedbackSchema,
  petitionActionSchema,
  petitionIdParamSchema,
  petitionListQuerySchema,
  petitionPageSchema,
  petitionSubmissionSchema,
  publicPetitionSchema,
  trackingCodeParamSchema,
} from "./schema";
import { listAttachments, listInbox } from "./store";
import { readPublicView } from "./tracking";
import { giveFeedback, inboxFilter, loadVisiblePetition, performAction, petitionDetail, requestedInboxScope, submitPetition } from "./workflow";

const idempotencyKeySchema = v.optional(
  v.pipe(v.string(), v.trim(), v.minLength(8, "Idempotency-Key: 8–200 ký tự"), v.maxLength(200), v.regex(/^[\x21-\x7e]+$/, "Idempotency-Key: printable ASCII")),
);

/** The client a throttle counts: Cloudflare's CF-Connecting-IP. */
export const clientKey = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "unknown";

async function throttleTracking(c: Context<AppEnv>) {
  const { success } = await c.env.TRACK_LIMITER.limit({ key: clientKey(c) });
  if (!success) throw new Problem(429, "Tra cứu quá nhiều lần; thử lại sau 1 phút / too many lookups", { headers: { "retry-after": "60" } });
}

/** Reads a submission sent as JSON, or as multipart with a `petition` JSON field and `photos` files. */
async function readSubmission(c: Context<AppEnv>) {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const body = await c.req.parseBody({ all: true });
    let json: unknown;
    try {
      json = JSON.parse(typeof body.petition === "string" ? body.petition : "");
    } catch {
      throw invalid([{ path: "petition", message: "Trường petition phải là JSON / the petition field must be JSON" }]);
    }
    const photos = ([] as unknown[]).concat(body.photos ?? []).filter((file): file is File => file instanceof File);
    return { input: parseOrThrow(petitionSubmissionSchema, json), photos };
  }
  if (!/^application\/(.+\+)?json/.test(type)) throw new Problem(415, "Gửi JSON hoặc multipart/form-data / send JSON or multipart/form-data");
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw invalid([{ path: "", message: "JSON không hợp lệ / malformed JSON" }]);
  }
  return { input: parseOrThrow(petitionSubmissionSchema, json), photos: [] as File[] };
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
      responses: {
        201: { description: "Received", schema: createdPetitionSchema },
        200: { description: "A replay of an earlier submission", schema: createdPetitionSchema },
        422: { description: "Idempotency-Key reused with another body" },
        429: { description: "Throttled" },
      },
    }),
    attachInputDoc(),
    async (c) => {
      const idempotencyKey = parseOrThrow(idempotencyKeySchema, c.req.header("idempotency-key"));
      const { input, photos } = await readSubmission(c);
      const { created, petition } = await submitPetition(c.env, input, { user: c.get("user"), idempotencyKey, clientKey: clientKey(c), photos });
      return c.json(
        { id: petition.id, trackingCode: petition.tracking_code, status: petition.status, acknowledgeBy: petition.acknowledge_by, version: petition.version },
        created ? 201 : 200,
      );
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
      await throttleTracking(c);
      const view = await readPublicView(c.env, c.req.valid("param").trackingCode);
      if (!view) throw notFound("Không có mã theo dõi này / no such tracking code");
      return c.json(view);
    },
  )
  .post(
    "/track/:trackingCode/feedback",
    describeRoute({
      tags: ["Petitions"],
      summary: "Confirm the answer (resolved) or reopen it with a reason",
      description: "Only while the petition is `answered`; otherwise 409.",
      responses: { 200: { description: "Public status after the feedback", schema: publicPetitionSchema } },
    }),
    validate("param", trackingCodeParamSchema),
    validate("json", feedbackSchema),
    async (c) => {
      await throttleTracking(c);
      const { satisfied, comment } = c.req.valid("json");
      return c.json(await giveFeedback(c.env, c.req.valid("param").trackingCode, satisfied, comment));
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
      const user = currentUser(c);
      const { limit, cursor, unit, ...query } = c.req.valid("query");
      const scope = await requestedInboxScope(c.env.DB, user, unit);
      if (!scope) throw notFound();
      const today = localDay();
      const after = decodeCursor(cursor, 2) as [string, string] | null;
      const rows = await listInbox(c.env.DB, scope, inboxFilter(query, today), today, limit, after);
      return c.json(
        toPage(
          rows,
          limit,
          (row) => ({
            id: row.id,
            trackingCode: row.tracking_code,
            unitCode: row.unit_code,
            category: row.category,
            kind: row.kind,
            title: row.title,
            status: row.status,
            channel: row.channel,
            submittedAt: row.submitted_at,
            ...deadlineView(row.due_on, today),
            assignedTo: row.assigned_to,
            version: row.version,
          }),
          (row) => [row.due_on, row.id],
        ),
      );
    },
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Petitions"],
      summary: "One petition, with history, notes, photos and — for those allowed — the submitter",
      description:
        "Officials of the handling unit and supervisors of its province. A denunciation's submitter only for the head, the assignee and supervisors. Each view of personal data is logged.",
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", petitionIdParamSchema),
    async (c) => {
      const user = currentUser(c);
      const row = await loadVisiblePetition(c.env.DB, user, c.req.valid("param").id);
      return c.json(await petitionDetail(c.env, user, row, c.get("requestId")));
    },
  )
  .post(
    "/:id/actions",
    describeRoute({
      tags: ["Petitions"],
      summary: "Take an action: classify, accept, return, transfer, file, mark_duplicate, assign, note, start, draft_answer, answer, extend, resolve",
      description:
        "A stale `version` or an action not allowed from the current state → 409 with `allowedActions`. `answer`, `assign`, `extend`: commune head only.",
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", petitionIdParamSchema),
    validate("json", petitionActionSchema),
    async (c) => {
      const user = currentUser(c);
      const row = await performAction(c.env, user, c.req.valid("param").id, c.req.valid("json"));
      return c.json(await petitionDetail(c.env, user, row, c.get("requestId")));
    },
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
      const user = currentUser(c);
      const row = await loadVisiblePetition(c.env.DB, user, c.req.valid("param").id);
      const body = await c.req.parseBody({ all: true });
      const files = ([] as unknown[]).concat(body.photos ?? []).filter((file): file is File => file instanceof File);
      const existing = await listAttachments(c.env.DB, row.id);
      const { photos, errors } = await checkPhotos(files, MAX_PHOTOS_PER_PETITION - existing.length);
      if (errors.length || photos.length === 0) throw invalid(errors.length ? errors : [{ path: "photos", message: "Chọn ít nhất một ảnh / choose a photo" }]);
      const now = new Date().toISOString();
      const added = photos.map((photo) => ({ ...photo, id: crypto.randomUUID() }));
      await Promise.all(added.map((photo) => c.env.KV.put(photoKey(row.id, photo.id), photo.bytes, { metadata: { contentType: photo.contentType } })));
      await c.env.DB.batch(
        added.map((photo) =>
          c.env.DB.prepare(
            "INSERT INTO petition_attachments (id, petition_id, kv_key, content_type, size, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          ).bind(photo.id, row.id, photoKey(row.id, photo.id), photo.contentType, photo.bytes.length, user.id, now),
        ),
      );
      return c.json(
        {
          items: added.map((photo) => ({
            id: photo.id,
            contentType: photo.contentType,
            size: photo.bytes.length,
            url: `/api/v1/petitions/${row.id}/attachments/${photo.id}`,
          })),
        },
        201,
      );
    },
  )
  .get(
    "/:id/attachments/:attachmentId",
    describeRoute({ tags: ["Petitions"], summary: "A petition's photo (officials allowed to see the petition; logged)" }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("param", v.object({ ...petitionIdParamSchema.entries, attachmentId: v.pipe(v.string(), v.uuid()) })),
    async (c) => {
      const user = currentUser(c);
      const { id, attachmentId } = c.req.valid("param");
      const row = await loadVisiblePetition(c.env.DB, user, id);
      const attachment = (await listAttachments(c.env.DB, row.id)).find((item) => item.id === attachmentId);
      const bytes = attachment ? await c.env.KV.get(attachment.kv_key, "arrayBuffer") : null;
      if (!attachment || !bytes) throw notFound("Không có ảnh này / no such photo");
      await auditStatement(c.env.DB, {
        actorId: user.id,
        action: "petition.view_photo",
        targetType: "petition",
        targetId: row.id,
        detail: { attachmentId },
      }).run();
      return c.body(bytes, 200, { "content-type": attachment.content_type, "cache-control": "private, no-store", "content-disposition": "inline" });
    },
  );

/** Documents the JSON body of POST /petitions (read by hand there, to accept multipart too). */
function attachInputDoc() {
  return describeRoute({ input: { target: "json", schema: petitionSubmissionSchema } });
}
