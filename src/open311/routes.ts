import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type * as v from "valibot";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { background } from "../lib/background";
import { clientKey } from "../lib/client";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { allowLookup, tooManyLookups } from "../petitions/workflow";
import { toXml } from "./rules";
import {
  clientIdParamSchema,
  clientListSchema,
  clientSchema,
  createClientSchema,
  fileParamSchema,
  issuedClientSchema,
  jurisdictionQuerySchema,
  OPEN311_FORMATS,
  type Open311Format,
  postedRequestSchema,
  postRequestSchema,
  requestsQuerySchema,
  serviceDefinitionSchema,
  serviceRequestsSchema,
  servicesSchema,
  tokenSchema,
} from "./schema";
import { issueClient, listClients, listRequests, listServices, postRequest, readRequest, readToken, revokeClient, serviceDefinition } from "./workflow";

const TAGS = ["Open311 GeoReport v2"];
/** When this interface last changed (the discovery document's changeset). */
const CHANGESET = "2026-11-26T00:00:00Z";

/** The standard's two formats: JSON as is, XML with the standard's element names. */
function respond(c: Context<AppEnv>, format: Open311Format, root: string, value: unknown, status: ContentfulStatusCode = 200) {
  if (format === "json") return c.json(value, status);
  return c.body(toXml(root, value), status, { "content-type": "text/xml; charset=utf-8" });
}

/** `CODE.json` → ["CODE", "json"] (the schema has checked the shape). */
const splitFile = (file: string) => {
  const dot = file.lastIndexOf(".");
  return [file.slice(0, dot), file.slice(dot + 1) as Open311Format] as const;
};

const doc = (format: Open311Format, summary: string, description: string, schema: v.GenericSchema) =>
  describeRoute({
    tags: TAGS,
    summary: `${summary} (${format.toUpperCase()})`,
    description,
    responses: { 200: format === "json" ? { description: "JSON", schema } : { description: "XML", mediaType: "text/xml" } },
  });

/** `/open311/v2`: categories as services, petitions' public views as service requests, a POST as a petition. */
export const open311Api = new Hono<AppEnv>();

for (const format of OPEN311_FORMATS) {
  open311Api.get(
    `/discovery.${format}`,
    describeRoute({ tags: TAGS, summary: `Discovery (${format.toUpperCase()})`, description: "Where the interface is and what it speaks." }),
    (c) => {
      const t = c.get("translate");
      return respond(c, format, "discovery", {
        changeset: CHANGESET,
        contact: t("open311.admin.title"),
        key_service: `${publicOrigin(c.env, c.req.url)}/admin/open311`,
        endpoints: [
          {
            specification: "http://wiki.open311.org/GeoReport_v2",
            url: `${publicOrigin(c.env, c.req.url)}/open311/v2`,
            changeset: CHANGESET,
            type: "production",
            formats: ["application/json", "text/xml"],
          },
        ],
      });
    },
  );

  open311Api.get(
    `/services.${format}`,
    doc(format, "Services: the petition categories", "`jurisdiction_id` is a province's code (optional: categories are national).", servicesSchema),
    validate("query", jurisdictionQuerySchema),
    async (c) => respond(c, format, "services", await listServices(c.env.DB)),
  );

  open311Api.get(
    `/requests.${format}`,
    doc(
      format,
      "Service requests of a province",
      "The public view of recommendations and feedback (kiến nghị, phản ánh) of the province `jurisdiction_id`: complaints, denunciations and " +
        "protected identities are never listed, and no request carries personal data. `service_request_id` (tracking codes, comma-separated), " +
        "`service_code`, `status` (open, closed), `start_date`/`end_date` (default: the last 90 days); newest first, at most 1,000.",
      serviceRequestsSchema,
    ),
    validate("query", requestsQuerySchema),
    async (c) => respond(c, format, "service_requests", await listRequests(c.env.DB, c.req.valid("query"))),
  );

  open311Api.post(
    `/requests.${format}`,
    describeRoute({
      tags: TAGS,
      summary: `Send a petition as a service request (${format.toUpperCase()})`,
      description:
        "Form-encoded, with the `api_key` an administrator issued for the province `jurisdiction_id` (page /admin/open311). `service_code` is a " +
        "category; `attribute[commune]` the commune (see the service's definition), `attribute[kind]` optional (feedback by default), " +
        "`attribute[consent]=yes` the sender's consent; `description` the content (its first line becomes the title); `first_name`, " +
        "`last_name`, `email`, `phone` the sender (none: an anonymous feedback); `address_string`, `lat`, `long` are added to the content. " +
        "The petition goes through the same submission as a resident's, is throttled per key, and answers with the tracking code as " +
        "`service_request_id` and a `token`. Errors are problem+json (401 unknown or revoked key, 403 key of another province).",
      responses: {
        201: format === "json" ? { description: "Created", schema: postedRequestSchema } : { description: "Created", mediaType: "text/xml" },
      },
    }),
    validate("form", postRequestSchema),
    async (c) => respond(c, format, "service_requests", await postRequest(c.env, c.req.valid("form"), background(c.executionCtx)), 201),
  );
}

