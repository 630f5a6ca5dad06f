import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every message code of the product. `src/messages.ts` fills this in from each domain's dictionary
 * (declaration merging), so a code that has no words fails the type check instead of reaching a user.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging in src/messages.ts
export interface MessageCodes {}
export type MessageCode = keyof MessageCodes & string;

/** Values for a message's `{placeholders}`. */
export type MessageParams = Record<string, string | number>;

/** One failing input field, as API.md names it: a dotted path, a stable code and (once localised) a message. */
export type FieldError = { path: string; code: MessageCode; params?: MessageParams; line?: number };

/** Body of every error response (RFC 9457 problem details), after localisation. */
export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: (FieldError & { message: string })[];
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

export type ProblemOptions = {
  params?: MessageParams;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
};

/**
 * An error that becomes an application/problem+json response (or the page's error) at the edge.
 * Rules, stores and workflows throw codes, never prose: the words are chosen for the request's language
 * by `localiseProblem`. `extensions` adds members beside the standard ones (`conflict`, `allowedActions`).
 */
export class Problem extends HTTPException {
  readonly code: MessageCode;
  readonly params: MessageParams;
  readonly errors?: FieldError[];
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: MessageCode, options: ProblemOptions = {}) {
    super(status, { message: code });
    this.code = code;
    this.params = options.params ?? {};
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

/** Translates a code for one request; given by the i18n layer. */
export type Translate = (code: string, params?: MessageParams) => string;

/** The problem body in one language. Extensions go first so they can never overwrite the standard members. */
export function localiseProblem(problem: Problem, translate: Translate): ProblemBody {
  const status = problem.status;
  return {
    ...problem.extensions,
    type: status === 400 && problem.errors ? "/problems/validation" : `/problems/${status}`,
    title: TITLES[status] ?? "Error",
    status,
    code: problem.code,
    detail: translate(problem.code, problem.params),
    ...(problem.errors ? { errors: problem.errors.map((error) => ({ ...error, message: translate(error.code, error.params) })) } : {}),
  };
}

/** Shorthands for the statuses every route uses. */
export const invalid = (errors: FieldError[], code: MessageCode = "invalid") => new Problem(400, code, { errors });
export const fieldError = (path: string, code: MessageCode, params?: MessageParams): FieldError => (params ? { path, code, params } : { path, code });
export const notFound = (code: MessageCode = "not_found") => new Problem(404, code);
export const forbidden = (code: MessageCode = "forbidden") => new Problem(403, code);
export const unauthorized = (code: MessageCode = "unauthorized") => new Problem(401, code);
export const conflict = (code: MessageCode, extensions?: Record<string, unknown>, params?: MessageParams) => new Problem(409, code, { extensions, params });

/** Builds the response for a problem body; used by onError and notFound. */
export function problemResponse(body: ProblemBody, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
  });
}
