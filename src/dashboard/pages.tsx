import { Hono } from "hono";
import { currentUser } from "../auth/access";
import { OFFICIAL_ROLES } from "../auth/roles";
import type { AppEnv } from "../env";
import { addDays } from "../holidays/rules";
import { localDay } from "../lib/dates";
import type { MessageCode } from "../lib/problem";
import { DUE_SOON_DAYS } from "../petitions/rules";
import { countInbox } from "../petitions/store";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { Layout } from "../web/layout";

/** `/dashboard`: the officials' first page — who they are, and the figures that need their attention. */
export const dashboardPages = new Hono<AppEnv>().get("/", pageAccess(...OFFICIAL_ROLES), async (c) => {
  const user = currentUser(c);
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
  const figure = (label: MessageCode, value: number, href: string, tone = "") => (
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
});
