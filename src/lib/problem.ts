import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One failing input field, as API.md names it: a dotted path and a human message. */
export type FieldError = { path: string; message: string; line?: number };

/** Body of every error response (RFC 9457 problem details). */
export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

const TITLES: Record<number, string> = {
  400: "Invalid input",
  401: "Not signed in",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Idempotency key reused with a different body",
  429: "Too many requests",
  500: "Internal error",
};

/**
 * An error that becomes an application/problem+json response in the app's onError.
 * `extensions` adds members beside the standard ones (e.g. `conflict`, `allowedActions`).
 */
export class Problem extends HTTPException {
  readonly body: ProblemBody;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    detail: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(status, { message: detail });
    this.headers = options.headers ?? {};
    // Extensions go first so they can never overwrite the standard members.
    this.body = {
      ...options.extensions,
      type: status === 400 && options.errors ? "/problems/validation" : `/problems/${status}`,
      title: TITLES[status] ?? "Error",
      status,
      detail,
      ...(options.errors ? { errors: options.errors } : {}),
    };
  }
}

/** Shorthands for the statuses every route uses. */
export const invalid = (errors: FieldError[], detail = "The request has invalid fields.") => new Problem(400, detail, { errors });
export const notFound = (detail = "No such resource.") => new Problem(404, detail);
export const forbidden = (detail = "Your role may not do this.") => new Problem(403, detail);
export const unauthorized = (detail = "Sign in first.") => new Problem(401, detail);
export const conflict = (detail: string, extensions?: Record<string, unknown>) => new Problem(409, detail, { extensions });

/** Builds the response for a problem body; used by onError and notFound. */
export function problemResponse(body: ProblemBody, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
  });
}
