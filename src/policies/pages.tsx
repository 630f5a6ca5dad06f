import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { ErrorSummary, Field, type FormFailure, type FormValues, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { type Policy, provinceParamSchema, putPolicySchema, REPORT_PERIODS } from "./schema";
import { policyPageData, putPolicy } from "./workflow";

const NUMBER_FIELDS = ["minSessionsPerYear", "noticeDays", "resultsDays", "feedbackWindowWorkingDays", "personalDataRetentionMonths"] as const;

/** A number field as the schema takes it; blank stays absent (required), text stays text (a clear error). */
const numberOrText = (text: string | undefined) => (text === undefined ? undefined : /^-?\d+$/.test(text) ? Number(text) : text);

/** `/admin/policies?province=`: a province's dialogue policy in force, its dated rows, and a form for a new row. */
export const policiesPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await PoliciesPage({ c, province: c.req.query("province"), notice: c.req.query("saved") ? t(c, "policies.saved") : null })))
  .post(
    "/:province",
    validateForm(
      putPolicySchema,
      (form) => ({
        effectiveFrom: form.text("effectiveFrom"),
        inYearDeadline: form.text("inYearDeadline") ?? null,
        reportPeriods: form.text("reportPeriods"),
        ...Object.fromEntries(NUMBER_FIELDS.map((name) => [name, numberOrText(form.text(name))])),
      }),
      (c, failure: FormFailure) => PoliciesPage({ c, province: c.req.param("province"), ...failure }),
    ),
    async (c) => {
      const { province } = parseOrThrow(provinceParamSchema, { province: c.req.param("province") });
      await putPolicy(c.env.DB, currentUser(c), province, c.req.valid("form"));
      return c.redirect(`/admin/policies?province=${encodeURIComponent(province)}&saved=1`, 303);
    },
  );

function PolicyFacts(props: { c: Context<AppEnv>; policy: Policy }) {
  const { c, policy } = props;
  return (
    <dl class="facts">
      <dt>{t(c, "policies.minSessionsPerYear")}</dt>
      <dd>{policy.minSessionsPerYear}</dd>
      <dt>{t(c, "policies.inYearDeadline")}</dt>
      <dd>{policy.inYearDeadline ? policy.inYearDeadline.split("-").reverse().join("/") : t(c, "policies.byYearEnd")}</dd>
      <dt>{t(c, "policies.noticeDays")}</dt>
      <dd>{policy.noticeDays}</dd>
      <dt>{t(c, "policies.resultsDays")}</dt>
      <dd>{policy.resultsDays}</dd>
      <dt>{t(c, "policies.feedbackWindowWorkingDays")}</dt>
      <dd>{policy.feedbackWindowWorkingDays}</dd>
      <dt>{t(c, "policies.reportPeriods")}</dt>
      <dd>{t(c, `policies.period.${policy.reportPeriods}`)}</dd>
      <dt>{t(c, "policies.personalDataRetentionMonths")}</dt>
      <dd>{policy.personalDataRetentionMonths}</dd>
    </dl>
  );
}

async function PoliciesPage(props: { c: Context<AppEnv>; province?: string; notice?: string | null; errors?: FormFailure["errors"]; values?: FormValues }) {
  const { c } = props;
  const { provinces, view } = await policyPageData(c.env.DB, currentUser(c), props.province?.trim() || undefined);
  const current = view?.inForce;
  const values: FormValues = props.values ?? {
    effectiveFrom: localDay(),
    inYearDeadline: current?.inYearDeadline ?? "",
    reportPeriods: current?.reportPeriods,
    ...Object.fromEntries(NUMBER_FIELDS.map((name) => [name, current ? String(current[name]) : ""])),
  };
  return (
    <Layout c={c} title={t(c, "policies.title")}>
      <Notice text={props.notice} />
      <search>
        <form method="get" action="/admin/policies" class="row">
          <div>
            <label for="policy-province">{t(c, "policies.choose")}</label>
            <select id="policy-province" name="province">
              {provinces.map((province) => (
                <option value={province.code} selected={province.code === view?.province.code}>
                  {province.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {t(c, "policies.show")}
          </button>
        </form>
      </search>
      {view ? (
        <>
          <h2>{view.province.name}</h2>
          <p>{view.inForce.isDefault ? t(c, "policies.default") : t(c, "policies.inForce", { day: formatDay(view.inForce.effectiveFrom) })}</p>
          <PolicyFacts c={c} policy={view.inForce} />
          <h2>{t(c, "policies.history")}</h2>
          {view.items.length ? (
            <DataTable
              label={t(c, "policies.history")}
              columns={[t(c, "policies.effectiveFrom"), t(c, "policies.minSessionsPerYear"), t(c, "policies.noticeDays"), t(c, "policies.resultsDays")]}
            >
              {view.items.map((row) => (
                <tr>
                  <td>{formatDay(row.effectiveFrom)}</td>
                  <td>{row.minSessionsPerYear}</td>
                  <td>{row.noticeDays}</td>
                  <td>{row.resultsDays}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p>{t(c, "policies.none")}</p>
          )}
          <h2 id="add-policy">{t(c, "policies.add")}</h2>
          <p class="hint">{t(c, "policies.addHelp")}</p>
          <ErrorSummary c={c} errors={props.errors} />
          <form method="post" action={`/admin/policies/${encodeURIComponent(view.province.code)}`} class="stack" aria-labelledby="add-policy" novalidate>
            <Field c={c} path="effectiveFrom" label={t(c, "policies.effectiveFrom")} errors={props.errors} required>
              {(field) => <input {...field} name="effectiveFrom" type="date" value={values.effectiveFrom ?? ""} />}
            </Field>
            {NUMBER_FIELDS.map((name) => (
              <Field c={c} path={name} label={t(c, `policies.${name}`)} errors={props.errors} required>
                {(field) => <input {...field} name={name} inputmode="numeric" value={values[name] ?? ""} />}
              </Field>
            ))}
            <Field c={c} path="inYearDeadline" label={t(c, "policies.inYearDeadline")} errors={props.errors} optional>
              {(field) => <input {...field} name="inYearDeadline" placeholder="06-30" maxlength={5} value={values.inYearDeadline ?? ""} />}
            </Field>
            <Field c={c} path="reportPeriods" label={t(c, "policies.reportPeriods")} errors={props.errors} required>
              {(field) => (
                <select {...field} name="reportPeriods">
                  {REPORT_PERIODS.map((period) => (
                    <option value={period} selected={values.reportPeriods === period}>
                      {t(c, `policies.period.${period}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{t(c, "policies.save")}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}
