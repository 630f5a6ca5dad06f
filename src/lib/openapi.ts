import { toJsonSchema } from "@valibot/to-json-schema";
import type { Hono } from "hono";
import type * as v from "valibot";

/** What a middleware tells the OpenAPI generator about the route it guards. */
export type RouteDoc = {
  summary?: string;
  description?: string;
  tags?: string[];
  /** Roles that may call the route; absent means public. */
  roles?: readonly string[];
  input?: { target: "json" | "query" | "param" | "form"; schema: v.GenericSchema };
  /** Request body that is not JSON (CSV, multipart): media type and a description. */
  rawBody?: { mediaType: string; description: string };
  responses?: Record<number, { description: string; schema?: v.GenericSchema; mediaType?: string }>;
};

const DOC = Symbol.for("citizen-dialogue.openapi");
type Documented = { [DOC]?: RouteDoc[] };

/** Records documentation on a middleware function; the generator reads it back from `app.routes`. */
export function attachDoc<F extends object>(fn: F, doc: RouteDoc): F {
  const target = fn as F & Documented;
  target[DOC] = [...(target[DOC] ?? []), doc];
  return fn;
}

/** A no-op middleware that only documents the route: summary, tags, responses. */
export function describeRoute(doc: RouteDoc) {
  return attachDoc(async function documentedRoute(_c: unknown, next: () => Promise<void>) {
    await next();
  }, doc);
}

function jsonSchema(schema: v.GenericSchema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = toJsonSchema(schema, { errorMode: "ignore" }) as Record<string, unknown>;
  return rest;
}

function parameters(target: "query" | "param", schema: v.GenericSchema) {
  const object = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: target === "param" ? "path" : "query",
    required: target === "param" || (object.required ?? []).includes(name),
    schema: property,
  }));
}

/**
 * Builds the OpenAPI 3.1 document from the routes registered on the app, reading the docs
 * that `validate`, `access` and `describeRoute` attached to their middleware.
 */
export function buildOpenApiDocument(app: Hono<any>, info: { title: string; version: string; description: string }) {
  const paths: Record<string, Record<string, Record<string, unknown>>> = {};
  const merged = new Map<string, { method: string; path: string; docs: RouteDoc[] }>();
  for (const route of app.routes) {
    const docs = (route.handler as Documented)[DOC];
    if (!docs || route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    const entry = merged.get(key) ?? { method: route.method.toLowerCase(), path: route.path, docs: [] };
    entry.docs.push(...docs);
    merged.set(key, entry);
  }
  for (const { method, path, docs } of merged.values()) {
    if (!path.startsWith("/api/") && !path.startsWith("/open311/")) continue;
    const openApiPath = path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
    const operation: Record<string, unknown> = { responses: {} };
    const params: Record<string, unknown>[] = [];
    const responses = operation.responses as Record<string, unknown>;
    for (const doc of docs) {
      if (doc.summary) operation.summary = doc.summary;
      if (doc.description) operation.description = doc.description;
      if (doc.tags) operation.tags = doc.tags;
      if (doc.roles) {
        operation.security = [{ bearerAuth: [] }, { sessionCookie: [] }];
        operation["x-roles"] = doc.roles;
        responses["401"] = { $ref: "#/components/responses/Problem" };
        responses["403"] = { $ref: "#/components/responses/Problem" };
      }
      if (doc.input?.target === "json" || doc.input?.target === "form") {
        const mediaType = doc.input.target === "json" ? "application/json" : "multipart/form-data";
        operation.requestBody = { required: true, content: { [mediaType]: { schema: jsonSchema(doc.input.schema) } } };
        responses["400"] = { $ref: "#/components/responses/Problem" };
      } else if (doc.input) {
        params.push(...parameters(doc.input.target, doc.input.schema));
        responses["400"] = { $ref: "#/components/responses/Problem" };
      }
      if (doc.rawBody) {
        operation.requestBody = {
          required: true,
          description: doc.rawBody.description,
          content: { [doc.rawBody.mediaType]: { schema: { type: "string" } } },
        };
      }
      for (const [status, response] of Object.entries(doc.responses ?? {})) {
        responses[status] = {
          description: response.description,
          ...(response.schema ? { content: { [response.mediaType ?? "application/json"]: { schema: jsonSchema(response.schema) } } } : {}),
        };
      }
    }
    for (const match of openApiPath.matchAll(/\{([^}]+)\}/g)) {
      if (!params.some((p) => p.in === "path" && p.name === match[1])) {
        params.push({ name: match[1], in: "path", required: true, schema: { type: "string" } });
      }
    }
    if (params.length) operation.parameters = params;
    if (Object.keys(responses).length === 0) responses["200"] = { description: "OK" };
    paths[openApiPath] ??= {};
    paths[openApiPath][method] = operation;
  }
  return {
    openapi: "3.1.0",
    info,
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "sid" },
      },
      responses: {
        Problem: {
          description: "An error as application/problem+json (RFC 9457)",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "code", "detail"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            code: { type: "string", description: "Stable, for programs (e.g. `session.short_notice`)" },
            detail: { type: "string", description: "In the request's language (Accept-Language, then the lang cookie, then Vietnamese)" },
            errors: {
              type: "array",
              items: {
                type: "object",
                required: ["path", "code", "message"],
                properties: {
                  path: { type: "string" },
                  code: { type: "string", description: "Stable, for programs (e.g. `phone.format`, `required`)" },
                  message: { type: "string", description: "In the request's language" },
                  line: { type: "integer" },
                },
              },
            },
          },
        },
      },
    },
  };
}
