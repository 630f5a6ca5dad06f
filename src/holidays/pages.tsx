import { Hono } from "hono";
import * as v from "valibot";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { auditStatement } from "../lib/audit";
import { formatDay, localDay } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { holidayDateParamSchema, putHolidaySchema } from "./schema";
import { deleteHoliday, listHolidays, putHoliday } from "./store";

type C = Parameters<typeof t>[0];

async function HolidaysPage(props: { c: C; year: number; errors?: FieldError[]; notice?: string | null }) {
  const { c, year } = props;
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
      <FormErrors c={c} errors={props.errors} />
      <form method="post" action="/admin/holidays" class="stack" aria-labelledby="add-holiday">
        <div>
          <label for="holiday-date">{t(c, "holidays.date")}</label>
          <input id="holiday-date" name="date" type="date" required />
        </div>
        <div>
          <label for="holiday-name">{t(c, "holidays.name")}</label>
          <input id="holiday-name" name="name" required maxlength={200} />
        </div>
        <div class="check">
          <input id="holiday-provisional" name="provisional" type="checkbox" />
          <label for="holiday-provisional">{t(c, "holidays.provisional")}</label>
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
  .get("/", async (c) => c.html(await HolidaysPage({ c, year: yearOf(c.req.query("year")), notice: c.req.query("saved") ? "✓" : null })))
  .post("/", async (c) => {
    const form = await c.req.parseBody();
    const date = v.safeParse(holidayDateParamSchema, { date: form.date ?? "" });
    const body = v.safeParse(putHolidaySchema, { name: form.name ?? "", provisional: form.provisional === "on" });
    if (!date.success || !body.success) {
      const errors = [...(date.success ? [] : issuesToErrors(date.issues)), ...(body.success ? [] : issuesToErrors(body.issues))];
      return c.html(await HolidaysPage({ c, year: yearOf(String(form.date ?? "").slice(0, 4)), errors }), 400);
    }
    const holiday = { date: date.output.date, ...body.output };
    await putHoliday(c.env.DB, holiday);
    await auditStatement(c.env.DB, { actorId: currentUser(c).id, action: "holiday.put", targetType: "holiday", targetId: holiday.date, detail: holiday }).run();
    return c.redirect(`/admin/holidays?year=${holiday.date.slice(0, 4)}&saved=1`, 303);
  })
  .post("/:date/delete", async (c) => {
    const date = v.safeParse(holidayDateParamSchema, { date: c.req.param("date") });
    if (!date.success) return c.notFound();
    if (await deleteHoliday(c.env.DB, date.output.date)) {
      await auditStatement(c.env.DB, { actorId: currentUser(c).id, action: "holiday.delete", targetType: "holiday", targetId: date.output.date }).run();
    }
    return c.redirect(`/admin/holidays?year=${date.output.date.slice(0, 4)}&saved=1`, 303);
  });
