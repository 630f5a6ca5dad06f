import { Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { validate } from "../lib/validate";
import { ErrorSummary, Field, type FormValues, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { holidayDateParamSchema, holidayFormSchema } from "./schema";
import { listHolidays } from "./store";
import { deleteHoliday, putHoliday } from "./workflow";

type C = Parameters<typeof t>[0];

async function HolidaysPage(props: { c: C; year: number; errors?: FieldError[]; values?: FormValues; notice?: string | null }) {
  const { c, year, errors } = props;
  const values = props.values ?? {};
  const holidays = await listHolidays(c.env.DB, year);
  return (
    <Layout c={c} title={`${t(c, "holidays.title")} ${year}`}>
      <Notice text={props.notice} />
      <nav aria-label={t(c, "holidays.year")}>
        <a href={`/admin/holidays?year=${year - 1}`}>← {year - 1}</a> · <a href={`/admin/holidays?year=${year + 1}`}>{year + 1} →</a>
      </nav>
      <DataTable label={t(c, "holidays.title")} columns={[t(c, "holidays.date"), t(c, "holidays.name"), t(c, "holidays.provisional"), t(c, "holidays.delete")]}>
        {holidays.map((holiday) => (
          <tr>
            <td>{formatDay(holiday.date)}</td>
            <td>{holiday.name}</td>
            <td>{holiday.provisional ? "✓" : ""}</td>
            <td>
              <form method="post" action={`/admin/holidays/${holiday.date}/delete`} class="inline">
                <button type="submit" class="link" aria-label={`${t(c, "holidays.delete")} ${formatDay(holiday.date)}`}>
                  {t(c, "holidays.delete")}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
      <h2 id="add-holiday">{t(c, "holidays.save")}</h2>
      <ErrorSummary c={c} errors={errors} />
      <form method="post" action="/admin/holidays" class="stack" aria-labelledby="add-holiday">
        <Field c={c} path="date" label={t(c, "holidays.date")} errors={errors}>
          {(field) => <input {...field} name="date" type="date" required value={values.date ?? ""} />}
        </Field>
        <Field c={c} path="name" label={t(c, "holidays.name")} errors={errors}>
          {(field) => <input {...field} name="name" required maxlength={200} value={values.name ?? ""} />}
        </Field>
        <div class="check">
          <input id="provisional" name="provisional" type="checkbox" checked={values.provisional === "on"} />
          <label for="provisional">{t(c, "holidays.provisional")}</label>
        </div>
        <button type="submit">{t(c, "holidays.save")}</button>
      </form>
    </Layout>
  );
}

const yearOf = (text: string | undefined) => (text && /^\d{4}$/.test(text) ? Number(text) : Number(localDay().slice(0, 4)));

/** `/admin/holidays`: the calendar that deadlines skip; confirm provisional years as they are announced. */
export const holidaysPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await HolidaysPage({ c, year: yearOf(c.req.query("year")), notice: c.req.query("saved") ? t(c, "holidays.saved") : null })))
  .post(
    "/",
    validateForm(
      holidayFormSchema,
      (form) => ({ date: form.raw("date"), name: form.raw("name"), provisional: form.checked("provisional") }),
      (c, failure) => HolidaysPage({ c, year: yearOf(failure.values.date?.slice(0, 4)), ...failure }),
    ),
    async (c) => {
      const holiday = c.req.valid("form");
      await putHoliday(c.env.DB, currentUser(c), holiday);
      return c.redirect(`/admin/holidays?year=${holiday.date.slice(0, 4)}&saved=1`, 303);
    },
  )
  .post("/:date/delete", validate("param", holidayDateParamSchema), async (c) => {
    const { date } = c.req.valid("param");
    await deleteHoliday(c.env.DB, currentUser(c), date);
    return c.redirect(`/admin/holidays?year=${date.slice(0, 4)}&saved=1`, 303);
  });
