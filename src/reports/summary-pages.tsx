/**
 * `/oversight/summary`: a commune's or the province's figures over any range of days, with the report periods of
 * the year one click away (month, quarter, 6 and 9 months, year, cut as the province policy says), each figure a
 * link to its list, the printable document and the downloads of the same days.
 */
import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { PETITION_KINDS, PETITION_STATUSES } from "../petitions/schema";
import { ErrorSummary, Field, readQuery } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { Layout } from "../web/layout";
import { hrefOf } from "./components";
import { MONTH_PERIODS, type PeriodName, periodRange } from "./periods";
import { type SummaryQuery, summaryQuerySchema } from "./schema";
import { type SummaryReport, summaryReport } from "./workflow";

export const summaryPages = new Hono<AppEnv>().get("/summary", pageAccess("admin", "supervisor", "commune_head", "commune_staff"), async (c) => {
  const { value: query, errors } = readQuery(c, summaryQuerySchema);
  if (!query) return c.html(<SummaryPage c={c} query={c.req.query()} errors={errors} summary={null} />, 400);
  const summary = await summaryReport(c.env.DB, currentUser(c), query);
  return c.html(<SummaryPage c={c} query={query} errors={[]} summary={summary} />);
});

const PRESETS: PeriodName[] = [...MONTH_PERIODS, "Q1", "Q2", "Q3", "Q4", "H1", "M9", "year"];

function presetLabel(c: Context<AppEnv>, period: PeriodName): string {
  return period.startsWith("M") && period !== "M9"
    ? t(c, "summary.preset.month", { month: Number(period.slice(1)) })
    : t(c, `summary.preset.${period as "Q1"}`);
}

function SummaryPage(props: { c: Context<AppEnv>; query: Partial<SummaryQuery>; errors: FieldError[]; summary: SummaryReport | null }) {
  const { c, summary, errors } = props;
  const scope = summary ? { [summary.scope.kind]: summary.scope.code } : { unit: props.query.unit, province: props.query.province };
  const title = summary ? t(c, "summary.title", { unit: summary.scope.name }) : t(c, "oversight.summaryPage");
  return (
    <Layout c={c} title={title} hasErrors={errors.length > 0}>
      <ErrorSummary c={c} errors={errors} order={["from", "to", "unit", "province"]} />
      {summary ? <p>{t(c, "summary.range", { from: formatDay(summary.period.from), to: formatDay(summary.period.to) })}</p> : null}
      <search>
        <h2 id="choose">{t(c, "summary.choose")}</h2>
        <form method="get" action="/oversight/summary" class="row" aria-labelledby="choose" novalidate>
          {scope.unit ? <input type="hidden" name="unit" value={scope.unit} /> : null}
          {scope.province ? <input type="hidden" name="province" value={scope.province} /> : null}
          <Field c={c} path="from" label={t(c, "summary.from")} errors={errors} optional>
            {(field) => <input {...field} type="date" name="from" value={summary?.period.from ?? props.query.from ?? ""} />}
          </Field>
          <Field c={c} path="to" label={t(c, "summary.to")} errors={errors} optional>
            {(field) => <input {...field} type="date" name="to" value={summary?.period.to ?? props.query.to ?? ""} />}
          </Field>
          <div>
            <button type="submit">{t(c, "summary.show")}</button>
          </div>
        </form>
        {summary ? <Presets c={c} summary={summary} scope={scope} /> : null}
      </search>
      {summary ? <Figures c={c} summary={summary} scope={scope} /> : null}
    </Layout>
  );
}

