/**
 * Open311 use cases: serialisers over the petitions' public views, a POST through the petitions' own submission
 * use case, and the administrators' clients (api keys).
 *
 * Round trips: every GET is one. A POST is two, as any submission: the api key's check rides along with the
 * submission's first read (lib/database.ts `rideWithFirstTrip`), so an unknown or revoked key, a key of another
 * province, or a commune outside it refuses the request before anything is written.
 */
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { categoriesStatement, categoryStatement, toCategories } from "../categories/store";
import type { Background } from "../lib/background";
import { randomToken, sha256Hex } from "../lib/crypto";
import { requestDatabaseOf } from "../lib/database";
import { localDay } from "../lib/dates";
import { fieldError, invalid, notFound, Problem } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { petitionSubmissionSchema } from "../petitions/schema";
import { submitPetition } from "../petitions/workflow";
import { unitChoicesStatement } from "../units/store";
import { open311Field, serviceRequestOf, submissionOf } from "./rules";
import type { CreateClientInput, Open311Client, PostRequestInput, RequestsQuery, ServiceRequest } from "./schema";
import {
  clientStatement,
  clientsOf,
  clientsStatement,
  communesStatement,
  insertClientStatement,
  type KeyCheckRow,
  keyCheckStatement,
  provinceStatement,
  type RequestRow,
  requestStatement,
  requestsStatement,
  revokeClientStatement,
  tokenStatement,
} from "./store";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);
/** The standard: without dates, the last 90 days; never more than 1,000 requests. */
const DEFAULT_DAYS = 90;
export const MAX_REQUESTS = 1000;

// ---------------------------------------------------------------- services

export async function listServices(db: D1Database) {
  return toCategories((await categoriesStatement(db).all()).results).map((category) => ({
    service_code: category.code,
    service_name: category.name,
    description: category.description,
    metadata: true,
    type: "realtime" as const,
    keywords: "",
    group: "",
  }));
}

type Translate = (code: string, params?: Record<string, string | number>) => string;

/**
 * A service's definition: the attributes a POST must or may send — the commune (its values: the communes of the
 * jurisdiction in force today), the kind, and the resident's consent to the use of their personal data.
 */
export async function serviceDefinition(db: D1Database, t: Translate, serviceCode: string, jurisdiction: string | undefined) {
  if (!jurisdiction) throw invalid([fieldError("jurisdiction_id", "open311.jurisdiction_required")]);
  const [category, province, communes] = await db.batch<Record<string, unknown>>([
    categoryStatement(db, serviceCode),
    provinceStatement(db, jurisdiction),
    communesStatement(db, jurisdiction, localDay()),
  ]);
  if (!category.results.length) throw notFound("open311.service_not_found");
  if (!province.results.length) throw notFound("open311.jurisdiction_not_found");
  const choice = (key: string) => ({ key, name: t(`open311.kind.${key}`) });
  return {
    service_code: serviceCode,
    attributes: [
      {
        variable: true,
        code: "commune",
        datatype: "singlevaluelist",
        required: true,
        datatype_description: t("open311.attribute.communeType"),
        order: 1,
        description: t("open311.attribute.commune"),
        values: (communes.results as { code: string; name: string }[]).map((unit) => ({ key: unit.code, name: unit.name })),
      },
      {
        variable: true,
        code: "kind",
        datatype: "singlevaluelist",
        required: false,
        datatype_description: t("open311.attribute.kindType"),
        order: 2,
        description: t("open311.attribute.kind"),
        values: ["feedback", "recommendation", "complaint", "denunciation"].map(choice),
      },
      {
        variable: true,
        code: "consent",
        datatype: "singlevaluelist",
        required: true,
        datatype_description: t("open311.attribute.consentType"),
        order: 3,
        description: t("open311.attribute.consent"),
        values: [{ key: "yes", name: t("open311.attribute.consentYes") }],
      },
    ],
  };
}

// ---------------------------------------------------------------- requests (GET)

/** A province's listed requests (recommendations and feedback, no protected identity), newest first. */
export async function listRequests(db: D1Database, query: RequestsQuery, now = new Date()): Promise<ServiceRequest[]> {
  const until = query.end_date ? new Date(Date.parse(query.end_date) + 1).toISOString() : now.toISOString();
  const from = query.start_date ? new Date(Date.parse(query.start_date)).toISOString() : new Date(Date.parse(until) - DEFAULT_DAYS * 86_400_000).toISOString();
  const trackingCodes = query.service_request_id?.split(",").map((id) => id.toUpperCase().replace(/-/g, ""));
  const [province, requests] = await db.batch<Record<string, unknown>>([
    provinceStatement(db, query.jurisdiction_id),
    requestsStatement(
      db,
      {
        provinceCode: query.jurisdiction_id,
        // Asked by id, a request is found whenever it came in.
        from: trackingCodes ? "" : from,
        until: trackingCodes ? "9999" : until,
        trackingCodes,
        serviceCode: query.service_code,
        statuses: query.status?.split(",") as ("open" | "closed")[] | undefined,
      },
      MAX_REQUESTS,
    ),
  ]);
  if (!province.results.length) throw notFound("open311.jurisdiction_not_found");
  return (requests.results as RequestRow[]).map(serviceRequestOf);
}

const withinJurisdiction = (row: { province_code: string } | undefined, jurisdiction: string | undefined) =>
  row !== undefined && (jurisdiction === undefined || row.province_code === jurisdiction);

/** One request by its id (the tracking code: whoever holds it may see its public view, as on the tracking page). */
export async function readRequest(db: D1Database, trackingCode: string, jurisdiction: string | undefined): Promise<ServiceRequest[]> {
  const row = (await requestStatement(db, trackingCode.toUpperCase().replace(/-/g, "")).first<RequestRow>()) ?? undefined;
  if (!withinJurisdiction(row, jurisdiction) || !row) throw notFound("open311.request_not_found");
  return [serviceRequestOf(row)];
}

