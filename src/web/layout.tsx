import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../env";
import type { MessageCode } from "../lib/problem";
import { t } from "./i18n";

type NavLink = { href: string; label: MessageCode };

function navLinks(c: Context<AppEnv>): NavLink[] {
  const user = c.get("user");
  if (!user) {
    return [
      { href: "/", label: "nav.home" },
      { href: "/petitions/new", label: "nav.submit" },
      { href: "/track", label: "nav.track" },
      { href: "/sessions", label: "nav.sessions" },
      { href: "/login", label: "nav.login" },
    ];
  }
  const links: NavLink[] = [
    { href: "/dashboard", label: "dashboard.title" },
    { href: "/oversight", label: "nav.oversight" },
  ];
  if (user.role !== "admin") links.push({ href: "/staff/petitions", label: "nav.inbox" });
  if (user.role === "commune_head" || user.role === "commune_staff") links.push({ href: "/staff/petitions/new", label: "nav.walkIn" });
  if (user.role !== "admin") links.push({ href: "/staff/sessions", label: "nav.dialogues" }, { href: "/staff/commitments", label: "nav.commitments" });
  if (user.role === "commune_head" || user.role === "commune_staff") links.push({ href: "/staff/villages", label: "nav.villages" });
  if (user.role === "admin") {
    links.push(
      { href: "/admin/units", label: "nav.units" },
      { href: "/admin/accounts", label: "nav.accounts" },
      { href: "/admin/holidays", label: "nav.holidays" },
      { href: "/admin/time-limits", label: "nav.timeLimits" },
      { href: "/admin/policies", label: "nav.policies" },
      { href: "/admin/open311", label: "nav.open311" },
      { href: "/admin/audit", label: "nav.audit" },
    );
  }
  links.push({ href: "/account/password", label: "nav.password" });
  return links;
}

/**
 * The page frame: doctype (standards mode), skip link, header with navigation and language switch, main content.
 * The window title reads "page – Đối thoại" (just "Đối thoại" on the home page), with "Lỗi: " in front when the
 * page shows form errors, so a screen reader hears it first (GOV.UK pattern).
 */
export function Layout(props: { c: Context<AppEnv>; title: string; hasErrors?: boolean; children: Child }) {
  const { c, title } = props;
  const user = c.get("user");
  const locale = c.get("locale");
  const path = new URL(c.req.url).pathname;
  const appName = t(c, "app.name");
  const windowTitle = `${props.hasErrors ? t(c, "form.errorTitlePrefix") : ""}${title === appName ? appName : `${title} – ${appName}`}`;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{windowTitle}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/app.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {t(c, "nav.skip")}
          </a>
          <header class="site-header">
            {/* The product's name is Vietnamese on every page: say so, for a screen reader's voice on English pages. */}
            <a class="brand" href="/" lang="vi">
              {appName}
            </a>
            <nav aria-label={t(c, "nav.label")}>
              <ul>
                {navLinks(c).map((link) => (
                  <li>
                    <a href={link.href} aria-current={path === link.href ? "page" : undefined}>
                      {t(c, link.label)}
                    </a>
                  </li>
                ))}
                {user ? (
                  <li>
                    <form method="post" action="/logout" class="inline">
                      <button type="submit" class="link">
                        {t(c, "nav.logout")}
                      </button>
                    </form>
                  </li>
                ) : null}
                <li>
                  <a href={`/lang/${locale === "en" ? "vi" : "en"}?next=${encodeURIComponent(path)}`} lang={locale === "en" ? "vi" : "en"}>
                    {t(c, "lang.switch")}
                  </a>
                </li>
              </ul>
            </nav>
          </header>
          <main id="main" tabindex={-1}>
            <h1>{title}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** A success message after a redirect (post/redirect/get). */
export function Notice(props: { text?: string | null }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

/**
 * A data table with column headers inside a horizontally scrollable region that keyboard users can
 * focus and scroll (WCAG 2.1.1; axe: scrollable-region-focusable). Children are the body rows.
 */
export function DataTable(props: { label: string; columns: string[]; children: Child }) {
  return (
    <section class="table-wrap" tabindex={0} aria-label={props.label}>
      <table>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </section>
  );
}

/** A filter's select: its label, an "any" choice that sends nothing, and the options, keeping the current choice. */
export function FilterSelect(props: {
  c: Context<AppEnv>;
  id: string;
  name: string;
  label: string;
  selected?: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{t(props.c, "filter.any")}</option>
        {props.options.map((option) => (
          <option value={option.value} selected={props.selected === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
