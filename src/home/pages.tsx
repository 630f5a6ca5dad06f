import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { safeNext } from "../web/guard";
import { LOCALE_COOKIE, LOCALES, t } from "../web/i18n";
import { Layout } from "../web/layout";

const dashboardPath = "/dashboard";

/** The home page and the language switch. */
export const homePages = new Hono<AppEnv>()
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
        <p>{t(c, "home.officialsIntro")}</p>
        <p>
          <a href={c.get("user") ? dashboardPath : "/login"}>{c.get("user") ? t(c, "dashboard.title") : t(c, "nav.login")}</a>
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
  });
