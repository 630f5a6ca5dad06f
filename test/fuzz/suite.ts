/** What the fuzzer reads off the app itself, besides `/openapi.json`: its POST page routes and their fields. */
import type { Identity, Operation } from "./harness";

type RouteTable = { routes: { method: string; path: string }[] };

/**
 * Tables that a refused request changes on purpose: sign-in failures are counted exactly when a sign-in
 * is refused. Every other table, and every KV key, must be as a refused request found it.
 */
export const COUNTS_REFUSALS = ["login_failures", "sign_in_failures", "audit_log:views"] as const;

/**
 * One statement counting every table's rows. The audit log counts its changes and its views apart: a refused form
 * drawn again still shows what it shows (a session's registrants), and each view of personal data is logged —
 * a view that happened, not a change left behind (`audit_log:views`, in COUNTS_REFUSALS).
 */
export function rowCountSql(tables: readonly string[]): string {
  const counts = tables.flatMap((table) =>
    table === "audit_log"
      ? [
          `(SELECT count(*) FROM audit_log WHERE action NOT LIKE '%.view\\_%' ESCAPE '\\') AS "audit_log"`,
          `(SELECT count(*) FROM audit_log WHERE action LIKE '%.view\\_%' ESCAPE '\\') AS "audit_log:views"`,
        ]
      : [`(SELECT count(*) FROM "${table}") AS "${table}"`],
  );
  return `SELECT ${counts.join(", ")}`;
}

/** A session found ended (account disabled, password changed) is deleted from KV by whichever request presents it. */
export const FORGETTABLE_KV = ["session:"] as const;

const isPage = (path: string) => !path.startsWith("/api/") && !path.startsWith("/open311/") && !path.includes("*");

/** Every POST route that is a page (not the API): the forms. */
export function postPageRoutes(app: RouteTable): string[] {
  return [...new Set(app.routes.filter((route) => route.method === "POST" && isPage(route.path)).map((route) => route.path))].sort();
}

/**
 * Field names of every form on every page without parameters, as each identity sees them, and of every
 * API body (pages post the API's fields).
 */
export async function pageFieldNames(
  app: RouteTable,
  identities: Identity[],
  get: (path: string, headers: Record<string, string>) => Promise<Response>,
  operations: Operation[],
): Promise<string[]> {
  const names = new Set<string>(operations.flatMap((operation) => Object.keys(operation.body?.schema.properties ?? {})));
  const pages = [
    ...new Set(app.routes.filter((route) => route.method === "GET" && isPage(route.path) && !route.path.includes(":")).map((route) => route.path)),
  ];
  for (const path of pages) {
    for (const identity of identities) {
      const response = await get(path, { ...identity.pageHeaders, accept: "text/html" });
      const html = await response.text();
      for (const match of html.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)) names.add(match[1]);
    }
  }
  return [...names].sort();
}