open311Api.get(
  "/services/:file",
  describeRoute({
    tags: TAGS,
    summary: "A service's definition (`CODE.json` or `CODE.xml`)",
    description: "The attributes a request must or may send: the commune (the jurisdiction's communes), the kind, the sender's consent.",
    responses: { 200: { description: "The definition", schema: serviceDefinitionSchema } },
  }),
  validate("param", fileParamSchema),
  validate("query", jurisdictionQuerySchema),
  async (c) => {
    const [code, format] = splitFile(c.req.valid("param").file);
    return respond(c, format, "service_definition", await serviceDefinition(c.env.DB, c.get("translate"), code, c.req.valid("query").jurisdiction_id));
  },
);

open311Api.get(
  "/requests/:file",
  describeRoute({
    tags: TAGS,
    summary: "One service request by its id, the tracking code (`ID.json` or `ID.xml`)",
    description:
      "The petition's public view, as its tracking page shows it to whoever holds the code; no personal data. Throttled per client address as tracking lookups are (429 with `Retry-After`).",
    responses: { 200: { description: "The request (an array of one)", schema: serviceRequestsSchema } },
  }),
  validate("param", fileParamSchema),
  validate("query", jurisdictionQuerySchema),
  async (c) => {
    // A tracking code opens any petition's public view, complaints' too: looked up under the tracking page's throttle.
    if (!(await allowLookup(c.env, clientKey(c)))) throw tooManyLookups();
    const [id, format] = splitFile(c.req.valid("param").file);
    return respond(c, format, "service_requests", await readRequest(c.env.DB, id, c.req.valid("query").jurisdiction_id));
  },
);

open311Api.get(
  "/tokens/:file",
  describeRoute({
    tags: TAGS,
    summary: "The request a POST's token stands for (`TOKEN.json` or `TOKEN.xml`)",
    responses: { 200: { description: "The request id", schema: tokenSchema } },
  }),
  validate("param", fileParamSchema),
  validate("query", jurisdictionQuerySchema),
  async (c) => {
    const [token, format] = splitFile(c.req.valid("param").file);
    return respond(c, format, "service_requests", await readToken(c.env.DB, token, c.req.valid("query").jurisdiction_id));
  },
);

/** `/api/v1/open311/clients`: administrators issue and revoke the api keys of Open311 clients. */
export const open311ClientsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: TAGS,
      summary: "Open311 clients and their keys (administrators)",
      responses: { 200: { description: "Clients", schema: clientListSchema } },
    }),
    access("admin"),
    async (c) => c.json({ items: await listClients(c.env.DB) }),
  )
  .post(
    "/",
    describeRoute({
      tags: TAGS,
      summary: "Issue an api key for a province (administrators)",
      description: "The answer carries `apiKey` once; only its hash is kept. Audited.",
      responses: { 201: { description: "Issued", schema: issuedClientSchema } },
    }),
    access("admin"),
    validate("json", createClientSchema),
    async (c) => c.json((await issueClient(c.env.DB, currentUser(c), c.req.valid("json"))).issued, 201),
  )
  .delete(
    "/:id",
    describeRoute({
      tags: TAGS,
      summary: "Revoke a key (administrators)",
      description: "Effective at once; a second revocation changes nothing.",
      responses: { 200: { description: "Revoked", schema: clientSchema } },
    }),
    access("admin"),
    validate("param", clientIdParamSchema),
    async (c) => c.json(await revokeClient(c.env.DB, currentUser(c), c.req.valid("param").id)),
  );
