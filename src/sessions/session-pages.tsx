import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, formatInstant } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { NotificationsTable } from "../notifications/components";
import { ErrorSummary, Field, type FormValues, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { AttendanceTables, instantsFromForm, PlacesList, SessionFacts } from "./components";
import { addDocketItem, removeDocketItem } from "./docket-workflow";
import { notifierOf } from "./notify";
import { staffSessionData } from "./queries";
import { formatRegistrationCode } from "./registration-store";
import { keepsDocket } from "./rules";
import { docketAddSchema, docketItemParamSchema, type SessionAction, sessionActionSchema, sessionIdParamSchema } from "./schema";
import { actOnSession } from "./workflow";

type C = Context<AppEnv>;
type Failure = { form: SessionAction | "docket"; errors: FieldError[]; values: FormValues };

const idOf = (c: C) => parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;

/** One action's form: its fields, its button; errors and typed values come back only to the form that failed. */
function ActionForm(props: {
  c: C;
  id: string;
  action: SessionAction;
  version: number;
  failure?: Failure;
  children?: (errors?: FieldError[], values?: FormValues) => unknown;
}) {
  const { c, action, failure } = props;
  const mine = failure?.form === action ? failure : undefined;
  return (
    <form method="post" action={`/staff/sessions/${props.id}/actions`} aria-labelledby={`action-${action}`} novalidate>
      <h3 id={`action-${action}`}>{t(c, `session.action.${action}`)}</h3>
      <ErrorSummary
        c={c}
        errors={mine?.errors}
        ids={Object.fromEntries(["reason", "summary", "shortNoticeReason", "startsAt", "endsAt"].map((name) => [name, `${action}-${name}`]))}
      />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.children?.(mine?.errors, mine?.values) as never}
      <button type="submit">{t(c, `session.action.${action}`)}</button>
    </form>
  );
}

/** A reason or summary box of an action's form: `required` when the action needs it, else marked optional. */
const textArea = (
  c: C,
  action: SessionAction,
  name: string,
  label: string,
  errors?: FieldError[],
  values?: FormValues,
  options: { hint?: string; required?: boolean } = {},
) => (
  <Field c={c} path={name} id={`${action}-${name}`} label={label} hint={options.hint} errors={errors} required={options.required} optional={!options.required}>
    {(field) => (
      <textarea {...field} name={name} rows={3} maxlength={name === "summary" ? 20000 : 500}>
        {values?.[name] ?? ""}
      </textarea>
    )}
  </Field>
);

