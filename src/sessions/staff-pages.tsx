import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { addDays } from "../holidays/rules";
import { formatInstant, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { type FormFailure, type FormValues, postedForm, readForm, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout } from "../web/layout";
import { BookingForm, bookingFields, bookingTimes } from "./booking-form";
import { localTime, StatusBadge } from "./components";
import { notifierOf } from "./notify";
import { bookingChoices, communesOfProvince, editSessionData, monthData, staffUnitOf } from "./queries";
import { createSessionSchema, sessionIdParamSchema, updateSessionSchema } from "./schema";
import type { SessionListRow } from "./store";
import { bookSession, editSession, findClash } from "./workflow";

type C = Context<AppEnv>;
const monthOf = (text: string | undefined) => (text && /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? text : localDay().slice(0, 7));
const shiftMonth = (month: string, by: number) => {
  const [year, number] = month.split("-").map(Number);
  const index = year * 12 + number - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
};
/** Multi-valued fields do not survive `FormValues`: carry the chosen villages as one comma list. */
const withVillages = (c: C, values: FormValues): FormValues => ({ ...values, villageIds: postedForm(c).all("villageIds").join(",") });

/** The head's month: a server-rendered calendar grid (Monday first), then the same sessions as a list. */
async function CalendarPage(props: { c: C; month: string }) {
  const { c, month } = props;
  const user = currentUser(c);
  if (user.role === "supervisor" && !c.req.query("unit")) return ChooseCommunePage({ c });
  const unitCode = staffUnitOf(user, c.req.query("unit"));
  const { unit, sessions, first, last } = await monthData(c.env.DB, user, unitCode, month);
  const byDay = new Map<string, SessionListRow[]>();
  for (const session of sessions) {
    const day = localDay(new Date(session.starts_at));
    byDay.set(day, [...(byDay.get(day) ?? []), session]);
  }
  const weekdayOfFirst = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const days: (string | null)[] = [...Array.from({ length: weekdayOfFirst }, () => null)];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  while (days.length % 7) days.push(null);
  const weeks = Array.from({ length: days.length / 7 }, (_, index) => days.slice(index * 7, index * 7 + 7));
  const unitQuery = user.role === "supervisor" ? `&unit=${encodeURIComponent(unit.code)}` : "";
  const link = (session: SessionListRow) => (
    <a href={`/staff/sessions/${session.id}`}>
      {localTime(session.starts_at)} {session.title}
    </a>
  );
  return (
    <Layout c={c} title={t(c, "sessions.calendarTitle", { unit: unit.name, month: `${month.slice(5)}/${month.slice(0, 4)}` })}>
      <nav aria-label={t(c, "sessions.months")} class="row">
        <a href={`/staff/sessions?month=${shiftMonth(month, -1)}${unitQuery}`}>← {t(c, "sessions.previousMonth")}</a>
        <a href={`/staff/sessions?month=${shiftMonth(month, 1)}${unitQuery}`}>{t(c, "sessions.nextMonth")} →</a>
        {user.role === "commune_head" ? (
          <a class="button" href="/staff/sessions/new">
            {t(c, "sessions.bookNew")}
          </a>
        ) : null}
      </nav>
      <DataTable
        label={t(c, "sessions.calendar")}
        columns={[1, 2, 3, 4, 5, 6, 0].map((weekday) => t(c, `weekday.short.${weekday as 0 | 1 | 2 | 3 | 4 | 5 | 6}`))}
      >
        {weeks.map((week) => (
          <tr>
            {week.map((day) => (
              <td class="day">
                {day ? (
                  <>
                    <span class="day-number">{Number(day.slice(8))}</span>
                    <ul class="day-sessions">
                      {(byDay.get(day) ?? []).map((session) => (
                        <li class={session.status === "cancelled" ? "cancelled" : undefined}>{link(session)}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
      <h2>{t(c, "sessions.thisMonth")}</h2>
      {sessions.length ? (
        <ol class="session-list">
          {sessions.map((session) => (
            <li>
              {`${Number(localDay(new Date(session.starts_at)).slice(8))}/${month.slice(5)} `}
              {link(session)} <StatusBadge c={c} status={session.status} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t(c, "sessions.noneThisMonth")}</p>
      )}
    </Layout>
  );
}

/** A supervisor first chooses one of the province's communes. */
async function ChooseCommunePage(props: { c: C }) {
  const { c } = props;
  const communes = await communesOfProvince(c.env.DB, currentUser(c));
  return (
    <Layout c={c} title={t(c, "sessions.calendar")}>
      <form method="get" action="/staff/sessions" class="row">
        <div>
          <label for="calendar-unit">{t(c, "villages.chooseUnit")}</label>
          <select id="calendar-unit" name="unit">
            {communes.map((unit) => (
              <option value={unit.code}>{unit.name}</option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          {t(c, "form.search")}
        </button>
      </form>
    </Layout>
  );
}

async function NewSessionPage(props: { c: C; values?: FormValues; errors?: FormFailure["errors"]; extraRows?: number; clashChecked?: boolean }) {
  const { c } = props;
  const user = currentUser(c);
  const choices = await bookingChoices(c.env.DB, user.unitCode ?? "");
  const values = props.values ?? { chairAccountId: user.id, mode: "in_person", capacity: "100" };
  return (
    <Layout c={c} title={t(c, "sessions.bookNew")}>
      <BookingForm
        c={c}
        action="/staff/sessions/new"
        values={values}
        errors={props.errors}
        {...choices}
        extraRows={props.extraRows}
        clashChecked={props.clashChecked}
      />
    </Layout>
  );
}

async function EditSessionPage(props: { c: C; values?: FormValues; errors?: FormFailure["errors"]; extraRows?: number }) {
  const { c } = props;
  const { id } = parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") });
  const data = await editSessionData(c.env.DB, currentUser(c), id);
  const { session } = data;
  const values: FormValues = props.values ?? {
    title: session.title,
    venueName: session.venue.name,
    venueAddress: session.venue.address ?? "",
    capacity: String(session.capacity),
    chairAccountId: session.chair.id,
    mode: session.mode,
    onlineUrl: session.onlineUrl ?? "",
    villageIds: session.villageIds.join(","),
    coChairName: session.coChair?.name ?? "",
    coChairTitle: session.coChair?.title ?? "",
    coOrganiser: session.coOrganiser ?? "",
    agenda: session.agenda ?? "",
    shortNoticeReason: session.shortNoticeReason ?? "",
    version: String(session.version),
    bridgeRows: String(session.bridgePoints.length),
    ...Object.fromEntries(
      session.bridgePoints.flatMap((point, index) => [
        [`bridgePoints.${index}.id`, point.id],
        [`bridgePoints.${index}.name`, point.name],
        [`bridgePoints.${index}.address`, point.address ?? ""],
        [`bridgePoints.${index}.capacity`, String(point.capacity)],
      ]),
    ),
  };
  return (
    <Layout c={c} title={t(c, "sessions.editTitle", { title: session.title })}>
      <p>
        <a href={`/staff/sessions/${id}`}>← {t(c, "sessions.backToSession")}</a>
      </p>
      <BookingForm
        c={c}
        action={`/staff/sessions/${id}/edit`}
        values={values}
        errors={props.errors}
        officials={data.officials}
        villages={data.villages}
        editing
        extraRows={props.extraRows}
      />
    </Layout>
  );
}

/** "More rows" draws the form again with three more bridge point rows, before any validation. */
const moreRows = (render: (c: C, values: FormValues) => Promise<unknown>) =>
  async function moreRowsMiddleware(c: C, next: () => Promise<void>) {
    const form = await readForm(c);
    if (form.text("intent") !== "more") return next();
    return c.html((await render(c, withVillages(c, form.values()))) as string);
  };

/** `/staff/sessions`: the head's month calendar, booking (with a clash check before saving) and editing. */
export const staffSessionPages = new Hono<AppEnv>()
  .use(pageAccess("commune_head", "commune_staff", "supervisor"))
  .get("/", async (c) => c.html(await CalendarPage({ c, month: monthOf(c.req.query("month")) })))
  .get("/new", pageAccess("commune_head"), async (c) => c.html(await NewSessionPage({ c })))
  .post(
    "/new",
    pageAccess("commune_head"),
    moreRows((c, values) => NewSessionPage({ c, values, extraRows: 3 })),
    validateForm(
      createSessionSchema,
      (form, c) => ({ unitCode: currentUser(c).unitCode ?? "", ...bookingFields(form), ...bookingTimes(form), chairAccountId: form.text("chairAccountId") }),
      (c, failure) => NewSessionPage({ c, errors: failure.errors, values: withVillages(c, failure.values) }),
    ),
    async (c) => {
      const input = c.req.valid("form");
      const user = currentUser(c);
      if (postedForm(c).text("intent") === "check") {
        const clash = await findClash(c.env.DB, user, { ...input, venueName: input.venue.name });
        const values = withVillages(c, postedForm(c).values());
        if (!clash) return c.html(await NewSessionPage({ c, values, clashChecked: true }));
        const when = `${formatInstant(clash.startsAt)}–${localTime(clash.endsAt)}`;
        return c.html(await NewSessionPage({ c, values, errors: [{ path: "", code: "session.clash", params: { title: clash.title, when } }] }), 409);
      }
      const session = await bookSession(c.env.DB, user, input);
      return c.redirect(`/staff/sessions/${session.id}?done=book`, 303);
    },
  )
  .get("/:id/edit", pageAccess("commune_head"), async (c) => c.html(await EditSessionPage({ c })))
  .post(
    "/:id/edit",
    pageAccess("commune_head"),
    moreRows((c, values) => EditSessionPage({ c, values, extraRows: 3 })),
    validateForm(
      updateSessionSchema,
      (form) => {
        const fields = bookingFields(form);
        const version = Number(form.text("version"));
        return {
          ...fields,
          agenda: fields.agenda ?? null,
          onlineUrl: fields.onlineUrl ?? null,
          coChair: fields.coChair ?? null,
          coOrganiser: fields.coOrganiser ?? null,
          shortNoticeReason: fields.shortNoticeReason ?? null,
          version,
        };
      },
      (c, failure) => EditSessionPage({ c, errors: failure.errors, values: withVillages(c, failure.values) }),
    ),
    async (c) => {
      const { id } = parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") });
      await editSession(c.env.DB, currentUser(c), id, c.req.valid("form"), { events: notifierOf(c) });
      return c.redirect(`/staff/sessions/${id}?done=edit`, 303);
    },
  );
