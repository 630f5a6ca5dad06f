import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { accountsPages } from "./accounts/pages";
import { accountsApi } from "./accounts/routes";
import { auditPages } from "./audit/pages";
import { auditApi } from "./audit/routes";
import { csrfGuard, loadSession } from "./auth/access";
import { categoriesApi } from "./categories/routes";
import { minutesPages } from "./commitments/minutes-pages";
import { promisesPages } from "./commitments/promises-pages";
import { recordPages } from "./commitments/record-pages";
import { commitmentsApi, minutesApi } from "./commitments/routes";
import { staffCommitmentPages } from "./commitments/staff-pages";
import { dashboardPages } from "./dashboard/pages";
import { docsRoutes } from "./docs/routes";
import type { AppEnv } from "./env";
import { exportsApi } from "./exports/routes";
import { holidaysPages } from "./holidays/pages";
import { holidaysApi } from "./holidays/routes";
import { homePages } from "./home/pages";
import { enqueueScheduledJobs } from "./jobs/queue";
import { openRequestDatabase, requestDatabaseOf } from "./lib/database";
import { Problem } from "./lib/problem";
import { catalog } from "./messages";
import { notificationsApi } from "./notifications/routes";
import { open311Pages } from "./open311/pages";
import { open311Api, open311ClientsApi } from "./open311/routes";
import { publicPetitionPages } from "./petitions/public-pages";
import { petitionsApi } from "./petitions/routes";
import { staffPetitionPages } from "./petitions/staff-pages";
import { policiesPages } from "./policies/pages";
import { policiesApi } from "./policies/routes";
import { handleQueue } from "./queue";
import { oversightPages } from "./reports/dashboard-pages";
import { figurePages } from "./reports/figure-pages";
import { printPages } from "./reports/print-pages";
import { reviewPages } from "./reports/review-pages";
import { complianceExportsApi, reportsApi } from "./reports/routes";
import { summaryPages } from "./reports/summary-pages";
import { JOBS_BY_CRON } from "./scheduled";
import { checkInPages } from "./sessions/checkin-pages";
import { noticePages } from "./sessions/notice-pages";
import { publicSessionPages } from "./sessions/public-pages";
import { registrationsApi, sessionsApi, unitSessionsApi } from "./sessions/routes";
import { staffSessionPage } from "./sessions/session-pages";
import { staffSessionPages } from "./sessions/staff-pages";
import { signInPages } from "./signin/pages";
import { authApi, meApi } from "./signin/routes";
import { timeLimitsPages } from "./time-limits/pages";
import { timeLimitsApi } from "./time-limits/routes";
import { unitsPages } from "./units/pages";
import { unitsApi } from "./units/routes";
import { villagesPages } from "./villages/pages";
import { villagesApi } from "./villages/routes";
import { errorResponse } from "./web/errors";
import { apiLocale, makeTranslate, pageLocale } from "./web/i18n";

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
app.use(async function chooseLanguage(c, next) {
  const path = new URL(c.req.url).pathname;
  const locale = path.startsWith("/api/") || path.startsWith("/open311/") ? apiLocale(c) : pageLocale(c);
  c.set("locale", locale);
  c.set("translate", makeTranslate(catalog, locale));
  await next();
});
app.use(async function countRoundTrips(c, next) {
  await next();
  const database = requestDatabaseOf(c.env.DB);
  // Read by the round-trip tests and the bench: each D1 call is a network round trip in production.
  if (database) c.res.headers.set("x-d1-round-trips", String(database.trips));
});
app.use(async function limitBody(c, next) {
  const maxSize = Number(c.env.MAX_BODY_BYTES);
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new Problem(413, "request.too_large", { params: { mb: Math.round(maxSize / 1048576) } });
    },
  });
  return limit(c, next);
});
app.use(loadSession());
app.use(csrfGuard());

app.get("/healthz", (c) => c.json({ status: "ok" }));

app.route("/api/v1/auth", authApi);
app.route("/api/v1/me", meApi);
app.route("/api/v1/units/:code/villages", villagesApi);
app.route("/api/v1/units", unitSessionsApi);
app.route("/api/v1/units", unitsApi);
app.route("/api/v1/accounts", accountsApi);
app.route("/api/v1/holidays", holidaysApi);
app.route("/api/v1/time-limits", timeLimitsApi);
app.route("/api/v1/categories", categoriesApi);
app.route("/api/v1/petitions", petitionsApi);
app.route("/api/v1/audit", auditApi);
app.route("/api/v1/notifications", notificationsApi);
app.route("/api/v1/exports", exportsApi);
app.route("/api/v1/exports", complianceExportsApi);
app.route("/api/v1/policies", policiesApi);
app.route("/api/v1/reports", reportsApi);
app.route("/api/v1/sessions", sessionsApi);
app.route("/api/v1/sessions", minutesApi);
app.route("/api/v1/commitments", commitmentsApi);
app.route("/api/v1/registrations", registrationsApi);
app.route("/api/v1/open311/clients", open311ClientsApi);
app.route("/open311/v2", open311Api);

app.route(
  "/",
  docsRoutes(() => app),
);
app.route("/", homePages);
app.route("/", signInPages);
app.route("/dashboard", dashboardPages);
app.route("/admin/units", unitsPages);
app.route("/admin/accounts", accountsPages);
app.route("/", publicPetitionPages);
app.route("/staff/petitions", staffPetitionPages);
app.route("/admin/holidays", holidaysPages);
app.route("/admin/audit", auditPages);
app.route("/admin/time-limits", timeLimitsPages);
app.route("/admin/policies", policiesPages);
app.route("/admin/open311", open311Pages);
app.route("/oversight", oversightPages);
app.route("/oversight", figurePages);
app.route("/oversight", summaryPages);
app.route("/oversight", reviewPages);
app.route("/oversight/print", printPages);
app.route("/staff/villages", villagesPages);
app.route("/staff/sessions", staffSessionPages);
app.route("/staff/sessions", staffSessionPage);
app.route("/staff/sessions", checkInPages);
app.route("/staff/sessions", minutesPages);
app.route("/staff/commitments", staffCommitmentPages);
app.route("/", publicSessionPages);
app.route("/", noticePages);
app.route("/", promisesPages);
app.route("/", recordPages);

app.notFound((c) => {
  const path = new URL(c.req.url).pathname;
  return errorResponse(c, new Problem(404, "request.no_route", { params: { method: c.req.method, path } }));
});

app.onError((error, c) => errorResponse(c, error));

export { app };

export default {
  /** Each request sees D1 through its own wrapper: round trips counted, the sign-in check folded into the first read. */
  fetch(request, env, ctx) {
    return app.fetch(request, { ...env, DB: openRequestDatabase(env.DB).binding }, ctx);
  },
  /** Each cron only enqueues its jobs; the `jobs` queue runs each on its own (src/jobs/). */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(enqueueScheduledJobs(env, JOBS_BY_CRON[controller.cron] ?? [], controller));
  },
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
