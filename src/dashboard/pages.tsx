import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import { OFFICIAL_ROLES } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import type { MessageCode } from "../lib/problem";
import { DUE_SOON_DAYS } from "../petitions/rules";
import { countInbox, type InboxCounts, inboxCountsOf, inboxCountsStatement } from "../petitions/store";
import { toUnitChoices, unitPickerStatement } from "../units/store";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { Layout } from "../web/layout";
import { chosenUnit, UnitPicker } from "../web/unit-picker";

/** A province has at most a few hundred communes: the supervisor's picker lists them all when nothing is searched. */
const COMMUNE_CHOICES = 300;
const COMMUNE_LEVELS = ["commune", "ward", "special_zone"] as const;

/** `/dashboard`: the officials' first page — who they are, and the figures that need their attention. */
export const dashboardPages = new Hono<AppEnv>().get("/", pageAccess(...OFFICIAL_ROLES), async (c) => {
  const signedIn = currentUser(c);
  const figures =
    signedIn.role === "admin" ? (
      <AdminTasks c={c} />
    ) : signedIn.role === "supervisor" ? (
      await SupervisorFigures({ c, user: signedIn })
    ) : (
      await UnitFigures({ c, user: signedIn })
    );
  // After the first read the session is confirmed against D1, with the unit's current name.
  const user = currentUser(c);
  const role = t(c, `role.${user.role}`);
  return c.html(
    <Layout c={c} title={t(c, "dashboard.title")}>
      <p>{t(c, "dashboard.welcome", { name: user.name })}</p>
      <p>{user.unitName ? t(c, "dashboard.youAre", { role, unit: user.unitName }) : t(c, "dashboard.youAreAdmin", { role })}</p>
      {figures}
    </Layout>,
  );
});

function AdminTasks(props: { c: Context<AppEnv> }) {
  const { c } = props;
  const tasks: [string, MessageCode, MessageCode][] = [
    ["/admin/accounts", "nav.accounts", "dashboard.adminAccounts"],
    ["/admin/units", "nav.units", "dashboard.adminUnits"],
    ["/admin/holidays", "nav.holidays", "dashboard.adminHolidays"],
    ["/admin/time-limits", "nav.timeLimits", "dashboard.adminTimeLimits"],
    ["/admin/audit", "nav.audit", "dashboard.adminAudit"],
  ];
  return (
    <>
      <h2>{t(c, "dashboard.adminTasks")}</h2>
      <ul>
        {tasks.map(([href, label, description]) => (
          <li>
            <a href={href}>{t(c, label)}</a>: {t(c, description)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A commune official's figures: their own unit. */
async function UnitFigures(props: { c: Context<AppEnv>; user: SessionUser }) {
  const { c, user } = props;
  const today = localDay();
  const counts = await countInbox(c.env.DB, { unitCode: user.unitCode ?? "" }, today, DUE_SOON_DAYS);
  return <Figures c={c} counts={counts} heading={t(c, "dashboard.figures")} unitQuery="" />;
}

/**
 * A supervisor's figures: the whole province, or one commune picked by name. The picker lists only the
 * province's communes, so a commune outside it can never be chosen (it is simply not found). The list and the
 * figures of the commune asked for come in one round trip; only when a search picks another commune (its
 * only match, without JavaScript) or the one asked for is out of reach do the right figures take a second.
 */
async function SupervisorFigures(props: { c: Context<AppEnv>; user: SessionUser }) {
  const { c, user } = props;
  const today = localDay();
  const soon = DUE_SOON_DAYS;
  const search = c.req.query("unitq")?.trim() ?? "";
  const asked = c.req.query("unit") || undefined;
  const province = { provinceCode: user.provinceCode ?? "" };
  const [listed, askedCounts] = await c.env.DB.batch([
    unitPickerStatement(c.env.DB, { q: search, levels: COMMUNE_LEVELS, onDay: today, province: province.provinceCode, limit: COMMUNE_CHOICES }),
    inboxCountsStatement(c.env.DB, asked ? { unitCode: asked } : province, today, soon),
  ]);
  const { choices, more } = toUnitChoices(listed, COMMUNE_CHOICES);
  // Every choice lies in the supervisor's province: the province's name would only repeat.
  const options = choices.map((choice) => ({ code: choice.code, name: choice.name }));
  const chosen = chosenUnit(options, asked, search !== "");
  const counts = chosen === asked ? inboxCountsOf(askedCounts) : await countInbox(c.env.DB, chosen ? { unitCode: chosen } : province, today, soon);
  const chosenName = options.find((option) => option.code === chosen)?.name;
  return (
    <>
      <search>
        <form method="get" action="/dashboard" class="stack" novalidate>
          <UnitPicker
            c={c}
            name="unit"
            searchName="unitq"
            label={t(c, "dashboard.commune")}
            hint={t(c, "dashboard.communeHint")}
            emptyChoice={t(c, "dashboard.allCommunes")}
            source="/dashboard"
            options={options}
            more={more}
            search={search}
            selected={chosen}
            optional
          />
          <div>
            <button type="submit" class="secondary">
              {t(c, "dashboard.show")}
            </button>
          </div>
        </form>
      </search>
      <Figures
        c={c}
        counts={counts}
        heading={
          chosenName || currentUser(c).unitName ? t(c, "dashboard.figuresOf", { unit: chosenName ?? currentUser(c).unitName ?? "" }) : t(c, "dashboard.figures")
        }
        unitQuery={chosen ? `unit=${encodeURIComponent(chosen)}&` : ""}
      />
      <script src="/static/unit-picker.js" defer />
    </>
  );
}

/**
 * The figures, each a link to the inbox filtered the same way. New petitions that nobody has accepted yet
 * are counted apart from those being dealt with.
 */
function Figures(props: { c: Context<AppEnv>; counts: InboxCounts; heading: string; unitQuery: string }) {
  const { c, counts, unitQuery } = props;
  const inProgress = Math.max(0, counts.open - counts.received);
  const figure = (label: MessageCode, value: number, href: string | null, tone = "") => (
    <li class={`figure ${tone}`}>
      {href ? (
        <a href={href}>
          <strong>{value}</strong> {t(c, label)}
        </a>
      ) : (
        <span>
          <strong>{value}</strong> {t(c, label)}
        </span>
      )}
    </li>
  );
  return (
    <>
      <h2 id="figures">{props.heading}</h2>
      <ul class="figures" aria-labelledby="figures">
        {figure("dashboard.overdue", counts.overdue, `/staff/petitions?${unitQuery}overdue=true`, counts.overdue ? "bad" : "")}
        {figure("dashboard.dueSoon", counts.dueSoon, `/staff/petitions?${unitQuery}dueWithinDays=${DUE_SOON_DAYS}`, counts.dueSoon ? "warn" : "")}
        {figure("dashboard.received", counts.received, `/staff/petitions?${unitQuery}status=received`)}
        {figure("dashboard.inProgress", inProgress, null)}
        {figure("dashboard.awaiting", counts.awaitingResident, `/staff/petitions?${unitQuery}status=answered`)}
      </ul>
    </>
  );
}
