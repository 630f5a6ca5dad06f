import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";
import { InvalidCursorError } from "../lib/pagination";
import { fieldError, localiseProblem, Problem, problemResponse } from "../lib/problem";
import { t } from "./i18n";
import { Layout } from "./layout";

/** Browsers navigating to a page get HTML errors; API clients and scripts get problem+json. */
export function wantsHtml(c: Context<AppEnv>): boolean {
  const path = new URL(c.req.url).pathname;
  return !path.startsWith("/api/") && !path.startsWith("/open311/") && (c.req.header("accept") ?? "").includes("text/html");
}

/** Anything thrown, as the Problem a client may see; null for a real failure (a bug, an outage). */
export function asProblem(error: unknown): Problem | null {
  if (error instanceof Problem) return error;
  if (error instanceof InvalidCursorError) return new Problem(400, "cursor.invalid", { errors: [fieldError("cursor", "cursor.invalid")] });
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own 4xx (malformed JSON, a body it cannot parse) in our error shape.
    const code = /json/i.test(error.message) ? "request.malformed_json" : "request.bad";
    return new Problem(error.status, code, error.status === 400 ? { errors: [fieldError("", code)] } : {});
  }
  return null;
}

/** An error as a page: what happened in words, where to go next, and a reference only when we failed. */
function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, message: string) {
  return c.html(
    <Layout c={c} title={message}>
      {status === 404 ? <p>{t(c, "error.notFoundHelp")}</p> : null}
      <p>
        <a href="/">{t(c, "nav.home")}</a>
      </p>
      {/* A short reference a person can read out; the logs carry the whole request id it begins. */}
      {status >= 500 ? <p class="hint">{t(c, "request.id", { id: (c.get("requestId") ?? "").slice(0, 8) })}</p> : null}
    </Layout>,
    status,
  );
}

/** The one way an error leaves the app: problem+json in the request's language, or a page. */
export function errorResponse(c: Context<AppEnv>, error: unknown): Response | Promise<Response> {
  const requestHeaders = { "x-request-id": c.get("requestId") ?? "" };
  const problem = asProblem(error);
  if (!problem) {
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.get("requestId"),
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        message: String(error),
        stack: (error as Error)?.stack,
      }),
    );
    if (wantsHtml(c)) return errorPage(c, 500, t(c, "error.internal"));
    return problemResponse(localiseProblem(new Problem(500, "request.internal", { params: { id: c.get("requestId") } }), c.get("translate")), requestHeaders);
  }
  if (wantsHtml(c)) {
    if (problem.status === 401) {
      // Not signed in, or the sign-in ended: ask again, coming back here afterwards.
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    const message = problem.status === 404 ? t(c, "error.notFound") : problem.status === 403 ? t(c, "error.forbidden") : t(c, problem.code, problem.params);
    for (const [name, value] of Object.entries(problem.headers)) c.header(name, value);
    return errorPage(c, problem.status as ContentfulStatusCode, message);
  }
  return problemResponse(localiseProblem(problem, c.get("translate")), { ...problem.headers, ...requestHeaders });
}
