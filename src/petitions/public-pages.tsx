import { type Context, Hono } from "hono";
import * as v from "valibot";
import { categoriesStatement, toCategories } from "../categories/store";
import type { AppEnv } from "../env";
import { type Calendar, deadlineStatus } from "../holidays/rules";
import { background } from "../lib/background";
import { clientKey } from "../lib/client";
import { randomToken } from "../lib/crypto";
import { formatDay, localDay } from "../lib/dates";
import type { FieldError, MessageCode } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { SentMessages } from "../notifications/components";
import { publicOrigin } from "../notifications/rules";
import type { ResidentNotification } from "../notifications/schema";
import { toUnitChoices, unitPickerStatement } from "../units/store";
import { deadlinePhrase } from "../web/deadline";
import { ErrorSummary, errorText, Field, FieldMessage, type FormFailure, type FormValues, postedForm, searchStep, validateForm } from "../web/form";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { type CommuneChoices, PETITION_FIELD_IDS, PETITION_FIELD_ORDER, PetitionFields, PublicPetitionView, submissionFromForm } from "./components";
import { feedbackSchema, idempotencyKeySchema, type PublicPetition, parseTrackingCode, petitionSubmissionSchema, trackingCodeParamSchema } from "./schema";
import { formatTrackingCode, petitionOfKeyStatement, trackingCodeOfKey } from "./store";
import { allowLookup, giveFeedback, type ResidentContact, readTrackingPage, submitPetition } from "./workflow";

type C = Context<AppEnv>;

/** How many communes the picker lists before a search narrows them (the first by name; the chosen one is kept). */
const COMMUNE_CHOICES = 50;
const COMMUNE_LEVELS = ["commune", "ward", "special_zone"] as const;

/** The address's tracking code in its stored form, or null when it cannot be one. */
const trackingCodeOf = (c: C) => parseTrackingCode(c.req.param("trackingCode") ?? "");

/**
 * The residents' form: the commune picked by name (without JavaScript its "Tìm" button draws the form again with the
 * matches, a single match chosen), the category from "— Chọn lĩnh vực —", and the hidden key that makes sending it
 * twice — a double tap, or Back and send again — give the same petition.
 */
async function SubmitPage(props: { c: C; values: FormValues; errors?: FieldError[] }) {
  const { c, values } = props;
  // A key that cannot be one (sent by hand: too long, odd characters) is neither looked up nor sent back.
  const key = values.idempotencyKey && /^[\x21-\x7e]{8,200}$/.test(values.idempotencyKey) ? values.idempotencyKey : randomToken(18);
  // The search box is free text from the visitor (a query string, or a posted form drawn again): as long as the API's `q`.
  const search = values.unitq?.trim().slice(0, 100) || undefined;
  const [communes, categories, sent] = await c.env.DB.batch([
    unitPickerStatement(c.env.DB, { q: search, levels: COMMUNE_LEVELS, onDay: localDay(), include: values.unitCode, limit: COMMUNE_CHOICES }),
    categoriesStatement(c.env.DB),
    petitionOfKeyStatement(c.env.DB, key),
  ]);
  const { choices, more } = toUnitChoices(communes, COMMUNE_CHOICES);
  const picker: CommuneChoices = { options: choices, more, search, source: `/petitions/new?form=${encodeURIComponent(key)}` };
  const sentCode = trackingCodeOfKey(sent);
  return (
    <Layout c={c} title={t(c, "petition.formTitle")} hasErrors={!!props.errors?.length}>
      {sentCode ? (
        <section class="notice" role="status" aria-labelledby="already-sent">
          <h2 id="already-sent">{t(c, "petition.alreadySent", { code: formatTrackingCode(sentCode) })}</h2>
          <ul class="links">
            <li>
              <a href={`/petitions/sent/${sentCode}`}>{t(c, "petition.seeYourPetition")}</a>
            </li>
            <li>
              <a href="/petitions/new">{t(c, "petition.sendAnother")}</a>
            </li>
          </ul>
        </section>
      ) : null}
      <ErrorSummary c={c} errors={props.errors} ids={PETITION_FIELD_IDS} order={PETITION_FIELD_ORDER} />
      <p>{t(c, "petition.formIntro")}</p>
      <form method="post" action="/petitions/new" enctype="multipart/form-data" class="stack" novalidate>
        <input type="hidden" name="idempotencyKey" value={key} />
        <PetitionFields c={c} values={values} errors={props.errors} communes={picker} categories={toCategories(categories.results)} />
        <div>
          <button type="submit" data-main>
            {t(c, "petition.submit")}
          </button>
        </div>
      </form>
      <script src="/static/unit-picker.js" defer />
    </Layout>
  );
}

