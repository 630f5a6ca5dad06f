import type { MiddlewareHandler, ValidationTargets } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { attachDoc } from "./openapi";
import { type FieldError, invalid } from "./problem";

/** Turns valibot issues into API.md's `errors: [{ path, message }]`, one (the first) message per field. */
export function issuesToErrors(issues: v.BaseIssue<unknown>[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of issues) {
    const path = v.getDotPath(issue) ?? "";
    if (!byPath.has(path)) byPath.set(path, { path, message: issue.message });
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
