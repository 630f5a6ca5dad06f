import { Hono } from "hono";
import { raw } from "hono/html";
import type { AppEnv } from "../env";
import { buildOpenApiDocument } from "../lib/openapi";

const INFO = {
  title: "Đối thoại API",
  version: "1.0.0",
  description:
    "Citizen dialogue and petitions for Vietnamese communes. Errors are application/problem+json (RFC 9457). Lists return `{ items, nextCursor }` with `limit` and `cursor`.",
};

/**
 * `/openapi.json` and `/docs`. The document is generated once per isolate from the routes' own
 * validators; the reference UI (Swagger UI) is served from our static assets, so it works offline.
 */
export function docsRoutes(getApp: () => Hono<AppEnv>) {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => {
      document ??= buildOpenApiDocument(getApp(), INFO);
      return c.json(document);
    })
    .get("/docs", (c) =>
      c.html(
        <>
          {raw("<!DOCTYPE html>")}
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>Đối thoại API reference</title>
              <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css" />
            </head>
            <body>
              <main id="swagger-ui" />
              <script src="/vendor/swagger-ui/swagger-ui-bundle.js" />
              <script src="/static/docs.js" />
            </body>
          </html>
        </>,
      ),
    );
}