/** The lookup form; `errors` name the code field, `message` is a refusal that names none (not found, throttled). */
function TrackPage(props: { c: C; code?: string; errors?: FieldError[]; message?: MessageCode }) {
  const { c } = props;
  const errors = props.errors ?? (props.message ? [{ path: "trackingCode", code: props.message }] : undefined);
  return (
    <Layout c={c} title={t(c, "petition.trackTitle")} hasErrors={!!errors?.length}>
      <ErrorSummary c={c} errors={errors} ids={{ trackingCode: "code" }} />
      <form method="get" action="/track" class="stack" novalidate>
        <Field c={c} path="trackingCode" id="code" label={t(c, "petition.trackingCode")} hint={t(c, "petition.trackHelp")} errors={errors} required>
          {(field) => <input {...field} name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} value={props.code ?? ""} />}
        </Field>
        <div>
          <button type="submit">{t(c, "petition.trackButton")}</button>
        </div>
      </form>
    </Layout>
  );
}

/** "tin nhắn SMS đến 091•••678 và email đến b•••@example.vn": where messages will go, masked. */
function channelsInWords(c: C, contact: ResidentContact): string {
  return contact.map((item) => t(c, "petition.channelTo", { channel: t(c, `channelTo.${item.channel}`), address: item.address })).join(t(c, "petition.and"));
}

/**
 * After sending (GOV.UK's confirmation page): the code large, to copy or share (with JavaScript), and what happens
 * next — who answers, by which day, and whether a message will come or the resident must check back with the code.
 */
function SentPage(props: { c: C; view: PublicPetition; calendar: Calendar; contact: ResidentContact }) {
  const { c, view, contact } = props;
  const code = formatTrackingCode(view.trackingCode);
  const trackPath = `/track/${view.trackingCode}`;
  const trackUrl = `${publicOrigin(c.env, c.req.url)}${trackPath}`;
  const left = deadlinePhrase(c, deadlineStatus(localDay(), view.acknowledgeBy, props.calendar));
  return (
    <Layout c={c} title={t(c, "petition.sentTitle")}>
      <section class="panel-code" aria-labelledby="code-title">
        <h2 id="code-title">{t(c, "petition.yourCode")}</h2>
        <p class="big-code" id="tracking-code">
          {code}
        </p>
        <p>{t(c, "petition.keepCode")}</p>
        <div class="row buttons" data-share-code={code} data-share-url={trackUrl} data-share-text={t(c, "petition.shareText", { unit: view.unitName, code })}>
          <button type="button" class="secondary" data-copy hidden>
            {t(c, "petition.copyCode")}
          </button>
          <button type="button" class="secondary" data-share hidden>
            {t(c, "petition.shareCode")}
          </button>
          <span role="status" data-copied={t(c, "petition.copied")} />
        </div>
      </section>
      <section aria-labelledby="next-title">
        <h2 id="next-title">{t(c, "petition.nextTitle")}</h2>
        <ol class="steps">
          <li>{t(c, "petition.nextAcknowledge", { unit: view.unitName, date: formatDay(view.acknowledgeBy), left })}</li>
          <li>{contact.length ? t(c, "petition.nextMessages", { channels: channelsInWords(c, contact) }) : t(c, "petition.nextNoContact")}</li>
          <li>
            {t(c, "petition.nextLookup")} <a href={trackPath}>{trackUrl}</a>
          </li>
        </ol>
      </section>
      <ul class="links">
        <li>
          <a href={trackPath}>{t(c, "petition.seeYourPetition")}</a>
        </li>
        <li>
          <a href="/petitions/new">{t(c, "petition.sendAnother")}</a>
        </li>
      </ul>
      <script src="/static/petition-sent.js" defer />
    </Layout>
  );
}