function Presets(props: { c: Context<AppEnv>; summary: SummaryReport; scope: Record<string, string | undefined> }) {
  const { c, summary } = props;
  const year = Number(summary.period.to.slice(0, 4));
  const mode = summary.policy.reportPeriods;
  return (
    <>
      <h3 id="presets">{t(c, "summary.presets", { year, mode: t(c, `oversight.mode.${mode}`) })}</h3>
      <ul class="links" aria-labelledby="presets">
        {PRESETS.map((period) => {
          const range = periodRange(year, period, mode);
          return (
            <li>
              <a href={hrefOf("/oversight/summary", { ...props.scope, from: range.from, to: range.to })}>{presetLabel(c, period)}</a>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function Figures(props: { c: Context<AppEnv>; summary: SummaryReport; scope: Record<string, string | undefined> }) {
  const { c, summary, scope } = props;
  const days = { from: summary.period.from, to: summary.period.to };
  const sessions = (figure: string) => hrefOf("/oversight/sessions", { ...scope, ...days, figure });
  const petitions = (extra: Record<string, string>) => hrefOf("/oversight/petitions", { ...scope, ...days, ...extra });
  const line = (label: string, value: number, href: string | null) => (
    <>
      <dt>{label}</dt>
      <dd>{href ? <a href={href}>{value}</a> : value}</dd>
    </>
  );
  const s = summary.sessions;
  const p = summary.petitions;
  return (
    <>
      {summary.units.length > 1 ? <p class="hint">{t(c, "summary.units", { units: summary.units.map((unit) => unit.name).join(", ") })}</p> : null}
      <h2>{t(c, "summary.sessions")}</h2>
      <dl class="facts">
        {line(t(c, "oversight.col.sessionsHeld"), s.sessionsHeld, sessions("sessionsHeld"))}
        {line(t(c, "oversight.col.shortNotice"), s.shortNotice, sessions("shortNotice"))}
        {line(t(c, "oversight.col.recordedAfterwards"), s.recordedAfterwards, sessions("recordedAfterwards"))}
        {line(t(c, "oversight.col.resultsOnTime"), s.resultsOnTime, sessions("resultsOnTime"))}
        {line(t(c, "oversight.col.resultsLate"), s.resultsLate, sessions("resultsLate"))}
      </dl>
      <h2>{t(c, "summary.petitions")}</h2>
      <dl class="facts">
        {line(t(c, "oversight.col.petitionsReceived"), p.received, petitions({ figure: "received" }))}
        {line(t(c, "oversight.col.acknowledgedOnTime"), p.acknowledgedOnTime, petitions({ figure: "acknowledgedOnTime" }))}
        {line(t(c, "oversight.col.acknowledgedLate"), p.acknowledgedLate, petitions({ figure: "acknowledgedLate" }))}
        {line(t(c, "oversight.col.resolvedOnTime"), p.resolvedOnTime, petitions({ figure: "resolvedOnTime" }))}
        {line(t(c, "oversight.col.resolvedLate"), p.resolvedLate, petitions({ figure: "resolvedLate" }))}
        {line(t(c, "oversight.col.overdue"), p.overdue, petitions({ figure: "overdue" }))}
      </dl>
      <h3>{t(c, "summary.byKind")}</h3>
      <dl class="facts">
        {[...PETITION_KINDS, "unclassified" as const]
          .filter((kind) => p.byKind[kind])
          .map((kind) => line(t(c, `kind.${kind}`), p.byKind[kind], petitions({ kind })))}
      </dl>
      <h3>{t(c, "summary.byStatus")}</h3>
      <dl class="facts">
        {PETITION_STATUSES.filter((status) => p.byStatus[status]).map((status) => line(t(c, `status.${status}`), p.byStatus[status], petitions({ status })))}
      </dl>
      <h2>{t(c, "oversight.downloads")}</h2>
      <ul class="links">
        <li>
          <a href={hrefOf("/oversight/print/summary", { ...scope, ...days })}>{t(c, "summary.print")}</a>
        </li>
        {(["petitions", "sessions", "reception-book"] as const).flatMap((what) =>
          (["csv", "xlsx"] as const).map((format) => (
            <li>
              <a href={hrefOf(`/api/v1/exports/${what}.${format}`, { ...scope, ...days })} download>
                {t(c, "summary.format", {
                  what: t(c, what === "reception-book" ? "summary.export.receptionBook" : `summary.export.${what}`),
                  format: format === "csv" ? "CSV" : "Excel",
                })}
              </a>
            </li>
          )),
        )}
      </ul>
    </>
  );
}
