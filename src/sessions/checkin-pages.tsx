/**
 * The door's page, made for a phone: type a registration code and check the person in at once, or part of a
 * name and pick; count walk-ins per place; see who has come. Works without JavaScript (post, redirect, get).
 */
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { Problem } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { ErrorSummary, Field, type FormFailure, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { checkIn, checkInDesk } from "./checkin-workflow";
import { AttendanceTables } from "./components";
import { formatRegistrationCode } from "./registration-store";
import { checkInSchema, registrationCodeSchema, sessionIdParamSchema } from "./schema";

type C = Context<AppEnv>;
const idOf = (c: C) => parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
const searchSchema = v.object({ q: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)) });

async function CheckInPage(props: { c: C; failure?: FormFailure; form?: "search" | "walkIns" }) {
  const { c, failure } = props;
  const id = idOf(c);
  const typed = failure ? undefined : c.req.query("q")?.trim().slice(0, 100) || undefined;
  const done = c.req.query("done");
  const doneCode = done ? v.safeParse(registrationCodeSchema, done) : null;
  const desk = await checkInDesk(c.env.DB, currentUser(c), id, typed ?? (doneCode?.success ? doneCode.output : undefined));
  const who = doneCode?.success ? desk.matches.find((match) => match.registrationCode === doneCode.output) : undefined;
  const notice = who
    ? t(c, c.req.query("already") ? "checkin.already" : "checkin.done", { name: who.name })
    : c.req.query("saved")
      ? t(c, "checkin.saved")
      : null;
  const searchErrors = props.form === "search" ? failure?.errors : undefined;
  const walkInErrors = props.form === "walkIns" ? failure?.errors : undefined;
  return (
    <Layout c={c} title={t(c, "checkin.title", { title: desk.session.title })}>
      <Notice text={notice} />
      {desk.open ? null : <p class="errors">{t(c, "checkin.notOpen")}</p>}
      <ErrorSummary c={c} errors={searchErrors} ids={{ q: "q", registrationCode: "q" }} />
      <form method="post" action={`/staff/sessions/${id}/checkin`} class="stack" novalidate>
        <Field c={c} path="q" label={t(c, "checkin.find")} hint={t(c, "checkin.findHint")} errors={searchErrors}>
          {(field) => <input {...field} name="q" required maxlength={100} autocomplete="off" autocapitalize="characters" value={typed ?? ""} />}
        </Field>
        <button type="submit">{t(c, "checkin.checkIn")}</button>
      </form>
      {typed ? (
        desk.matches.length ? (
          <ul class="session-list">
            {desk.matches.map((match) => (
              <li>
                <strong>{match.name}</strong> <span class="code">{formatRegistrationCode(match.registrationCode)}</span>
                <br />
                {match.place}
                {match.village ? ` · ${match.village}` : ""} · {t(c, `registration.status.${match.status}`)}
                <br />
                {match.checkedInAt ? (
                  <span class="badge ok">{t(c, "checkin.checkedIn")}</span>
                ) : (
                  <form method="post" action={`/staff/sessions/${id}/checkin`} class="inline">
                    <input type="hidden" name="q" value={match.registrationCode} />
                    <button type="submit">{t(c, "checkin.checkInWho", { name: match.name })}</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t(c, "checkin.noMatch")}</p>
        )
      ) : null}
      <h2>{t(c, "checkin.walkIns")}</h2>
      <ErrorSummary c={c} errors={walkInErrors} ids={{ walkIns: `walk-ins-${failure?.values.bridgePointId || "main"}` }} />
      {desk.attendance.places.map((place) => (
        <form method="post" action={`/staff/sessions/${id}/walk-ins`} class="stack" novalidate>
          {place.bridgePoint ? <input type="hidden" name="bridgePointId" value={place.id} /> : null}
          <Field
            c={c}
            path="walkIns"
            id={`walk-ins-${place.bridgePoint ? place.id : "main"}`}
            label={t(c, "checkin.walkInsAt", { place: place.name })}
            hint={t(c, "checkin.walkInsHint")}
            errors={walkInErrors && (failure?.values.bridgePointId ?? "") === (place.bridgePoint ? place.id : "") ? walkInErrors : undefined}
          >
            {(field) => <input {...field} name="walkIns" type="number" inputmode="numeric" min={0} required value={String(place.walkIns)} />}
          </Field>
          <button type="submit" class="secondary">
            {t(c, "checkin.save")}
          </button>
        </form>
      ))}
      <AttendanceTables c={c} attendance={desk.attendance} />
      <p>
        <a href={`/staff/sessions/${id}`}>{t(c, "sessions.backToSession")}</a>
      </p>
    </Layout>
  );
}

/** `/staff/sessions/:id/checkin` and `/staff/sessions/:id/walk-ins`: the unit's head and staff. */
export const checkInPages = new Hono<AppEnv>()
  .use(pageAccess("commune_head", "commune_staff"))
  .get("/:id/checkin", async (c) => c.html(await CheckInPage({ c })))
  .post(
    "/:id/checkin",
    validateForm(
      searchSchema,
      (form) => ({ q: form.raw("q") }),
      (c, failure) => CheckInPage({ c, failure, form: "search" }),
    ),
    async (c) => {
      const id = idOf(c);
      const { q } = c.req.valid("form");
      const code = v.safeParse(registrationCodeSchema, q);
      if (code.success) {
        try {
          const result = await checkIn(c.env.DB, currentUser(c), id, { registrationCode: code.output });
          return c.redirect(`/staff/sessions/${id}/checkin?done=${code.output}${result.alreadyCheckedIn ? "&already=1" : ""}`, 303);
        } catch (error) {
          // Not a code of this session: read it as part of a name.
          if (!(error instanceof Problem && error.status === 404 && error.code === "registration.not_found")) throw error;
        }
      }
      return c.redirect(`/staff/sessions/${id}/checkin?q=${encodeURIComponent(q)}`, 303);
    },
  )
  .post(
    "/:id/walk-ins",
    validateForm(
      checkInSchema,
      (form) => ({ walkIns: form.text("walkIns") === undefined ? undefined : Number(form.text("walkIns")), bridgePointId: form.text("bridgePointId") }),
      (c, failure) => CheckInPage({ c, failure, form: "walkIns" }),
    ),
    async (c) => {
      const id = idOf(c);
      await checkIn(c.env.DB, currentUser(c), id, c.req.valid("form"));
      return c.redirect(`/staff/sessions/${id}/checkin?saved=1`, 303);
    },
  );