/**
 * A petition's public view, what was sent to the resident, and — while an answer awaits them — the form to confirm
 * it or ask again, saying until when. An escalated complaint or denunciation says where the second round is.
 */
function TrackedPage(props: { c: C; view: PublicPetition; calendar: Calendar; messages: ResidentNotification[]; failure?: FormFailure }) {
  const { c, view, failure } = props;
  const errors = failure?.errors;
  const satisfied = failure?.values.satisfied;
  const choiceError = errorText(c, errors, "satisfied");
  return (
    <Layout c={c} title={t(c, "petition.trackedTitle")} hasErrors={!!errors?.length}>
      <Notice text={c.req.query("thanks") === "1" ? t(c, "petition.feedbackThanks") : null} />
      <ErrorSummary c={c} errors={errors} ids={{ satisfied: "satisfied-yes" }} order={["satisfied", "comment"]} />
      <PublicPetitionView c={c} view={view} calendar={props.calendar} />
      {view.status === "escalated" ? (
        <section class="notice" aria-labelledby="escalated-title">
          <h2 id="escalated-title">{t(c, "petition.escalatedTitle")}</h2>
          <p>{t(c, "petition.escalatedHelp")}</p>
        </section>
      ) : null}
      {view.canGiveFeedback ? (
        <form method="post" action={`/track/${view.trackingCode}/feedback`} class="stack" id="feedback" novalidate>
          {view.feedbackUntil ? <p>{t(c, "petition.feedbackUntil", { date: formatDay(view.feedbackUntil) })}</p> : null}
          <fieldset class={choiceError ? "has-error" : ""} aria-describedby={choiceError ? "satisfied-error" : undefined}>
            <legend>{t(c, "petition.feedbackTitle")}</legend>
            <FieldMessage c={c} id="satisfied-error" message={choiceError} />
            <div class="check">
              <input id="satisfied-yes" type="radio" name="satisfied" value="true" checked={satisfied === "true"} />
              <label for="satisfied-yes">{t(c, "petition.satisfied")}</label>
            </div>
            <div class="check">
              <input id="satisfied-no" type="radio" name="satisfied" value="false" checked={satisfied === "false"} />
              <label for="satisfied-no">{t(c, "petition.notSatisfied")}</label>
            </div>
          </fieldset>
          <Field c={c} path="comment" label={t(c, "petition.comment")} hint={t(c, "petition.commentHint")} errors={errors} optional>
            {(field) => (
              <textarea {...field} name="comment" rows={3} maxlength={2000}>
                {failure?.values.comment ?? ""}
              </textarea>
            )}
          </Field>
          <div>
            <button type="submit">{t(c, "petition.sendFeedback")}</button>
          </div>
        </form>
      ) : null}
      <SentMessages c={c} items={props.messages} />
    </Layout>
  );
}

const idempotencyFieldSchema = v.object({ idempotencyKey: idempotencyKeySchema });
const formKeySchema = v.pipe(v.string(), v.regex(/^[\w-]{16,64}$/));

const renderSubmit = (c: C, failure: FormFailure) => SubmitPage({ c, ...failure });

/** Throttled per client like every lookup: the code is the only key to a petition. */
async function throttled(c: C, code: string): Promise<Response | null> {
  if (await allowLookup(c.env, clientKey(c))) return null;
  c.header("retry-after", "60");
  return c.html(<TrackPage c={c} code={formatTrackingCode(code)} message="petition.too_many_lookups" />, 429);
}