/** The request a POST's token stands for. */
export async function readToken(db: D1Database, token: string, jurisdiction: string | undefined) {
  const row = (await tokenStatement(db, token).first<{ tracking_code: string; province_code: string }>()) ?? undefined;
  if (!withinJurisdiction(row, jurisdiction) || !row) throw notFound("open311.token_not_found");
  return [{ service_request_id: row.tracking_code, token }];
}

// ---------------------------------------------------------------- requests (POST)

/** What a refused key check says: a key nobody holds (401), a key of another province (403), a commune outside it (400). */
function acceptKey(row: KeyCheckRow | undefined, jurisdiction: string): void {
  if (!row) throw new Problem(401, "open311.api_key_invalid");
  if (row.province_code !== jurisdiction) throw new Problem(403, "open311.jurisdiction_forbidden");
  if (row.unit_province !== jurisdiction || !COMMUNE_LEVELS.has(row.unit_level ?? ""))
    throw invalid([fieldError("attribute[commune]", "open311.commune_unknown")]);
}

/** Runs a step of the petitions' submission; its field errors name the Open311 fields the client sent. */
async function inOpen311Terms<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof Problem && error.errors) {
      throw new Problem(error.status as 400, error.code, { ...error, errors: error.errors.map((entry) => ({ ...entry, path: open311Field(entry.path) })) });
    }
    throw error;
  }
}

/** Creates a petition for a client holding an api key: through `submitPetition`, as a resident's online petition. */
export async function postRequest(env: Env, input: PostRequestInput, later: Background) {
  // Validated by the petitions' own schema.
  const petition = await inOpen311Terms(() => parseOrThrow(petitionSubmissionSchema, submissionOf(input)));
  const keyHash = await sha256Hex(input.api_key);
  const check = keyCheckStatement(env.DB, keyHash, petition.unitCode);
  const accept = (result: D1Result) => acceptKey(result.results[0] as KeyCheckRow | undefined, input.jurisdiction_id);
  const database = requestDatabaseOf(env.DB);
  if (database) {
    // A session sent along (a browser's cookie) is checked first; the key then rides with the submission's first read.
    if (database.hasPendingCheck) await database.flushCheck();
    database.rideWithFirstTrip({ statement: check, accept });
  } else {
    accept((await env.DB.batch([check]))[0]);
  }
  // Throttled per key, as residents are per address (SUBMIT_LIMITER).
  const { petition: created } = await inOpen311Terms(() => submitPetition(env, petition, { clientKey: `open311:${keyHash.slice(0, 32)}`, photos: [], later }));
  return [{ service_request_id: created.trackingCode, token: created.id, service_notice: null, account_id: null }];
}

// ---------------------------------------------------------------- clients (administrators)

export async function listClients(db: D1Database): Promise<Open311Client[]> {
  return clientsOf(await clientsStatement(db).all());
}

/** The administrators' page: the clients and the provinces a key may be issued for, in one round trip. */
export async function clientsPageData(db: D1Database) {
  const [clients, provinces] = await db.batch<Record<string, unknown>>([
    clientsStatement(db),
    unitChoicesStatement(db, { level: "province", day: localDay() }),
  ]);
  return { items: clientsOf(clients), provinces: provinces.results as { code: string; name: string }[] };
}

/**
 * Issues a key for a province: stored as its hash, answered once with the key itself, audited. The page that
 * shows the key also lists every client: its reads ride in the same batch (`withPage`).
 */
export async function issueClient(
  db: D1Database,
  user: SessionUser,
  input: CreateClientInput,
  options: { withPage?: boolean } = {},
): Promise<{ issued: Open311Client & { apiKey: string }; page: Awaited<ReturnType<typeof clientsPageData>> | null }> {
  const id = crypto.randomUUID();
  const apiKey = `o311_${randomToken(32)}`;
  const pageStatements = options.withPage ? [clientsStatement(db), unitChoicesStatement(db, { level: "province", day: localDay() })] : [];
  const [, , issued, clients, provinces] = await db.batch<Record<string, unknown>>([
    insertClientStatement(db, {
      id,
      name: input.name,
      provinceCode: input.provinceCode,
      keyHash: await sha256Hex(apiKey),
      keyHint: apiKey.slice(-4),
      createdBy: user.id,
      createdAt: new Date().toISOString(),
    }),
    auditStatement(
      db,
      { actorId: user.id, action: "open311.key_issue", targetType: "open311_client", targetId: id, detail: { name: input.name, province: input.provinceCode } },
      { afterChange: true },
    ),
    clientStatement(db, id),
    ...pageStatements,
  ]);
  const client = clientsOf(issued)[0];
  if (!client) throw invalid([fieldError("provinceCode", "open311.province_unknown")]);
  const page = clients && provinces ? { items: clientsOf(clients), provinces: provinces.results as { code: string; name: string }[] } : null;
  return { issued: { ...client, apiKey }, page };
}

/** Revokes a key (at once: every request checks D1); revoking twice changes nothing. */
export async function revokeClient(db: D1Database, user: SessionUser, id: string): Promise<Open311Client> {
  const [, , found] = await db.batch([
    revokeClientStatement(db, id, user.id, new Date().toISOString()),
    auditStatement(db, { actorId: user.id, action: "open311.key_revoke", targetType: "open311_client", targetId: id }, { afterChange: true }),
    clientStatement(db, id),
  ]);
  const client = clientsOf(found)[0];
  if (!client) throw notFound("open311.client_not_found");
  return client;
}