async function SessionPage(props: { c: C; failure?: Failure; status?: number }) {
  const { c, failure } = props;
  const user = currentUser(c);
  const id = idOf(c);
  const after = Number(c.req.query("after"));
  const data = await staffSessionData(c.env.DB, user, id, c.get("requestId"), Number.isInteger(after) && after > 0 ? after : null);
  const { session, registrations, docket } = data;
  const allowed = new Set(session.allowedActions ?? []);
  const canKeepDocket = keepsDocket(user, session.unit.code) && ["draft", "published", "held"].includes(session.status);
  const done = c.req.query("done");
  const docketFailure = failure?.form === "docket" ? failure : undefined;
  return (
    <Layout c={c} title={session.title}>
      <Notice text={done ? t(c, "sessions.done") : null} />
      <SessionFacts c={c} session={session} />
      <p class="hint">
        {session.status === "draft" ? `${t(c, "sessions.noticeDeadline", { when: formatInstant(session.noticeDeadline) })} ` : ""}
        {session.status === "held" && !session.resultsLate ? t(c, "sessions.resultsDue", { day: formatDay(session.resultsDue) }) : ""}
      </p>
      {session.resultsLate ? (
        <p class="errors">
          {t(c, session.status === "results_published" ? "sessions.resultsPublishedLate" : "sessions.resultsLate", { day: formatDay(session.resultsDue) })}
        </p>
      ) : null}
      <ul class="links">
        {allowed.has("reschedule") ? (
          <li>
            <a href={`/staff/sessions/${id}/edit`}>{t(c, "sessions.edit")}</a>
          </li>
        ) : null}
        {keepsDocket(user, session.unit.code) && ["published", "held"].includes(session.status) ? (
          <li>
            <a href={`/staff/sessions/${id}/checkin`}>{t(c, "checkin.link")}</a>
          </li>
        ) : null}
        {keepsDocket(user, session.unit.code) && ["published", "held"].includes(session.status) ? (
          <li>
            <a href={`/staff/sessions/${id}/minutes`}>{t(c, "sessions.minutesLink")}</a>
          </li>
        ) : null}
        {["published", "held", "results_published"].includes(session.status) ? (
          <li>
            <a href={`/staff/sessions/${id}/record`}>{t(c, "sessions.recordLink")}</a>
          </li>
        ) : null}
        {session.status === "results_published" ? (
          <>
            <li>
              <a href={`/sessions/${id}/results`}>{t(c, "sessions.resultsPage")}</a>
            </li>
            <li>
              <a href={`/sessions/${id}/results/notice`}>{t(c, "sessions.resultsNotice")}</a>
            </li>
          </>
        ) : null}
        <li>
          <a href={`/sessions/${id}`}>{t(c, "sessions.publicPage")}</a>
        </li>
        <li>
          <a href={`/sessions/${id}/notice`}>{t(c, "sessions.printNotice")}</a>
        </li>
        <li>
          <a href={`/sessions/${id}/announcement.txt`}>{t(c, "sessions.loudspeaker")}</a>
        </li>
        <li>
          <a href={`/api/v1/sessions/${id}/calendar.ics`}>{t(c, "sessions.addToCalendar")}</a>
        </li>
      </ul>
      <h2>{t(c, "sessions.places")}</h2>
      <PlacesList c={c} session={session} />
      {session.status === "published" || session.status === "held" || session.status === "results_published" ? (
        <AttendanceTables c={c} attendance={data.attendance} />
      ) : null}
      {session.agenda ? (
        <>
          <h2>{t(c, "sessions.agenda")}</h2>
          <p class="answer">{session.agenda}</p>
        </>
      ) : null}
      {allowed.size ? (
        <section class="actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t(c, "sessions.actions")}</h2>
          {allowed.has("publish") ? (
            <ActionForm c={c} id={id} action="publish" version={session.version ?? 0} failure={failure}>
              {(errors, values) =>
                textArea(c, "publish", "shortNoticeReason", t(c, "sessions.shortNoticeReason"), errors, values, { hint: t(c, "sessions.shortNoticeHint") })
              }
            </ActionForm>
          ) : null}
          {allowed.has("reschedule") ? (
            <ActionForm c={c} id={id} action="reschedule" version={session.version ?? 0} failure={failure}>
              {(errors, values) => (
                <>
                  <Field c={c} path="startsAt" id="reschedule-startsAt" label={t(c, "sessions.startsAt")} errors={errors}>
                    {(field) => <input {...field} name="startsAt" type="datetime-local" required value={values?.startsAt ?? ""} />}
                  </Field>
                  <Field c={c} path="endsAt" id="reschedule-endsAt" label={t(c, "sessions.endTime")} errors={errors}>
                    {(field) => <input {...field} name="endTime" type="time" required value={values?.endTime ?? ""} />}
                  </Field>
                  {textArea(c, "reschedule", "reason", t(c, "sessions.reason"), errors, values, { required: true })}
                  {session.status === "published" ? textArea(c, "reschedule", "shortNoticeReason", t(c, "sessions.shortNoticeReason"), errors, values) : null}
                </>
              )}
            </ActionForm>
          ) : null}
          {allowed.has("cancel") ? (
            <ActionForm c={c} id={id} action="cancel" version={session.version ?? 0} failure={failure}>
              {(errors, values) => textArea(c, "cancel", "reason", t(c, "sessions.reason"), errors, values, { required: true })}
            </ActionForm>
          ) : null}
          {allowed.has("mark_held") ? <ActionForm c={c} id={id} action="mark_held" version={session.version ?? 0} failure={failure} /> : null}
          {allowed.has("publish_results") ? (
            <ActionForm c={c} id={id} action="publish_results" version={session.version ?? 0} failure={failure}>
              {(errors, values) => textArea(c, "publish_results", "summary", t(c, "sessions.resultsSummary"), errors, values, { required: true })}
            </ActionForm>
          ) : null}
        </section>
      ) : null}

      <h2 id="docket-title">{t(c, "sessions.docket")}</h2>
      {docket.length ? (
        <ol class="docket">
          {docket.map((item) => (
            <li>
              {item.question}{" "}
              <span class="hint">
                ({t(c, `docket.source.${item.source}`)}
                {item.asked_by ? `: ${item.asked_by}` : ""})
              </span>
              {canKeepDocket ? (
                <form method="post" action={`/staff/sessions/${id}/docket/${item.id}/delete`} class="inline">
                  {" "}
                  <button type="submit" class="link" aria-label={`${t(c, "docket.remove")}: ${item.question}`}>
                    {t(c, "docket.remove")}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t(c, "docket.empty")}</p>
      )}
      {canKeepDocket ? (
        <>
          <ErrorSummary c={c} errors={docketFailure?.errors} ids={{ question: "docket-question", petitionId: "docket-petition" }} />
          <form method="post" action={`/staff/sessions/${id}/docket`} class="stack" aria-labelledby="docket-add-question" novalidate>
            <h3 id="docket-add-question">{t(c, "docket.addQuestion")}</h3>
            <Field c={c} path="question" id="docket-question" label={t(c, "docket.question")} errors={docketFailure?.errors}>
              {(field) => (
                <textarea {...field} name="question" rows={2} maxlength={1000} required>
                  {docketFailure?.values.question ?? ""}
                </textarea>
              )}
            </Field>
            <button type="submit">{t(c, "docket.addQuestion")}</button>
          </form>
          {data.petitions.length ? (
            <form method="post" action={`/staff/sessions/${id}/docket`} class="stack" aria-labelledby="docket-add-petition" novalidate>
              <h3 id="docket-add-petition">{t(c, "docket.addPetition")}</h3>
              <Field c={c} path="petitionId" id="docket-petition" label={t(c, "docket.petition")} errors={docketFailure?.errors}>
                {(field) => (
                  <select {...field} name="petitionId" required>
                    {data.petitions.map((petition) => (
                      <option value={petition.id}>{petition.title}</option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit">{t(c, "docket.addPetition")}</button>
            </form>
          ) : null}
        </>
      ) : null}

      <h2 id="registrations">
        {t(c, "sessions.registrations", {
          count: [session, ...session.bridgePoints].reduce((sum, place) => sum + place.confirmed + place.waitlisted, 0),
        })}
      </h2>
      {registrations.length ? (
        <DataTable
          label={t(c, "sessions.registrationsTable")}
          columns={[
            t(c, "registration.name"),
            t(c, "registration.phone"),
            t(c, "registration.village"),
            t(c, "registration.place"),
            t(c, "registration.status"),
            t(c, "registration.question"),
          ]}
        >
          {registrations.map((registration) => (
            <tr>
              <td>{registration.name}</td>
              <td>{registration.phone}</td>
              <td>{registration.village_name ?? ""}</td>
              <td>{registration.place_is_bridge ? registration.place_name : session.venue.name}</td>
              <td>
                {t(c, `registration.status.${registration.status}`)}
                {registration.position ? ` (${t(c, "registration.position", { position: registration.position })})` : ""}
              </td>
              <td>
                {registration.question ?? ""}
                {registration.question && canKeepDocket && !docket.some((item) => item.registration_id === registration.id) ? (
                  <form method="post" action={`/staff/sessions/${id}/docket`} class="inline">
                    <input type="hidden" name="registrationCode" value={formatRegistrationCode(registration.code)} />{" "}
                    <button type="submit" class="link" aria-label={`${t(c, "docket.accept")}: ${registration.name}`}>
                      {t(c, "docket.accept")}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t(c, "sessions.noRegistrations")}</p>
      )}
      {data.nextQueueNo ? (
        <p>
          <a href={`/staff/sessions/${id}?after=${data.nextQueueNo}#registrations`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
      <NotificationsTable c={c} items={data.notifications} />
    </Layout>
  );
}

/** The action forms' fields as the API's action schema takes them. */
function actionInput(form: { text: (name: string) => string | undefined }) {
  const action = form.text("action");
  const version = Number(form.text("version")) || undefined;
  const times = action === "reschedule" ? instantsFromForm(form.text("startsAt"), form.text("endTime")) : {};
  return { action, version, reason: form.text("reason"), summary: form.text("summary"), shortNoticeReason: form.text("shortNoticeReason"), ...times };
}

/** `/staff/sessions/:id`: the officials' session page — facts, actions, docket and registrations. */
export const staffSessionPage = new Hono<AppEnv>()
  .use(pageAccess("commune_head", "commune_staff", "supervisor"))
  .get("/:id", async (c) => c.html(await SessionPage({ c })))
  .post(
    "/:id/actions",
    pageAccess("commune_head"),
    validateForm(sessionActionSchema, actionInput, (c, failure) =>
      SessionPage({ c, failure: { form: (failure.values.action ?? "publish") as SessionAction, ...failure } }),
    ),
    async (c) => {
      const input = c.req.valid("form");
      await actOnSession(c.env.DB, currentUser(c), idOf(c), input, { events: notifierOf(c) });
      return c.redirect(`/staff/sessions/${idOf(c)}?done=${input.action}`, 303);
    },
  )
  .post(
    "/:id/docket",
    pageAccess("commune_head", "commune_staff"),
    validateForm(
      docketAddSchema,
      (form) => ({ question: form.text("question"), petitionId: form.text("petitionId"), registrationCode: form.text("registrationCode") }),
      (c, failure) => SessionPage({ c, failure: { form: "docket", ...failure } }),
    ),
    async (c) => {
      await addDocketItem(c.env.DB, currentUser(c), idOf(c), c.req.valid("form"));
      return c.redirect(`/staff/sessions/${idOf(c)}?done=docket#docket-title`, 303);
    },
  )
  .post("/:id/docket/:itemId/delete", pageAccess("commune_head", "commune_staff"), async (c) => {
    const { id, itemId } = parseOrThrow(docketItemParamSchema, c.req.param());
    await removeDocketItem(c.env.DB, currentUser(c), id, itemId);
    return c.redirect(`/staff/sessions/${id}?done=docket#docket-title`, 303);
  });