/** Residents' pages: send a petition, see it was sent, track it, confirm or reopen the answer. No account, no JavaScript needed. */
export const publicPetitionPages = new Hono<AppEnv>()
  .get("/petitions/new", async (c) => {
    // The form's key lives in its address, so Back — which fetches the form again — brings the same key, and sending
    // again answers with the petition the key already made. A visit without one (or with a broken one) gets a new form.
    const key = v.safeParse(formKeySchema, c.req.query("form"));
    if (!key.success) {
      const fresh = new URLSearchParams({ form: randomToken(18) });
      for (const name of ["unitq", "unit"]) if (c.req.query(name)) fresh.set(name, c.req.query(name) ?? "");
      return c.redirect(`/petitions/new?${fresh}`, 303);
    }
    c.header("cache-control", "private, no-cache");
    return c.html(await SubmitPage({ c, values: { idempotencyKey: key.output, unitq: c.req.query("unitq"), unitCode: c.req.query("unit") } }));
  })
  .post(
    "/petitions/new",
    searchStep(renderSubmit),
    validateForm(petitionSubmissionSchema, (form) => ({ ...submissionFromForm(form, undefined), channel: "online" }), renderSubmit),
    async (c) => {
      // The hidden key is checked exactly like the API's Idempotency-Key header (a 3 MiB or NUL-laden one is a 400).
      const { idempotencyKey } = parseOrThrow(idempotencyFieldSchema, { idempotencyKey: postedForm(c).text("idempotencyKey") });
      const { petition } = await submitPetition(c.env, c.req.valid("form"), {
        idempotencyKey,
        clientKey: clientKey(c),
        photos: postedForm(c).files("photos"),
        later: background(c.executionCtx),
        anyBodyReplays: true,
      });
      // Post/Redirect/Get: Back returns to the form (with its key), never to this post.
      return c.redirect(`/petitions/sent/${petition.trackingCode}`, 303);
    },
  )
  .get("/petitions/sent/:trackingCode", async (c) => {
    const code = trackingCodeOf(c);
    if (!code) return c.html(<TrackPage c={c} message="petition.tracking_code_unknown" />, 404);
    const refused = await throttled(c, code);
    if (refused) return refused;
    const page = await readTrackingPage(c.env, code, background(c.executionCtx), { contact: true });
    if (!page) return c.html(<TrackPage c={c} code={formatTrackingCode(code)} message="petition.tracking_code_unknown" />, 404);
    return c.html(<SentPage c={c} view={page.view} calendar={page.calendar} contact={page.contact} />);
  })
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
    const refused = await throttled(c, code);
    if (refused) return refused;
    const page = await readTrackingPage(c.env, code, background(c.executionCtx));
    if (!page) return c.html(<TrackPage c={c} code={formatTrackingCode(code)} message="petition.tracking_code_unknown" />, 404);
    return c.html(<TrackedPage c={c} view={page.view} calendar={page.calendar} messages={page.messages} />);
  })
  .post(
    "/track/:trackingCode/feedback",
    async (c, next) => {
      const code = trackingCodeOf(c);
      if (!code) return c.html(<TrackPage c={c} message="petition.tracking_code_unknown" />, 404);
      return (await throttled(c, code)) ?? next();
    },
    validateForm(
      feedbackSchema,
      (form) => ({ satisfied: form.text("satisfied") === undefined ? undefined : form.text("satisfied") === "true", comment: form.text("comment") }),
      // A refusal stays on the petition, with the error by the box it is about.
      async (c, failure) => {
        const code = trackingCodeOf(c) ?? "";
        const page = await readTrackingPage(c.env, code, background(c.executionCtx));
        return page ? (
          <TrackedPage c={c} view={page.view} calendar={page.calendar} messages={page.messages} failure={failure} />
        ) : (
          <TrackPage c={c} code={formatTrackingCode(code)} message="petition.tracking_code_unknown" />
        );
      },
    ),
    async (c) => {
      const code = trackingCodeOf(c) ?? "";
      await giveFeedback(c.env, code, c.req.valid("form"), { delivery: { origin: publicOrigin(c.env, c.req.url), ctx: c.executionCtx } });
      return c.redirect(`/track/${code}?thanks=1`, 303);
    },
  );
