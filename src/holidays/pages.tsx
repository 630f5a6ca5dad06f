import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { type FieldError, notFound } from "../lib/problem";
import { validate } from "../lib/validate";
import { ConfirmPage } from "../web/confirm";
import { ErrorSummary, Field, type FormValues, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { HOLIDAY_KINDS, holidayDateParamSchema, holidayFormSchema } from "./schema";
import { listHolidays } from "./store";
import { deleteHoliday, putHoliday } from "./workflow";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function noticeFrom(c: Context<AppEnv>): string | null {
  const saved = c.req.query("saved");
  const deleted = c.req.query("deleted");
  if (saved && DAY.test(saved)) return t(c, "holidays.saved", { date: formatDay(saved) });
  if (deleted && DAY.test(deleted)) return t(c, "holidays.deleted", { date: formatDay(deleted) });
  return null;
}

async function HolidaysPage(props: { c: Context<AppEnv>; year: number; errors?: FieldError[]; values?: FormValues }) {
  const { c, year, errors } = props;
  const values = props.values ?? {};
  const holidays = await listHolidays(c.env.DB, year);
  return (
    <Layout c={c} title={t(c, "holidays.title", { year })} hasErrors={!!errors?.length}>
      <Notice text={noticeFrom(c)} />
      <ErrorSummary c={c} errors={errors} />
      <p>{t(c, "holidays.intro")}</p>
      <nav aria-label={t(c, "holidays.years")}>
        <a href={`/admin/holidays?year=${year - 1}`}>← {t(c, "holidays.year", { year: year - 1 })}</a> ·{" "}
        <a href={`/admin/holidays?year=${year + 1}`}>{t(c, "holidays.year", { year: year + 1 })} →</a>
      </nav>
      {holidays.length ? (
        <DataTable
          label={t(c, "holidays.title", { year })}
          columns={[t(c, "holidays.date"), t(c, "holidays.name"), t(c, "holidays.kind"), t(c, "holidays.state"), t(c, "holidays.delete")]}
        >
          {holidays.map((holiday) => (
            <tr>
              <td>
                <time datetime={holiday.date}>{formatDay(holiday.date)}</time>
              </td>
              <td>{holiday.name}</td>
              <td>{t(c, `holidays.kind.${holiday.kind}`)}</td>
              <td>{holiday.provisional ? t(c, "holidays.provisional") : t(c, "holidays.announced")}</td>
              <td>
                <a href={`/admin/holidays/${holiday.date}/delete`}>
                  {t(c, "holidays.delete")}
                  <span class="visually-hidden"> {formatDay(holiday.date)}</span>
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t(c, "holidays.none")}</p>
      )}
      <h2 id="add-holiday">{t(c, "holidays.add")}</h2>
      <p class="hint">{t(c, "holidays.addHint")}</p>
      <form method="post" action="/admin/holidays" class="stack" aria-labelledby="add-holiday" novalidate>
        <Field c={c} path="date" label={t(c, "holidays.date")} errors={errors} required>
          {(field) => <input {...field} name="date" type="date" value={values.date ?? ""} />}
        </Field>
        <Field c={c} path="name" label={t(c, "holidays.name")} errors={errors} required>
          {(field) => <input {...field} name="name" maxlength={200} value={values.name ?? ""} />}
        </Field>
        <Field c={c} path="kind" label={t(c, "holidays.kind")} errors={errors} required>
          {(field) => (
            <select {...field} name="kind">
              {HOLIDAY_KINDS.map((kind) => (
                <option value={kind} selected={(values.kind ?? "day_off") === kind}>
                  {t(c, `holidays.kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="check">
          <input id="provisional" name="provisional" type="checkbox" checked={values.provisional === "on"} />
          <label for="provisional">{t(c, "holidays.provisionalLabel")}</label>
        </div>
        <div>
          <button type="submit">{t(c, "holidays.save")}</button>
        </div>
      </form>
    </Layout>
  );
}

const yearOf = (text: string | undefined) => (text && /^\d{4}$/.test(text) ? Number(text) : Number(localDay().slice(0, 4)));

/** `/admin/holidays`: the calendar that deadlines skip; confirm provisional years as they are announced. */
export const holidaysPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await HolidaysPage({ c, year: yearOf(c.req.query("year")) })))
  .post(
    "/",
    validateForm(
      holidayFormSchema,
      (form) => ({ date: form.raw("date"), name: form.raw("name"), kind: form.text("kind"), provisional: form.checked("provisional") }),
      (c, failure) => HolidaysPage({ c, year: yearOf(failure.values.date?.slice(0, 4)), ...failure }),
    ),
    async (c) => {
      const holiday = c.req.valid("form");
      await putHoliday(c.env, currentUser(c), holiday);
      return c.redirect(`/admin/holidays?year=${holiday.date.slice(0, 4)}&saved=${holiday.date}`, 303);
    },
  )
  .get("/:date/delete", validate("param", holidayDateParamSchema), async (c) => {
    const { date } = c.req.valid("param");
    const holiday = (await listHolidays(c.env.DB, Number(date.slice(0, 4)))).find((candidate) => candidate.date === date);
    if (!holiday) throw notFound("holiday.not_found");
    return c.html(
      <ConfirmPage
        c={c}
        question={t(c, "holidays.deleteQuestion", { name: holiday.name, date: formatDay(date) })}
        consequence={t(c, "holidays.deleteConsequence")}
        action={`/admin/holidays/${date}/delete`}
        confirmLabel={t(c, "holidays.deleteConfirm")}
        back={`/admin/holidays?year=${date.slice(0, 4)}`}
      />,
    );
  })
  .post("/:date/delete", validate("param", holidayDateParamSchema), async (c) => {
    const { date } = c.req.valid("param");
    await deleteHoliday(c.env, currentUser(c), date);
    return c.redirect(`/admin/holidays?year=${date.slice(0, 4)}&deleted=${date}`, 303);
  });
