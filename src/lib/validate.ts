import type { MiddlewareHandler, ValidationTargets } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { attachDoc } from "./openapi";
import { type FieldError, invalid } from "./problem";

/** Turns valibot issues into API.md's `errors: [{ path, message }]`. */
export function issuesToErrors(issues: v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message: issue.message,
  }));
}

/** Parses with a schema or throws a 400 problem naming every failing field. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortPipeEarly: true });
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
