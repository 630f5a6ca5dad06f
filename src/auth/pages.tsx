import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { addDays } from "../holidays/rules";
import { localDay } from "../lib/dates";
import { type FieldError, Problem } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { DUE_SOON_DAYS } from "../petitions/rules";
import { countInbox } from "../petitions/store";
import { pageAccess, safeNext } from "../web/guard";
import { LOCALE_COOKIE, LOCALES } from "../web/i18n";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { SESSION_COOKIE } from "./access";
import { OFFICIAL_ROLES } from "./roles";
import { changePasswordSchema, loginSchema } from "./schema";
import { changeOwnPassword, setSessionCookie, signIn, signOut } from "./signin";

/** Problem → the form's error list; anything else is a real failure and goes to onError. */
function formErrors(error: unknown): FieldError[] {
  if (error instanceof Problem) return error.body.errors ?? [{ path: "", message: error.body.detail }];
  throw error;
}

const dashboardPath = "/dashboard";

/** Home, sign-in, sign-out, password change, language switch, dashboard. */
export const authPages = new Hono<AppEnv>()
  .get("/", (c) =>
    c.html(
      <Layout c={c} title={t(c, "app.name")}>
        <p class="lead">{t(c, "app.tagline")}</p>
        <p>
          <a class="button" href="/petitions/new">
            {t(c, "nav.submit")}
          </a>{" "}
          <a class="button secondary" href="/track">
            {t(c, "nav.track")}
          </a>
        </p>
        <p>{t(c, "home.intro")}</p>
        <h2>{t(c, "home.officials")}</h2>
        <p>
          <a class="button" href={c.get("user") ? dashboardPath : "/login"}>
            {c.get("user") ? t(c, "dashboard.title") : t(c, "nav.login")}
          </a>
        </p>
      </Layout>,
    ),
  )
  .get("/lang/:locale", (c) => {
    const locale = c.req.param("locale");
    if ((LOCALES as readonly string[]).includes(locale)) {
      setCookie(c, LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "Lax" });
    }
    return c.redirect(safeNext(c.req.query("next"), "/"), 303);
  })
  .get("/login", (c) => c.html(<LoginPage c={c} next={c.req.query("next")} />))
  .post("/login", async (c) => {
    const form = await c.req.parseBody();
    const next = typeof form.next === "string" ? form.next : undefined;
    const parsed = v.safeParse(loginSchema, { email: form.email ?? "", password: form.password ?? "" });
    if (!parsed.success) return c.html(<LoginPage c={c} next={next} email={String(form.email ?? "")} errors={issuesToErrors(parsed.issues)} />, 400);
    try {
      const { token } = await signIn(c.env, parsed.output.email, parsed.output.password);
      setSessionCookie(c, token);
      return c.redirect(safeNext(next, dashboardPath), 303);
    } catch (error) {
      const status = error instanceof Problem ? error.status : 500;
      const message =
        status === 429
          ? t(c, "login.throttled", { minutes: Math.ceil(Number(error instanceof Problem ? error.body.retryAfter : 60) / 60) })
          : status === 403
            ? t(c, "login.disabled")
            : status === 401
              ? t(c, "login.failed")
              : (formErrors(error)[0]?.message ?? "");
      if (status === 429 && error instanceof Problem) c.header("retry-after", error.headers["retry-after"]);
      return c.html(<LoginPage c={c} next={next} email={parsed.output.email} errors={[{ path: "", message }]} />, status === 429 ? 429 : 401);
    }
  })
  .post("/logout", async (c) => {
    await signOut(c, getCookie(c, SESSION_COOKIE));
    return c.redirect("/login", 303);
  })
  .get(dashboardPath, pageAccess(...OFFICIAL_ROLES), async (c) => {
    const user = c.get("user");
    if (!user) return c.redirect("/login", 303);
    const today = localDay();
    const counts =
      user.role === "admin"
        ? null
        : await countInbox(
            c.env.DB,
            user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "" } : { unitCode: user.unitCode ?? "" },
            today,
            addDays(today, DUE_SOON_DAYS),
          );
    const figure = (label: Parameters<typeof t>[1], value: number, href: string, tone = "") => (
      <li class={`figure ${tone}`}>
        <a href={href}>
          <strong>{value}</strong> {t(c, label)}
        </a>
      </li>
    );
    return c.html(
      <Layout c={c} title={t(c, "dashboard.title")}>
        <p>{t(c, "dashboard.welcome", { name: user.name })}</p>
        <dl>
          <dt>{t(c, "accounts.role")}</dt>
          <dd>{t(c, `role.${user.role}`)}</dd>
          <dt>{t(c, "accounts.unit")}</dt>
          <dd>{user.unitCode ?? t(c, "common.none")}</dd>
        </dl>
        {counts ? (
          <ul class="figures" aria-label={t(c, "nav.inbox")}>
            {figure("dashboard.overdue", counts.overdue, "/staff/petitions?overdue=true", counts.overdue ? "bad" : "")}
            {figure("dashboard.dueSoon", counts.dueSoon, `/staff/petitions?dueWithinDays=${DUE_SOON_DAYS}`, counts.dueSoon ? "warn" : "")}
            {figure("dashboard.received", counts.received, "/staff/petitions?status=received")}
            {figure("dashboard.awaiting", counts.awaitingResident, "/staff/petitions?status=answered")}
            {figure("dashboard.open", counts.open, "/staff/petitions")}
          </ul>
        ) : null}
      </Layout>,
    );
  })
  .get("/account/password", pageAccess(...OFFICIAL_ROLES), (c) => c.html(<PasswordPage c={c} done={c.req.query("done") === "1"} />))
  .post("/account/password", pageAccess(...OFFICIAL_ROLES), async (c) => {
    const form = await c.req.parseBody();
    const parsed = v.safeParse(changePasswordSchema, { currentPassword: form.currentPassword ?? "", newPassword: form.newPassword ?? "" });
    if (!parsed.success) return c.html(<PasswordPage c={c} errors={issuesToErrors(parsed.issues)} />, 400);
    const user = c.get("user");
    if (!user) return c.redirect("/login", 303);
    try {
      const token = await changeOwnPassword(c.env, user, parsed.output.currentPassword, parsed.output.newPassword);
      setSessionCookie(c, token);
      return c.redirect("/account/password?done=1", 303);
    } catch (error) {
      return c.html(<PasswordPage c={c} errors={formErrors(error)} />, 400);
    }
  });

function LoginPage(props: { c: Parameters<typeof t>[0]; next?: string; email?: string; errors?: FieldError[] }) {
  const { c } = props;
  return (
    <Layout c={c} title={t(c, "login.title")}>
      <FormErrors c={c} errors={props.errors} />
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="next" value={safeNext(props.next, dashboardPath)} />
        <div>
          <label for="email">{t(c, "login.email")}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ""} />
        </div>
        <div>
          <label for="password">{t(c, "login.password")}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit">{t(c, "login.submit")}</button>
      </form>
    </Layout>
  );
}

function PasswordPage(props: { c: Parameters<typeof t>[0]; errors?: FieldError[]; done?: boolean }) {
  const { c } = props;
  return (
    <Layout c={c} title={t(c, "password.title")}>
      <Notice text={props.done ? t(c, "password.changed") : null} />
      <FormErrors c={c} errors={props.errors} />
      <form method="post" action="/account/password" class="stack">
        <div>
          <label for="currentPassword">{t(c, "password.current")}</label>
          <input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required />
        </div>
        <div>
          <label for="newPassword">{t(c, "password.new")}</label>
          <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength={10} required />
        </div>
        <button type="submit">{t(c, "password.submit")}</button>
      </form>
    </Layout>
  );
}
