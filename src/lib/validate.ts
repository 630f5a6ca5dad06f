import type { MiddlewareHandler, ValidationTargets } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { attachDoc } from "./openapi";
import { type FieldError, invalid, type MessageCode, type MessageParams } from "./problem";

/** A message code as a valibot message: schemas name codes, never prose (`v.regex(re, code("phone.format"))`). */
export const code = (messageCode: MessageCode): string => messageCode;

const CODE_SHAPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

/** The generic code for a valibot issue that names no code of its own. */
function genericCode(issue: v.BaseIssue<unknown>): { code: MessageCode; params?: MessageParams } {
  const requirement = (issue as { requirement?: unknown }).requirement;
  if (issue.input === undefined || issue.input === null || issue.input === "") {
    if (issue.kind === "schema" || issue.type === "min_length" || issue.type === "non_empty") return { code: "required" };
  }
  switch (issue.type) {
    case "min_length":
      return { code: "too_short", params: { min: Number(requirement) } };
    case "max_length":
      return { code: "too_long", params: { max: Number(requirement) } };
    case "max_bytes":
      return { code: "too_long_bytes", params: { max: Number(requirement) } };
    case "min_value":
      return { code: "too_small", params: { min: String(requirement) } };
    case "max_value":
      return { code: "too_large", params: { max: String(requirement) } };
    case "integer":
      return { code: "integer" };
    case "picklist":
    case "enum":
    case "literal":
    case "variant":
    case "union":
      return { code: "choice" };
    case "object":
    case "strict_object":
    case "loose_object":
    case "array":
    case "string":
    case "number":
    case "boolean":
      return { code: "type" };
    case "check_items":
    case "array_length":
      return { code: "invalid" };
    default:
      return { code: "format" };
  }
}

/** Turns valibot issues into API.md's `errors: [{ path, code }]`, one (the first) per field. */
export function issuesToErrors(issues: v.BaseIssue<unknown>[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of issues) {
    const path = v.getDotPath(issue) ?? "";
    if (byPath.has(path)) continue;
    const named = CODE_SHAPE.test(issue.message) ? { code: issue.message as MessageCode } : genericCode(issue);
    byPath.set(path, { path, ...named });
  }
  return [...byPath.values()];
}

/** Parses with a schema or throws a 400 problem naming every failing field. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw invalid(issuesToErrors(result.issues));
  return result.output;
}

type Target = "json" | "query" | "param" | "form";

/**
 * Validation middleware for one request part. The same schema is recorded for the
 * generated OpenAPI document, so the contract and the check can never drift apart.
 */
export function validate<T extends Target, S extends v.GenericSchema>(target: T, schema: S) {
  const middleware = validator(target as keyof ValidationTargets, (value) => parseOrThrow(schema, value));
  attachDoc(middleware, { input: { target, schema } });
  return middleware as MiddlewareHandler<any, string, { in: { [K in T]: v.InferInput<S> }; out: { [K in T]: v.InferOutput<S> } }>;
}
