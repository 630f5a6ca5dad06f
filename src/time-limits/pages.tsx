import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { validate } from "../lib/validate";
import { ErrorSummary, Field, type FormFailure, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { confirmTimeLimitParamSchema, timeLimitFormSchema } from "./schema";
import { confirmTimeLimit, readTimeLimits, setTimeLimit } from "./workflow";

type C = Context<AppEnv>;

/**
 * The limits of one province in force today, each rule with its own small form (a change applies from the day
 * given), and every dated rule with the provisional ones flagged and a button to confirm each.
 */
async function TimeLimitsPage(props: { c: C; province: string; failure?: FormFailure; saved?: boolean }) {
  const { c, province, failure } = props;
  const { items, dated } = await readTimeLimits(c.env.DB, province);
  const failedRule = failure?.values.rule;
  const errorsFor = (rule: string): FieldError[] | undefined => (rule === failedRule ? failure?.errors : undefined);
  const provisional = dated.filter((limit) => limit.provisional);
  return (
    <Layout c={c} title={t(c, "timeLimits.title")}>
      <Notice text={props.saved ? "✓" : null} />
      {provisional.length ? (
        <p class="notice warn" role="status">
          {t(c, "timeLimits.provisionalWarning")}
        </p>
      ) : null}
      <ErrorSummary
        c={c}
        errors={failure?.errors}
        ids={{ province: "tl-province", days: `days-${failedRule ?? ""}`, dayKind: `kind-${failedRule ?? ""}`, effectiveFrom: `from-${failedRule ?? ""}` }}
      />
      <search>
        <form method="get" action="/admin/time-limits" class="row">
          <Field c={c} path="province" id="tl-province" label={t(c, "timeLimits.province")} errors={failure?.errors}>
            {(field) => <input {...field} name="province" value={province} maxlength={20} />}
          </Field>
          <button type="submit" class="secondary">
            {t(c, "timeLimits.filter")}
          </button>
        </form>
      </search>
      <DataTable label={t(c, "timeLimits.title")} columns={[t(c, "timeLimits.rule"), t(c, "timeLimits.days"), t(c, "timeLimits.save")]}>
        {items.map((limit) => {
          const refill = limit.rule === failedRule ? failure?.values : undefined;
          const dayKind = refill?.dayKind ?? limit.dayKind;
          return (
            <tr>
              <td>
                {t(c, `timeLimits.rule.${limit.rule}`)}
                {limit.overridden ? " ✱" : ""}
                {limit.provisional ? <span class="badge warn"> {t(c, "timeLimits.provisional")}</span> : null}
              </td>
              <td colspan={2}>
                <form method="post" action="/admin/time-limits" class="row">
                  <input type="hidden" name="province" value={province} />
                  <input type="hidden" name="rule" value={limit.rule} />
                  <Field c={c} path="days" id={`days-${limit.rule}`} label={t(c, "timeLimits.days")} errors={errorsFor(limit.rule)}>
                    {(field) => <input {...field} name="days" type="number" min={1} max={365} value={refill?.days ?? String(limit.days)} />}
                  </Field>
                  <Field c={c} path="dayKind" id={`kind-${limit.rule}`} label={t(c, "timeLimits.dayKind")} errors={errorsFor(limit.rule)}>
                    {(field) => (
                      <select {...field} name="dayKind">
                        <option value="working" selected={dayKind === "working"}>
                          {t(c, "timeLimits.working")}
                        </option>
                        <option value="calendar" selected={dayKind === "calendar"}>
                          {t(c, "timeLimits.calendar")}
                        </option>
                      </select>
                    )}
                  </Field>
                  <Field c={c} path="effectiveFrom" id={`from-${limit.rule}`} label={t(c, "timeLimits.effectiveFrom")} errors={errorsFor(limit.rule)}>
                    {(field) => <input {...field} name="effectiveFrom" type="date" value={refill?.effectiveFrom ?? localDay()} />}
                  </Field>
                  <button type="submit">{t(c, "timeLimits.save")}</button>
                </form>
              </td>
            </tr>
          );
        })}
      </DataTable>
      <p class="hint">{t(c, "timeLimits.help")}</p>
      <h2 id="dated-title">{t(c, "timeLimits.dated")}</h2>
      <DataTable
        label={t(c, "timeLimits.dated")}
        columns={[t(c, "timeLimits.rule"), t(c, "timeLimits.effectiveFrom"), t(c, "timeLimits.days"), t(c, "timeLimits.source"), t(c, "timeLimits.confirm")]}
      >
        {dated.map((limit) => (
          <tr>
            <td>
              {t(c, `timeLimits.rule.${limit.rule}`)}
              {limit.overridden ? " ✱" : ""}
            </td>
            <td>{formatDay(limit.effectiveFrom)}</td>
            <td>
              {limit.days} {t(c, limit.dayKind === "working" ? "timeLimits.working" : "timeLimits.calendar")}
            </td>
            <td>{limit.source ?? ""}</td>
            <td>
              {limit.provisional ? (
                <form
                  method="post"
                  action={`/admin/time-limits/${encodeURIComponent(limit.overridden ? province : "*")}/${limit.rule}/${limit.effectiveFrom}/confirm`}
                  class="inline"
                >
                  <span class="badge warn">{t(c, "timeLimits.provisional")}</span>{" "}
                  <button type="submit" class="link">
                    {t(c, "timeLimits.confirm")}
                  </button>
                </form>
              ) : (
                t(c, "timeLimits.confirmed")
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}

const provinceOf = (value: string | undefined) => value?.trim() || "*";

/** `/admin/time-limits?province=`: the legal time limits, national or a province's own, dated. */
export const timeLimitsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await TimeLimitsPage({ c, province: provinceOf(c.req.query("province")), saved: c.req.query("saved") === "1" })))
  .post(
    "/",
    validateForm(
      timeLimitFormSchema,
      (form) => {
        const days = form.text("days");
        return {
          province: provinceOf(form.text("province")),
          rule: form.text("rule"),
          days: days === undefined ? undefined : Number(days),
          dayKind: form.text("dayKind"),
          effectiveFrom: form.text("effectiveFrom"),
        };
      },
      (c, failure) => TimeLimitsPage({ c, province: provinceOf(failure.values.province), failure }),
    ),
    async (c) => {
      const change = c.req.valid("form");
      await setTimeLimit(c.env.DB, currentUser(c).id, change);
      return c.redirect(`/admin/time-limits?province=${encodeURIComponent(change.province)}&saved=1`, 303);
    },
  )
  .post("/:province/:rule/:effectiveFrom/confirm", validate("param", confirmTimeLimitParamSchema), async (c) => {
    const key = c.req.valid("param");
    await confirmTimeLimit(c.env.DB, currentUser(c).id, key);
    return c.redirect(`/admin/time-limits?province=${encodeURIComponent(key.province)}&saved=1`, 303);
  });
