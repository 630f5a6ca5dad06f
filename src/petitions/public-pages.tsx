import { type Context, Hono } from "hono";
import * as v from "valibot";
import { categoriesStatement, toCategories } from "../categories/store";
import type { AppEnv } from "../env";
import { background } from "../lib/background";
import { clientKey } from "../lib/client";
import { randomToken } from "../lib/crypto";
import { localDay } from "../lib/dates";
import type { FieldError, MessageCode } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { SentMessages } from "../notifications/components";
import { publicOrigin } from "../notifications/rules";
import type { ResidentNotification } from "../notifications/schema";
import { communesForFormStatement } from "../units/store";
import { ErrorSummary, Field, type FormFailure, type FormValues, postedForm, validateForm } from "../web/form";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { PETITION_FIELD_IDS, PetitionFields, PublicPetitionView, submissionFromForm } from "./components";
import { feedbackSchema, idempotencyKeySchema, type PublicPetition, parseTrackingCode, petitionSubmissionSchema, trackingCodeParamSchema } from "./schema";
import { formatTrackingCode } from "./store";
import { allowLookup, giveFeedback, readTrackingPage, submitPetition } from "./workflow";

type C = Context<AppEnv>;

/** The address's tracking code in its stored form, or null when it cannot be one. */
const trackingCodeOf = (c: C) => parseTrackingCode(c.req.param("trackingCode") ?? "");

async function SubmitPage(props: { c: C; values: FormValues; errors?: FieldError[] }) {
  const { c, values } = props;
  // The search box is free text from the visitor (a query string, or a posted form drawn again): as long as the API's `q`.
  const unitSearch = values.unitq?.trim().slice(0, 100) || undefined;
  const [communes, categories] = await c.env.DB.batch<{ code: string; name: string }>([
    communesForFormStatement(c.env.DB, localDay(), unitSearch),
    categoriesStatement(c.env.DB),
  ]);
  return (
    <Layout c={c} title={t(c, "nav.submit")}>
      <ErrorSummary c={c} errors={props.errors} ids={PETITION_FIELD_IDS} />
      {/* Without JavaScript the commune list is narrowed by a plain GET search; with it, as you type. */}
      <search>
        <form method="get" action="/petitions/new" class="row">
          <div>
            <label for="unitq">{t(c, "petition.unitSearch")}</label>
            <input id="unitq" name="unitq" type="search" value={unitSearch ?? ""} data-filters="unitCode" />
          </div>
          <button type="submit" class="secondary">
            {t(c, "petition.unitSearchButton")}
          </button>
        </form>
      </search>
      <form method="post" action="/petitions/new" enctype="multipart/form-data" class="stack">
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? randomToken(18)} />
        <PetitionFields c={c} values={values} errors={props.errors} communes={communes.results} categories={toCategories(categories.results)} />
        <button type="submit">{t(c, "petition.submit")}</button>
      </form>
      <script src="/static/petition-form.js" defer />
    </Layout>
  );
}

/** The lookup form; `errors` name the code field, `message` is a refusal that names none (not found, throttled). */
function TrackPage(props: { c: C; code?: string; errors?: FieldError[]; message?: MessageCode }) {
  const { c } = props;
  const errors = props.errors ?? (props.message ? [{ path: "", code: props.message }] : undefined);
  return (
    <Layout c={c} title={t(c, "petition.trackTitle")}>
      <ErrorSummary c={c} errors={errors} ids={{ trackingCode: "code" }} />
      <form method="get" action="/track" class="stack">
        <Field c={c} path="trackingCode" id="code" label={t(c, "petition.trackingCode")} hint={t(c, "petition.trackHelp")} errors={errors}>
          {(field) => <input {...field} name="code" required autocomplete="off" autocapitalize="characters" value={props.code ?? ""} />}
        </Field>
        <button type="submit">{t(c, "petition.trackButton")}</button>
      </form>
    </Layout>
  );
}

/**
 * A petition's public view, what was sent to the resident, and the feedback form while an answer awaits them. An
 * escalated complaint or denunciation says where the second round is.
 */
