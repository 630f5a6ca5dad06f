import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { accountsPages } from "./accounts/pages";
import { accountsApi } from "./accounts/routes";
import { auditPages } from "./audit/pages";
import { auditApi } from "./audit/routes";
import { csrfGuard, loadSession } from "./auth/access";
import { authPages } from "./auth/pages";
import { authApi, meApi } from "./auth/routes";
import { categoriesApi } from "./categories/routes";
import { docsRoutes } from "./docs/routes";
import type { AppEnv } from "./env";
import { holidaysPages } from "./holidays/pages";
import { holidaysApi } from "./holidays/routes";
import { InvalidCursorError } from "./lib/pagination";
import { Problem, problemResponse } from "./lib/problem";
import { publicPetitionPages } from "./petitions/public-pages";
import { petitionsApi } from "./petitions/routes";
import { staffPetitionPages } from "./petitions/staff-pages";
import { runDailyJobs } from "./scheduled";
import { timeLimitsPages } from "./time-limits/pages";
import { timeLimitsApi } from "./time-limits/routes";
import { unitsPages } from "./units/pages";
import { unitsApi } from "./units/routes";
import { localeOf } from "./web/i18n";
import { Layout, t } from "./web/layout";

const app = new Hono<AppEnv>();

app.use(requestId());
app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "blob:"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: "strict-origin-when-cross-origin",
  }),
);
app.use(async function chooseLocale(c, next) {
  c.set("locale", localeOf(c));
  await next();
});
app.use(async function limitBody(c, next) {
  const limit = bodyLimit({
    maxSize: Number(c.env.MAX_BODY_BYTES),
    onError: () => {
      throw new Problem(413, `Nội dung gửi lên quá lớn (tối đa ${Math.round(Number(c.env.MAX_BODY_BYTES) / 1048576)} MB) / body too large`);
    },
  });
  return limit(c, next);
});
app.use(loadSession());
app.use(csrfGuard());

app.get("/healthz", (c) => c.json({ status: "ok" }));

app.route("/api/v1/auth", authApi);
app.route("/api/v1/me", meApi);
app.route("/api/v1/units", unitsApi);
app.route("/api/v1/accounts", accountsApi);
app.route("/api/v1/holidays", holidaysApi);
app.route("/api/v1/time-limits", timeLimitsApi);
app.route("/api/v1/categories", categoriesApi);
app.route("/api/v1/petitions", petitionsApi);
app.route("/api/v1/audit", auditApi);

app.route(
  "/",
  docsRoutes(() => app),
);
app.route("/", authPages);
app.route("/admin/units", unitsPages);
app.route("/admin/accounts", accountsPages);
app.route("/", publicPetitionPages);
app.route("/staff/petitions", staffPetitionPages);
app.route("/admin/holidays", holidaysPages);
app.route("/admin/audit", auditPages);
app.route("/admin/time-limits", timeLimitsPages);

/** Browsers navigating to a page get HTML errors; API clients and scripts get problem+json. */
function wantsHtml(c: Context<AppEnv>): boolean {
  const path = new URL(c.req.url).pathname;
  return !path.startsWith("/api/") && !path.startsWith("/open311/") && (c.req.header("accept") ?? "").includes("text/html");
}

function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, detail?: string) {
  const message =
    status === 404
      ? t(c, "error.notFound")
      : status === 403
        ? t(c, "error.forbidden")
        : status >= 500
          ? t(c, "error.internal")
          : (detail ?? t(c, "error.internal"));
  return c.html(
    <Layout c={c} title={message}>
      <p>{message}</p>
      <p class="hint">Mã yêu cầu / request id: {c.get("requestId")}</p>
    </Layout>,
    status,
  );
}

app.notFound((c) => {
  if (wantsHtml(c)) return errorPage(c, 404);
  return problemResponse({
    type: "/problems/404",
    title: "Not found",
    status: 404,
    detail: `Không có đường dẫn ${c.req.method} ${new URL(c.req.url).pathname} / no such route`,
  });
});

app.onError((error, c) => {
  const requestHeaders = { "x-request-id": c.get("requestId") ?? "" };
  if (error instanceof Problem) {
    if (wantsHtml(c)) return errorPage(c, error.status as ContentfulStatusCode, error.body.detail);
    return problemResponse(error.body, { ...error.headers, ...requestHeaders });
  }
  if (error instanceof InvalidCursorError) {
    return problemResponse(
      new Problem(400, "Invalid cursor.", { errors: [{ path: "cursor", message: "Con trỏ trang không hợp lệ / invalid cursor" }] }).body,
      requestHeaders,
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own 4xx (malformed JSON, wrong content type) in our error shape.
    const detail = error.message || "Invalid request";
    const body = new Problem(error.status, detail, error.status === 400 ? { errors: [{ path: "", message: detail }] } : {}).body;
    return problemResponse(body, requestHeaders);
  }
  console.error(
    JSON.stringify({
      level: "error",
      requestId: c.get("requestId"),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      message: String(error),
      stack: (error as Error).stack,
    }),
  );
  if (wantsHtml(c)) return errorPage(c, 500);
  return problemResponse(
    {
      type: "/problems/500",
      title: "Internal error",
      status: 500,
      detail: `Đã có lỗi; mã yêu cầu ${c.get("requestId")} / something went wrong, request id ${c.get("requestId")}`,
    },
    requestHeaders,
  );
});

export { app };

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runDailyJobs(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
