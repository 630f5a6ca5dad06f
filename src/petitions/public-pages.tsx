import { type Context, Hono } from "hono";
import * as v from "valibot";
import { listCategories } from "../categories/routes";
import type { AppEnv } from "../env";
import { randomToken } from "../lib/crypto";
import { localDay } from "../lib/dates";
import { type FieldError, Problem } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { listCommunesForForm } from "../units/store";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { type FormValues, PetitionFields, PublicPetitionView, submissionFromForm } from "./components";
import { clientKey } from "./routes";
import { feedbackSchema, petitionSubmissionSchema, trackingCodeParamSchema } from "./schema";
import { readPublicView } from "./tracking";
import { giveFeedback, submitPetition } from "./workflow";

type C = Context<AppEnv>;

async function SubmitPage(props: { c: C; values: FormValues; errors?: FieldError[] }) {
  const { c, values } = props;
  const unitSearch = values.unitq?.trim() || undefined;
  const [communes, categories] = await Promise.all([listCommunesForForm(c.env.DB, localDay(), unitSearch), listCategories(c.env.DB)]);
  return (
    <Layout c={c} title={t(c, "nav.submit")}>
      <FormErrors c={c} errors={props.errors} />
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
        <PetitionFields c={c} values={values} errors={props.errors} communes={communes} categories={categories} />
        <button type="submit">{t(c, "petition.submit")}</button>
      </form>
      <script src="/static/petition-form.js" defer />
    </Layout>
  );
}

function TrackPage(props: { c: C; code?: string; error?: string }) {
  const { c } = props;
  return (
    <Layout c={c} title={t(c, "petition.trackTitle")}>
      {props.error ? (
        <p class="errors" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="get" action="/track" class="stack">
        <div>
          <label for="code">{t(c, "petition.trackingCode")}</label>
          <p class="hint" id="code-hint">
            {t(c, "petition.trackHelp")}
          </p>
          <input id="code" name="code" required autocomplete="off" autocapitalize="characters" aria-describedby="code-hint" value={props.code ?? ""} />
        </div>
        <button type="submit">{t(c, "petition.trackButton")}</button>
      </form>
    </Layout>
  );
}

const stringValues = (form: Record<string, unknown>): FormValues =>
  Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === "string"));

/** Residents' pages: send a petition, track it, confirm or reopen the answer. No account, no JavaScript needed. */
export const publicPetitionPages = new Hono<AppEnv>()
  .get("/petitions/new", async (c) => c.html(await SubmitPage({ c, values: { unitq: c.req.query("unitq"), unitCode: c.req.query("unit") } })))
  .post("/petitions/new", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const values = stringValues(form);
    const photos = ([] as unknown[]).concat(form.photos ?? []).filter((file): file is File => file instanceof File && file.size > 0);
    const parsed = v.safeParse(petitionSubmissionSchema, submissionFromForm(form, undefined));
    if (!parsed.success) return c.html(await SubmitPage({ c, values, errors: issuesToErrors(parsed.issues) }), 400);
    try {
      const idempotencyKey = typeof form.idempotencyKey === "string" && form.idempotencyKey.length >= 8 ? form.idempotencyKey : undefined;
      const { petition } = await submitPetition(c.env, { ...parsed.output, channel: "online" }, { idempotencyKey, clientKey: clientKey(c), photos });
      return c.redirect(`/track/${petition.tracking_code}?new=1`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      if (error.headers["retry-after"]) c.header("retry-after", error.headers["retry-after"]);
      return c.html(await SubmitPage({ c, values, errors: error.body.errors ?? [{ path: "", message: error.body.detail }] }), error.status);
    }
  })
  .get("/track", (c) => {
    const code = c.req.query("code");
    if (!code) return c.html(<TrackPage c={c} />);
    const parsed = v.safeParse(trackingCodeParamSchema, { trackingCode: code });
    if (!parsed.success) return c.html(<TrackPage c={c} code={code} error={issuesToErrors(parsed.issues)[0].message} />, 400);
    return c.redirect(`/track/${parsed.output.trackingCode}`, 303);
  })
  .get("/track/:trackingCode", async (c) => {
    const parsed = v.safeParse(trackingCodeParamSchema, { trackingCode: c.req.param("trackingCode") });
    if (!parsed.success) return c.html(<TrackPage c={c} error={t(c, "petition.notFound")} />, 404);
    const { success } = await c.env.TRACK_LIMITER.limit({ key: clientKey(c) });
    if (!success) {
      c.header("retry-after", "60");
      return c.html(<TrackPage c={c} error="Tra cứu quá nhiều lần; thử lại sau 1 phút / too many lookups" />, 429);
    }
    const view = await readPublicView(c.env, parsed.output.trackingCode);
    if (!view) return c.html(<TrackPage c={c} code={parsed.output.trackingCode} error={t(c, "petition.notFound")} />, 404);
    const isNew = c.req.query("new") === "1";
    return c.html(
      <Layout c={c} title={t(c, "petition.trackTitle")}>
        {isNew ? (
          <section class="notice" role="status">
            <p>{t(c, "petition.sent")}</p>
            <p class="big-code">{view.trackingCode.match(/.{1,4}/g)?.join("-")}</p>
          </section>
        ) : null}
        <Notice text={c.req.query("thanks") === "1" ? t(c, "petition.feedbackThanks") : null} />
        <PublicPetitionView c={c} view={view} />
        {view.canGiveFeedback ? (
          <form method="post" action={`/track/${view.trackingCode}/feedback`} class="stack">
            <fieldset>
              <legend>{t(c, "petition.feedbackTitle")}</legend>
              <div class="check">
                <input id="satisfied-yes" type="radio" name="satisfied" value="true" required />
                <label for="satisfied-yes">{t(c, "petition.satisfied")}</label>
              </div>
              <div class="check">
                <input id="satisfied-no" type="radio" name="satisfied" value="false" />
                <label for="satisfied-no">{t(c, "petition.notSatisfied")}</label>
              </div>
              <div>
                <label for="comment">{t(c, "petition.comment")}</label>
                <textarea id="comment" name="comment" rows={3} maxlength={2000} />
              </div>
            </fieldset>
            <button type="submit">{t(c, "petition.sendFeedback")}</button>
          </form>
        ) : null}
      </Layout>,
    );
  })
  .post("/track/:trackingCode/feedback", async (c) => {
    const code = v.safeParse(trackingCodeParamSchema, { trackingCode: c.req.param("trackingCode") });
    const form = await c.req.parseBody();
    const parsed = v.safeParse(feedbackSchema, {
      satisfied: form.satisfied === "true",
      comment: typeof form.comment === "string" && form.comment.trim() ? form.comment : undefined,
    });
    if (!code.success) return c.html(<TrackPage c={c} error={t(c, "petition.notFound")} />, 404);
    if (!parsed.success) return c.html(<TrackPage c={c} code={code.output.trackingCode} error={issuesToErrors(parsed.issues)[0].message} />, 400);
    try {
      await giveFeedback(c.env, code.output.trackingCode, parsed.output.satisfied, parsed.output.comment);
      return c.redirect(`/track/${code.output.trackingCode}?thanks=1`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      return c.html(<TrackPage c={c} code={code.output.trackingCode} error={error.body.detail} />, error.status);
    }
  });
