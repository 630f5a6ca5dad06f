import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import type { DayKind } from "../holidays/rules";
import { formatDay, localDay } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { validate } from "../lib/validate";
import { ErrorSummary, Field, type FormFailure, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { chosenUnit, UnitPicker } from "../web/unit-picker";
import { confirmTimeLimitParamSchema, timeLimitFormSchema } from "./schema";
import { confirmTimeLimit, readTimeLimitsPage, setTimeLimit } from "./workflow";

type C = Context<AppEnv>;

/** A limit in words: "10 ngày làm việc", "30 ngày (…)". */
const limitWords = (c: C, days: number, dayKind: DayKind) => t(c, dayKind === "working" ? "timeLimits.inWorkingDays" : "timeLimits.inDays", { days });

/**
 * The limits of one province (picked by name; none: the national rules) in force today, each rule in words with its
 * own small form (a change applies from the day given), and every dated rule with the provisional ones flagged and a
 * button to confirm each.
 */
async function TimeLimitsPage(props: { c: C; province: string; search?: string; failure?: FormFailure; saved?: boolean }) {
  const { c, failure } = props;
  let page = await readTimeLimitsPage(c.env.DB, props.province, props.search);
  const options = page.provinces.choices.map((choice) => ({ code: choice.code, name: choice.name }));
  // Without JavaScript a search that finds one province shows it (a second round trip, only then).
  const chosen = chosenUnit(options, props.province === "*" ? undefined : props.province, !!props.search?.trim());
  const province = chosen ?? "*";
  if (province !== props.province) page = await readTimeLimitsPage(c.env.DB, province, props.search);
  const { items, dated } = page;
  const failedRule = failure?.values.rule;
  const errorsFor = (rule: string): FieldError[] | undefined => (rule === failedRule ? failure?.errors : undefined);
  const provisional = dated.filter((limit) => limit.provisional);
  const provinceName = options.find((option) => option.code === chosen)?.name;
  return (
    <Layout c={c} title={t(c, "timeLimits.title")} hasErrors={!!failure?.errors.length}>
      <Notice text={props.saved ? t(c, "timeLimits.saved") : null} />
      {provisional.length ? (
        <p class="notice warn" role="status">
          {t(c, "timeLimits.provisionalWarning")}
        </p>
      ) : null}
      <ErrorSummary
        c={c}
        errors={failure?.errors}
        ids={{ days: `days-${failedRule ?? ""}`, dayKind: `kind-${failedRule ?? ""}`, effectiveFrom: `from-${failedRule ?? ""}` }}
      />
      <search>
        <form method="get" action="/admin/time-limits" class="stack" novalidate>
          <UnitPicker
            c={c}
            name="province"
            searchName="provinceq"
            label={t(c, "timeLimits.province")}
            hint={t(c, "timeLimits.provinceHint")}
            emptyChoice={t(c, "timeLimits.national")}
            source="/admin/time-limits"
            options={options}
            more={page.provinces.more}
            search={props.search}
            selected={chosen}
            errors={failure?.errors}
            optional
          />
          <div>
            <button type="submit" class="secondary">
              {t(c, "timeLimits.show")}
            </button>
          </div>
        </form>
      </search>
      <h2 id="in-force">{provinceName ? t(c, "timeLimits.inForceIn", { province: provinceName }) : t(c, "timeLimits.inForceNational")}</h2>
      <DataTable label={t(c, "timeLimits.title")} columns={[t(c, "timeLimits.rule"), t(c, "timeLimits.inForce"), t(c, "timeLimits.change")]}>
        {items.map((limit) => {
          const refill = limit.rule === failedRule ? failure?.values : undefined;
          const dayKind = refill?.dayKind ?? limit.dayKind;
          const rule = t(c, `timeLimits.rule.${limit.rule}`);
          return (
            <tr>
              <th scope="row">
                {rule}
                {limit.provisional ? <span class="badge warn"> {t(c, "timeLimits.provisional")}</span> : null}
              </th>
              <td>
                {limitWords(c, limit.days, limit.dayKind)}
                {limit.overridden ? <span class="hint"> · {t(c, "timeLimits.provinceOwn")}</span> : null}
              </td>
              <td>
                <form method="post" action="/admin/time-limits" class="row" novalidate aria-label={t(c, "timeLimits.changeOf", { rule })}>
                  <input type="hidden" name="province" value={province} />
                  <input type="hidden" name="rule" value={limit.rule} />
                  <Field c={c} path="days" id={`days-${limit.rule}`} label={t(c, "timeLimits.days")} errors={errorsFor(limit.rule)} required>
                    {(field) => <input {...field} name="days" type="number" inputmode="numeric" min={1} max={365} value={refill?.days ?? String(limit.days)} />}
                  </Field>
                  <Field c={c} path="dayKind" id={`kind-${limit.rule}`} label={t(c, "timeLimits.dayKind")} errors={errorsFor(limit.rule)} required>
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
                  <Field c={c} path="effectiveFrom" id={`from-${limit.rule}`} label={t(c, "timeLimits.effectiveFrom")} errors={errorsFor(limit.rule)} required>
                    {(field) => <input {...field} name="effectiveFrom" type="date" value={refill?.effectiveFrom ?? localDay()} />}
                  </Field>
                  <button type="submit">
                    {t(c, "timeLimits.save")}
                    <span class="visually-hidden"> {rule}</span>
                  </button>
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
        columns={[t(c, "timeLimits.rule"), t(c, "timeLimits.effectiveFrom"), t(c, "timeLimits.inForce"), t(c, "timeLimits.source"), t(c, "timeLimits.confirm")]}
      >
        {dated.map((limit) => (
          <tr>
            <td>
              {t(c, `timeLimits.rule.${limit.rule}`)}
              {limit.overridden ? <span class="hint"> · {t(c, "timeLimits.provinceOwn")}</span> : null}
            </td>
            <td>{formatDay(limit.effectiveFrom)}</td>
            <td>{limitWords(c, limit.days, limit.dayKind)}</td>
            {/* The law's own name, in Vietnamese on every page (marked so, for a screen reader's voice). */}
            <td>{limit.source ? <span lang="vi">{limit.source}</span> : ""}</td>
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
                    <span class="visually-hidden"> {t(c, `timeLimits.rule.${limit.rule}`)}</span>
                  </button>
                </form>
              ) : (
                t(c, "timeLimits.confirmed")
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <script src="/static/unit-picker.js" defer />
    </Layout>
  );
}

const provinceOf = (value: string | undefined) => value?.trim() || "*";

/** `/admin/time-limits?province=`: the legal time limits, national or a province's own, dated. */
export const timeLimitsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) =>
    c.html(
      await TimeLimitsPage({
        c,
        province: provinceOf(c.req.query("province")),
        search: c.req.query("provinceq")?.trim().slice(0, 100),
        saved: c.req.query("saved") === "1",
      }),
    ),
  )
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
