import { env } from "cloudflare:test";

/** SQLite's plan for a query a store builds (one line per step), to assert the index it reads and that it never sorts. */
export async function queryPlan(query: { sql: string; params: unknown[] }): Promise<string> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
    .bind(...query.params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail).join("\n");
}
