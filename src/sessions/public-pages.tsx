import { type Context, Hono } from "hono";
import type { AppEnv } from "../env";
import { decodeCursorOrStart, encodeCursor } from "../lib/pagination";
import { parseOrThrow } from "../lib/validate";
import { SentMessages } from "../notifications/components";
import { unitCodeSchema } from "../units/schema";
import { ErrorSummary, Field, type FormFailure, type FormValues, validateForm } from "../web/form";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { PlacesList, SessionFacts, StatusBadge, seatsInWords, whenInWords } from "./components";
import { notifierOf } from "./notify";
import { publicListData, publicSessionData } from "./queries";
import { formatRegistrationCode } from "./registration-store";
import { cancelRegistration, readRegistration, register } from "./registration-workflow";
import { registerSchema, registrationCodeSchema, sessionIdParamSchema } from "./schema";
import { throttleLookups, throttleRegistrations } from "./throttle";

type C = Context<AppEnv>;
const idOf = (c: C) => parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
const codeOf = (c: C) => parseOrThrow(registrationCodeSchema, c.req.param("code"));
const PAGE = 30;

async function SessionListPage(props: { c: C }) {
  const { c } = props;
  const unit = c.req.query("unit");
  const province = c.req.query("province");
  const scope = unit ? { unitCode: parseOrThrow(unitCodeSchema, unit) } : province ? { provinceCode: parseOrThrow(unitCodeSchema, province) } : {};
  const after = decodeCursorOrStart(c.req.query("cursor"), 2) as [string, string] | null;
  const { provinces, rows, scopeUnit } = await publicListData(c.env.DB, scope, after, PAGE);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  const next =
    rows.length > PAGE && last
      ? new URLSearchParams({ ...(unit ? { unit } : province ? { province } : {}), cursor: encodeCursor([last.starts_at, last.id]) })
      : null;
  return (
    <Layout c={c} title={scopeUnit ? t(c, "sessions.publicListOf", { name: scopeUnit.name }) : t(c, "sessions.publicList")}>
      <p>{t(c, "sessions.publicIntro")}</p>
      <form method="get" action="/sessions" class="row">
        <div>
          <label for="list-province">{t(c, "sessions.chooseProvince")}</label>
          <select id="list-province" name="province">
            <option value="">{t(c, "sessions.allProvinces")}</option>
            {provinces.map((option) => (
              <option value={option.code} selected={option.code === province}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          {t(c, "form.search")}
        </button>
      </form>
      {page.length ? (
        <ol class="session-list">
          {page.map((session) => (
            <li>
              <a href={`/sessions/${session.id}`}>{session.title}</a> <StatusBadge c={c} status={session.status} />
              <br />
              {whenInWords(c, session.starts_at, session.ends_at)} · {session.unit_name}
              <br />
              {session.venue_name}
              {session.status === "published"
                ? ` · ${seatsInWords(c, { capacity: session.capacity ?? 0, confirmed: session.confirmed, waitlisted: session.waitlisted })}`
                : ""}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t(c, "sessions.noneUpcoming")}</p>
      )}
      {next ? (
        <p>
          <a href={`/sessions?${next}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
      {scopeUnit && scopeUnit.level !== "province" ? (
        <p>
          <a href={`/api/v1/units/${encodeURIComponent(scopeUnit.code)}/sessions.ics`}>{t(c, "sessions.subscribe")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

async function PublicSessionPage(props: { c: C }) {
  const { c } = props;
  const id = idOf(c);
  const { session, docket } = await publicSessionData(c.env.DB, c.get("user"), id);
  return (
    <Layout c={c} title={session.title}>
      <SessionFacts c={c} session={session} />
      <h2>{t(c, "sessions.howToTakePart")}</h2>
      {session.registrationOpen ? (
        <>
          <p>{t(c, "sessions.howToRegister")}</p>
          <p>
            <a class="button" href={`/sessions/${id}/register`}>
              {t(c, "sessions.register")}
            </a>
          </p>
        </>
      ) : (
        <p>{t(c, session.status === "cancelled" ? "sessions.cancelledInfo" : "sessions.registrationClosed")}</p>
      )}
      {session.mode !== "in_person" && session.status === "published" ? <p>{t(c, "sessions.onlineInfo")}</p> : null}
      <h2>{t(c, "sessions.places")}</h2>
      <PlacesList c={c} session={session} />
      {session.agenda ? (
        <>
          <h2>{t(c, "sessions.agenda")}</h2>
          <p class="answer">{session.agenda}</p>
        </>
      ) : null}
      <h2>{t(c, "sessions.docket")}</h2>
      {docket.length ? (
        <ol class="docket">
          {docket.map((item) => (
            <li>{item.question}</li>
          ))}
        </ol>
      ) : (
        <p>{t(c, "docket.empty")}</p>
      )}
      {session.resultsSummary ? (
        <>
          <h2>{t(c, "sessions.results")}</h2>
          <p class="answer">{session.resultsSummary}</p>
          <p>
            <a href={`/sessions/${id}/results`}>{t(c, "sessions.resultsPage")}</a>
          </p>
        </>
      ) : null}
      <p>
        <a href={`/api/v1/sessions/${id}/calendar.ics`}>{t(c, "sessions.addToCalendar")}</a> ·{" "}
        <a href={`/sessions?unit=${encodeURIComponent(session.unit.code)}`}>{t(c, "sessions.otherSessions", { name: session.unit.name })}</a>
      </p>
    </Layout>
  );
}

async function RegisterPage(props: { c: C; errors?: FormFailure["errors"]; values?: FormValues }) {
  const { c, errors } = props;
  const id = idOf(c);
  const { session, villages } = await publicSessionData(c.env.DB, c.get("user"), id);
  const values = props.values ?? { bridgePointId: "" };
  const places = [
    { id: "", name: session.venue.name, capacity: session.capacity, confirmed: session.confirmed, waitlisted: session.waitlisted },
    ...session.bridgePoints,
  ];
  return (
    <Layout c={c} title={t(c, "sessions.registerFor", { title: session.title })}>
      <p>{whenInWords(c, session.startsAt, session.endsAt)}</p>
      {session.registrationOpen ? (
        <>
          <ErrorSummary c={c} errors={errors} ids={{ bridgePointId: "place-0" }} />
          <form method="post" action={`/sessions/${id}/register`} class="stack" novalidate>
            <Field c={c} path="name" label={t(c, "registration.name")} errors={errors}>
              {(field) => <input {...field} name="name" required maxlength={120} autocomplete="name" value={values.name ?? ""} />}
            </Field>
            <Field c={c} path="phone" label={t(c, "registration.phone")} hint={t(c, "registration.phoneHint")} errors={errors}>
              {(field) => <input {...field} name="phone" type="tel" inputmode="tel" required autocomplete="tel" value={values.phone ?? ""} />}
            </Field>
            <Field c={c} path="email" label={t(c, "registration.email")} errors={errors} optional>
              {(field) => <input {...field} name="email" type="email" autocomplete="email" value={values.email ?? ""} />}
            </Field>
            {villages.length ? (
              <Field c={c} path="villageId" label={t(c, "registration.village")} errors={errors} optional>
                {(field) => (
                  <select {...field} name="villageId">
                    <option value="">{t(c, "registration.noVillage")}</option>
                    {villages.map((village) => (
                      <option value={village.id} selected={values.villageId === village.id}>
                        {village.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
            <fieldset>
              <legend>{t(c, "registration.place")}</legend>
              {places.map((place, index) => (
                <div class="check">
                  <input id={`place-${index}`} type="radio" name="bridgePointId" value={place.id} checked={(values.bridgePointId ?? "") === place.id} />
                  <label for={`place-${index}`}>
                    {place.name} — {seatsInWords(c, place)}
                  </label>
                </div>
              ))}
            </fieldset>
            <Field c={c} path="question" label={t(c, "registration.question")} hint={t(c, "registration.questionHint")} errors={errors} optional>
              {(field) => (
                <textarea {...field} name="question" rows={4} maxlength={1000}>
                  {values.question ?? ""}
                </textarea>
              )}
            </Field>
            <p class="hint">{t(c, "registration.privacy")}</p>
            <button type="submit">{t(c, "sessions.register")}</button>
          </form>
        </>
      ) : (
        <p>{t(c, "sessions.registrationClosed")}</p>
      )}
    </Layout>
  );
}

async function RegistrationPage(props: { c: C; notice?: string | null }) {
  const { c } = props;
  const code = codeOf(c);
  await throttleLookups(c);
  const registration = await readRegistration(c.env.DB, code);
  c.header("cache-control", "private, no-store");
  const { session } = registration;
  const open = session.status === "published" && new Date().toISOString() < session.startsAt;
  return (
    <Layout c={c} title={t(c, "registration.title")}>
      <Notice text={props.notice} />
      <p>{t(c, "registration.yourCode")}</p>
      <p class="big-code">{formatRegistrationCode(registration.registrationCode)}</p>
      <p class="hint">{t(c, "registration.keepCode")}</p>
      <dl class="facts">
        <dt>{t(c, "registration.status")}</dt>
        <dd>
          <strong>{t(c, `registration.status.${registration.status}`)}</strong>
          {registration.position ? ` — ${t(c, "registration.position", { position: registration.position })}` : ""}
        </dd>
        <dt>{t(c, "registration.name")}</dt>
        <dd>{registration.name}</dd>
        <dt>{t(c, "sessions.title")}</dt>
        <dd>
          <a href={`/sessions/${session.id}`}>{session.title}</a> <StatusBadge c={c} status={session.status} />
        </dd>
        <dt>{t(c, "sessions.when")}</dt>
        <dd>{whenInWords(c, session.startsAt, session.endsAt)}</dd>
        <dt>{t(c, "registration.place")}</dt>
        <dd>
          {registration.place.name}
          {registration.place.address ? `, ${registration.place.address}` : ""}
        </dd>
      </dl>
      {registration.status === "waitlisted" ? <p>{t(c, "registration.waitlistInfo")}</p> : null}
      <SentMessages c={c} items={registration.notifications} />
      {registration.status !== "cancelled" && open ? (
        <form method="post" action={`/registrations/${registration.registrationCode}/cancel`} class="stack" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t(c, "registration.cancelTitle")}</h2>
          <p>{t(c, "registration.cancelInfo")}</p>
          <button type="submit" class="secondary">
            {t(c, "registration.cancel")}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

/** Residents' pages: upcoming sessions, a session, registering, and one's registration by its code. */
export const publicSessionPages = new Hono<AppEnv>()
  .get("/sessions", async (c) => c.html(await SessionListPage({ c })))
  .get("/sessions/:id", async (c) => c.html(await PublicSessionPage({ c })))
  .get("/sessions/:id/register", async (c) => c.html(await RegisterPage({ c })))
  .post(
    "/sessions/:id/register",
    validateForm(
      registerSchema,
      (form) => ({
        name: form.raw("name"),
        phone: form.raw("phone"),
        email: form.text("email"),
        question: form.text("question"),
        bridgePointId: form.text("bridgePointId"),
        villageId: form.text("villageId"),
      }),
      (c, failure) => RegisterPage({ c, ...failure }),
    ),
    async (c) => {
      await throttleRegistrations(c);
      const registration = await register(c.env.DB, idOf(c), c.req.valid("form"), { events: notifierOf(c) });
      return c.redirect(`/registrations/${registration.registrationCode}?new=1`, 303);
    },
  )
  .get("/registrations/:code", async (c) =>
    c.html(
      await RegistrationPage({
        c,
        notice: c.req.query("new") ? t(c, "registration.created") : c.req.query("cancelled") ? t(c, "registration.cancelled") : null,
      }),
    ),
  )
  .post("/registrations/:code/cancel", async (c) => {
    const code = codeOf(c);
    await throttleLookups(c);
    await cancelRegistration(c.env.DB, code, { events: notifierOf(c) });
    return c.redirect(`/registrations/${code}?cancelled=1`, 303);
  });
