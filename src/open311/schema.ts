/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as this product speaks it: categories are services,
 * petitions are service requests, `jurisdiction_id` is a province's code. Field names are the standard's
 * (snake_case); POST bodies are form-encoded as the standard says. Also the administrators' API of clients.
 */
import * as v from "valibot";
import { emailSchema } from "../accounts/schema";
import { categoryCodeSchema } from "../categories/schema";
import { phoneSchema } from "../lib/identity";
import { code } from "../lib/validate";
import { unitCodeSchema } from "../units/schema";

export const OPEN311_FORMATS = ["json", "xml"] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** Kinds an Open311 client may give (`attribute[kind]`); none: feedback (phản ánh), what most reports are. */
export const OPEN311_KINDS = ["feedback", "recommendation", "complaint", "denunciation"] as const;

/** A path segment `CODE.json` or `CODE.xml`: a service code, a request id (tracking code) or a token. */
export const fileParamSchema = v.object({
  file: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,60}\.(json|xml)$/, code("open311.file_format"))),
});

export const jurisdictionQuerySchema = v.object({ jurisdiction_id: v.optional(unitCodeSchema) });

const text = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max)));
/** A W3C datetime (ISO 8601 with a time zone), as the standard's `start_date` / `end_date`. */
const datetime = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, code("open311.datetime_format")),
  v.check((value) => Number.isFinite(Date.parse(value)), code("open311.datetime_format")),
);

/** `GET requests.{format}`: a province's public requests, filtered as the standard allows. */
export const requestsQuerySchema = v.pipe(
  v.object({
    jurisdiction_id: unitCodeSchema,
    service_request_id: v.optional(
      v.pipe(v.string(), v.trim(), v.maxLength(800), v.regex(/^[A-Za-z0-9-]+(,[A-Za-z0-9-]+){0,49}$/, code("open311.request_ids_format"))),
    ),
    service_code: v.optional(categoryCodeSchema),
    start_date: v.optional(datetime),
    end_date: v.optional(datetime),
    status: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^(open|closed)(,(open|closed))?$/, code("open311.status_choice")))),
  }),
  v.forward(
    v.check((query) => !query.start_date || !query.end_date || Date.parse(query.start_date) <= Date.parse(query.end_date), code("open311.range_order")),
    ["end_date"],
  ),
);
export type RequestsQuery = v.InferOutput<typeof requestsQuerySchema>;

/** An optional field a client may also send empty (as forms do): "" means not given. */
const blankOr = <S extends v.GenericSchema<string, unknown>>(schema: S) => v.optional(v.union([v.literal(""), schema]));

/** `POST requests.{format}` (form-encoded): a petition sent by a client holding an `api_key`. */
export const postRequestSchema = v.object({
  api_key: v.pipe(v.string(), v.trim(), v.minLength(1, code("open311.api_key_required")), v.maxLength(200, code("open311.api_key_invalid"))),
  jurisdiction_id: unitCodeSchema,
  service_code: categoryCodeSchema,
  description: v.pipe(v.string(), v.trim(), v.minLength(10, code("open311.description_too_short")), v.maxLength(9_000)),
  "attribute[commune]": v.pipe(
    v.string(code("open311.commune_required")),
    v.trim(),
    v.nonEmpty(code("open311.commune_required")),
    v.regex(/^[0-9A-Za-z_-]{1,20}$/, code("unit.code_format")),
  ),
  "attribute[kind]": blankOr(v.picklist(OPEN311_KINDS, code("open311.kind_choice"))),
  "attribute[consent]": v.literal("yes", code("petition.consent_required")),
  first_name: text(60),
  last_name: text(60),
  email: blankOr(emailSchema),
  phone: blankOr(phoneSchema),
  address_string: text(300),
  lat: blankOr(v.pipe(v.string(), v.trim(), v.regex(/^-?\d{1,2}(\.\d{1,10})?$/, code("open311.coordinate_format")))),
  long: blankOr(v.pipe(v.string(), v.trim(), v.regex(/^-?\d{1,3}(\.\d{1,10})?$/, code("open311.coordinate_format")))),
  address_id: text(100),
  device_id: text(100),
  account_id: text(100),
  media_url: text(500),
});
export type PostRequestInput = v.InferOutput<typeof postRequestSchema>;

/** One service request as GET answers it: the petition's public view, never personal data. */
export const serviceRequestSchema = v.object({
  service_request_id: v.string(),
  status: v.picklist(["open", "closed"]),
  status_notes: v.nullable(v.string()),
  service_name: v.nullable(v.string()),
  service_code: v.string(),
  description: v.string(),
  agency_responsible: v.string(),
  service_notice: v.nullable(v.string()),
  requested_datetime: v.string(),
  updated_datetime: v.string(),
  expected_datetime: v.nullable(v.string()),
  address: v.string(),
  address_id: v.string(),
  zipcode: v.nullable(v.string()),
  lat: v.nullable(v.number()),
  long: v.nullable(v.number()),
  media_url: v.nullable(v.string()),
});
export type ServiceRequest = v.InferOutput<typeof serviceRequestSchema>;
export const serviceRequestsSchema = v.array(serviceRequestSchema);

export const serviceSchema = v.object({
  service_code: v.string(),
  service_name: v.string(),
  description: v.nullable(v.string()),
  metadata: v.boolean(),
  type: v.literal("realtime"),
  keywords: v.string(),
  group: v.string(),
});
export const servicesSchema = v.array(serviceSchema);

const attributeSchema = v.object({
  variable: v.boolean(),
  code: v.string(),
  datatype: v.string(),
  required: v.boolean(),
  datatype_description: v.string(),
  order: v.number(),
  description: v.string(),
  values: v.array(v.object({ key: v.string(), name: v.string() })),
});
export const serviceDefinitionSchema = v.object({ service_code: v.string(), attributes: v.array(attributeSchema) });

export const postedRequestSchema = v.array(
  v.object({ service_request_id: v.string(), token: v.string(), service_notice: v.nullable(v.string()), account_id: v.nullable(v.string()) }),
);
export const tokenSchema = v.array(v.object({ service_request_id: v.string(), token: v.string() }));

// ---------------------------------------------------------------- clients (administrators)

export const createClientSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, code("open311.client_name_required")), v.maxLength(120)),
  provinceCode: unitCodeSchema,
});
export type CreateClientInput = v.InferOutput<typeof createClientSchema>;
export const clientIdParamSchema = v.object({ id: v.pipe(v.string(), v.uuid(code("open311.client_not_found"))) });

export const clientSchema = v.object({
  id: v.string(),
  name: v.string(),
  province: v.object({ code: v.string(), name: v.string() }),
  keyHint: v.string(),
  createdAt: v.string(),
  revokedAt: v.nullable(v.string()),
});
export type Open311Client = v.InferOutput<typeof clientSchema>;
export const issuedClientSchema = v.object({ ...clientSchema.entries, apiKey: v.string() });
export const clientListSchema = v.object({ items: v.array(clientSchema) });