function TrackedPage(props: { c: C; view: PublicPetition; messages: ResidentNotification[]; failure?: FormFailure }) {
  const { c, view, failure } = props;
  const errors = failure?.errors;
  const satisfied = failure?.values.satisfied;
  return (
    <Layout c={c} title={t(c, "petition.trackTitle")}>
      {c.req.query("new") === "1" ? (
        <section class="notice" role="status">
          <p>{t(c, "petition.sent")}</p>
          <p class="big-code">{formatTrackingCode(view.trackingCode)}</p>
        </section>
      ) : null}
      <Notice text={c.req.query("thanks") === "1" ? t(c, "petition.feedbackThanks") : null} />
      <ErrorSummary c={c} errors={errors} ids={{ satisfied: "satisfied-yes" }} />
      <PublicPetitionView c={c} view={view} />
      {view.status === "escalated" ? (
        <section class="notice" aria-labelledby="escalated-title">
          <h2 id="escalated-title">{t(c, "petition.escalatedTitle")}</h2>
          <p>{t(c, "petition.escalatedHelp")}</p>
        </section>
      ) : null}
      <SentMessages c={c} items={props.messages} />
      {view.canGiveFeedback ? (
        <form method="post" action={`/track/${view.trackingCode}/feedback`} class="stack">
          <fieldset>
            <legend>{t(c, "petition.feedbackTitle")}</legend>
            <div class="check">
              <input id="satisfied-yes" type="radio" name="satisfied" value="true" required checked={satisfied === "true"} />
              <label for="satisfied-yes">{t(c, "petition.satisfied")}</label>
            </div>
            <div class="check">
              <input id="satisfied-no" type="radio" name="satisfied" value="false" checked={satisfied === "false"} />
              <label for="satisfied-no">{t(c, "petition.notSatisfied")}</label>
            </div>
            <Field c={c} path="comment" label={t(c, "petition.comment")} errors={errors}>
              {(field) => (
                <textarea {...field} name="comment" rows={3} maxlength={2000}>
                  {failure?.values.comment ?? ""}
                </textarea>
              )}
            </Field>
          </fieldset>
          <button type="submit">{t(c, "petition.sendFeedback")}</button>
        </form>
      ) : null}
    </Layout>
  );
}

const idempotencyFieldSchema = v.object({ idempotencyKey: idempotencyKeySchema });

/** Residents' pages: send a petition, track it, confirm or reopen the answer. No account, no JavaScript needed. */
export const publicPetitionPages = new Hono<AppEnv>()
  .get("/petitions/new", async (c) => c.html(await SubmitPage({ c, values: { unitq: c.req.query("unitq"), unitCode: c.req.query("unit") } })))
  .post(
    "/petitions/new",
    validateForm(
      petitionSubmissionSchema,
      (form) => ({ ...submissionFromForm(form, undefined), channel: "online" }),
      (c, failure) => SubmitPage({ c, ...failure }),
    ),
    async (c) => {
      // The hidden key is checked exactly like the API's Idempotency-Key header (a 3 MiB or NUL-laden one is a 400).
      const { idempotencyKey } = parseOrThrow(idempotencyFieldSchema, { idempotencyKey: postedForm(c).text("idempotencyKey") });
      const { petition } = await submitPetition(c.env, c.req.valid("form"), {
        idempotencyKey,
        clientKey: clientKey(c),
        photos: postedForm(c).files("photos"),
        later: background(c.executionCtx),
      });
      return c.redirect(`/track/${petition.trackingCode}?new=1`, 303);
    },
  )
  .get(
    "/track",
    // The lookup form is a GET form: an empty visit shows it, a filled one is validated like any form.
    async (c, next) => (c.req.query("code") === undefined ? c.html(<TrackPage c={c} />) : next()),
    validateForm(
      trackingCodeParamSchema,
      (_form, c) => ({ trackingCode: c.req.query("code") ?? "" }),
      (c, failure) => <TrackPage c={c} code={c.req.query("code")} errors={failure.errors} />,
    ),
    (c) => c.redirect(`/track/${c.req.valid("form").trackingCode}`, 303),
  )
  .get("/track/:trackingCode", async (c) => {
    const code = trackingCodeOf(c);
    if (!code) return c.html(<TrackPage c={c} message="petition.tracking_code_unknown" />, 404);
    if (!(await allowLookup(c.env, clientKey(c)))) {
      c.header("retry-after", "60");
      return c.html(<TrackPage c={c} code={code} message="petition.too_many_lookups" />, 429);
    }
    const page = await readTrackingPage(c.env, code, background(c.executionCtx));
    if (!page) return c.html(<TrackPage c={c} code={code} message="petition.tracking_code_unknown" />, 404);
    return c.html(<TrackedPage c={c} view={page.view} messages={page.messages} />);
  })
  .post(
    "/track/:trackingCode/feedback",
    async (c, next) => {
      const code = trackingCodeOf(c);
      if (!code) return c.html(<TrackPage c={c} message="petition.tracking_code_unknown" />, 404);
      // Throttled per client like the API's feedback and every lookup: the code is the only key to the petition.
      if (!(await allowLookup(c.env, clientKey(c)))) {
        c.header("retry-after", "60");
        return c.html(<TrackPage c={c} code={code} message="petition.too_many_lookups" />, 429);
      }
      return next();
    },
    validateForm(
      feedbackSchema,
      (form) => ({ satisfied: form.text("satisfied") === "true", comment: form.text("comment") }),
      async (c, failure) => {
        const code = trackingCodeOf(c) ?? "";
        const page = await readTrackingPage(c.env, code, background(c.executionCtx));
        return page ? (
          <TrackedPage c={c} view={page.view} messages={page.messages} failure={failure} />
        ) : (
          <TrackPage c={c} code={code} errors={failure.errors} />
        );
      },
    ),
    async (c) => {
      const code = trackingCodeOf(c) ?? "";
      await giveFeedback(c.env, code, c.req.valid("form"), { delivery: { origin: publicOrigin(c.env, c.req.url), ctx: c.executionCtx } });
      return c.redirect(`/track/${code}?thanks=1`, 303);
    },
  );
