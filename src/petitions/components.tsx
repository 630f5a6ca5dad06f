import type { Context } from "hono";
import type { AppEnv } from "../env";
import { formatDay, formatInstant } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { t } from "../web/i18n";
import { NO_DEADLINE } from "./rules";
import { PETITION_KINDS, type PetitionStatus, type PublicPetition } from "./schema";

type C = Context<AppEnv>;

/** Status as a badge: green when done, amber while open, plain when closed otherwise. */
export function StatusBadge(props: { c: C; status: PetitionStatus }) {
  const tone = props.status === "resolved" || props.status === "answered" ? "ok" : props.status === "reopened" ? "warn" : "";
  return <span class={`badge ${tone}`}>{t(props.c, `status.${props.status}`)}</span>;
}

export function DueBadge(props: { c: C; dueOn: string | null; overdue: boolean; dueSoon: boolean }) {
  if (!props.dueOn || props.dueOn === NO_DEADLINE) return null;
  return (
    <span>
      {formatDay(props.dueOn)}{" "}
      {props.overdue ? (
        <span class="badge bad">{t(props.c, "petition.overdue")}</span>
      ) : props.dueSoon ? (
        <span class="badge warn">{t(props.c, "petition.dueSoon")}</span>
      ) : null}
    </span>
  );
}

export type FormValues = Record<string, string | undefined>;

/** Marks a field invalid and ties it to its message for screen readers. */
function errorFor(errors: FieldError[] | undefined, path: string) {
  return errors?.find((error) => error.path === path)?.message;
}

function Field(props: { id: string; label: string; errors?: FieldError[]; path: string; hint?: string; children: any }) {
  const message = errorFor(props.errors, props.path);
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {message ? (
        <p class="field-error" id={`${props.id}-error`}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** The fields of a petition, shared by the residents' form and the staff's walk-in form. */
export function PetitionFields(props: {
  c: C;
  values: FormValues;
  errors?: FieldError[];
  communes: { code: string; name: string }[] | null;
  categories: { code: string; name: string }[];
  staff?: boolean;
}) {
  const { c, values, errors } = props;
  const aria = (path: string, id: string) => (errorFor(errors, path) ? { "aria-invalid": "true", "aria-describedby": `${id}-error` } : {});
  return (
    <>
      {props.communes ? (
        <Field id="unitCode" label={t(c, "petition.unit")} errors={errors} path="unitCode">
          <select id="unitCode" name="unitCode" required {...aria("unitCode", "unitCode")}>
            <option value="">—</option>
            {props.communes.map((unit) => (
              <option value={unit.code} selected={values.unitCode === unit.code}>
                {unit.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field id="category" label={t(c, "petition.category")} errors={errors} path="category">
        <select id="category" name="category" required {...aria("category", "category")}>
          {props.categories.map((category) => (
            <option value={category.code} selected={values.category === category.code}>
              {category.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="kind" label={t(c, "petition.kind")} errors={errors} path="kind" hint={t(c, "petition.kindHelp")}>
        <select id="kind" name="kind" aria-describedby="kind-hint">
          {PETITION_KINDS.map((kind) => (
            <option value={kind} selected={(values.kind ?? "recommendation") === kind}>
              {t(c, `kind.${kind}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="title" label={t(c, "petition.title")} errors={errors} path="title">
        <input id="title" name="title" required minlength={5} maxlength={200} value={values.title ?? ""} {...aria("title", "title")} />
      </Field>
      <Field id="content" label={t(c, "petition.content")} errors={errors} path="content">
        <textarea id="content" name="content" required minlength={10} maxlength={10000} rows={6} {...aria("content", "content")}>
          {values.content ?? ""}
        </textarea>
      </Field>
      <Field id="photos" label={t(c, "petition.photos")} errors={errors} path="photos">
        <input id="photos" name="photos" type="file" accept="image/*" multiple />
      </Field>
      {["photos.0", "photos.1", "photos.2"].map((path) =>
        errorFor(errors, path) ? (
          <p class="field-error" role="alert">
            {errorFor(errors, path)}
          </p>
        ) : null,
      )}
      {props.staff ? (
        <>
          <Field id="channel" label={t(c, "petition.channel")} errors={errors} path="channel">
            <select id="channel" name="channel">
              {(["walk_in", "letter"] as const).map((channel) => (
                <option value={channel} selected={values.channel === channel}>
                  {t(c, `channel.${channel}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="peopleCount" label={t(c, "petition.peopleCount")} errors={errors} path="peopleCount">
            <input id="peopleCount" name="peopleCount" type="number" min={1} max={10000} value={values.peopleCount ?? "1"} />
          </Field>
          <Field id="previouslyHandledBy" label={t(c, "petition.previouslyHandledBy")} errors={errors} path="previouslyHandledBy">
            <input id="previouslyHandledBy" name="previouslyHandledBy" maxlength={300} value={values.previouslyHandledBy ?? ""} />
          </Field>
        </>
      ) : null}
      <fieldset>
        <legend>{t(c, "petition.yourDetails")}</legend>
        <Field id="name" label={t(c, "petition.name")} errors={errors} path="submitter.name">
          <input id="name" name="name" autocomplete="name" maxlength={120} value={values.name ?? ""} {...aria("submitter.name", "name")} />
        </Field>
        <Field id="phone" label={t(c, "petition.phone")} errors={errors} path="submitter.phone" hint={t(c, "petition.contactHelp")}>
          <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" value={values.phone ?? ""} {...aria("submitter.phone", "phone")} />
        </Field>
        <Field id="email" label={t(c, "petition.email")} errors={errors} path="submitter.email">
          <input id="email" name="email" type="email" autocomplete="email" value={values.email ?? ""} {...aria("submitter.email", "email")} />
        </Field>
        <Field id="address" label={t(c, "petition.address")} errors={errors} path="submitter.address">
          <input id="address" name="address" autocomplete="street-address" maxlength={300} value={values.address ?? ""} />
        </Field>
        <Field id="citizenId" label={t(c, "petition.citizenId")} errors={errors} path="submitter.citizenId">
          <input
            id="citizenId"
            name="citizenId"
            inputmode="numeric"
            maxlength={15}
            value={values.citizenId ?? ""}
            {...aria("submitter.citizenId", "citizenId")}
          />
        </Field>
        {props.staff ? null : (
          <div class="check">
            <input id="anonymous" name="anonymous" type="checkbox" checked={values.anonymous === "on"} aria-describedby="anonymous-hint" />
            <label for="anonymous">{t(c, "petition.anonymous")}</label>
            <p class="hint" id="anonymous-hint">
              {t(c, "petition.anonymousHelp")}
            </p>
            {errorFor(errors, "anonymous") ? <p class="field-error">{errorFor(errors, "anonymous")}</p> : null}
          </div>
        )}
      </fieldset>
      <div class="check">
        <input id="consent" name="consent" type="checkbox" required checked={values.consent === "on"} {...aria("consent", "consent")} />
        <label for="consent">{props.staff ? t(c, "petition.walkInConsent") : t(c, "petition.consent")}</label>
        {errorFor(errors, "consent") ? (
          <p class="field-error" id="consent-error">
            {errorFor(errors, "consent")}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** Form fields → the submission the API schema validates (blank optional fields become absent). */
export function submissionFromForm(form: Record<string, unknown>, unitCode: string | undefined) {
  const text = (name: string) => {
    const value = form[name];
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
  const peopleCount = text("peopleCount");
  return {
    unitCode: unitCode ?? text("unitCode") ?? "",
    category: text("category") ?? "",
    kind: text("kind"),
    title: text("title") ?? "",
    content: text("content") ?? "",
    submitter: { name: text("name"), phone: text("phone"), email: text("email"), address: text("address"), citizenId: text("citizenId") },
    anonymous: form.anonymous === "on",
    consent: form.consent === "on",
    channel: text("channel") ?? "online",
    peopleCount: peopleCount === undefined ? undefined : Number(peopleCount),
    previouslyHandledBy: text("previouslyHandledBy"),
  };
}

/** The public view: status, dates, answer and public history — what the tracking page shows. */
export function PublicPetitionView(props: { c: C; view: PublicPetition }) {
  const { c, view } = props;
  return (
    <>
      <dl class="facts">
        <dt>{t(c, "petition.trackingCode")}</dt>
        <dd class="code">{view.trackingCode.match(/.{1,4}/g)?.join("-")}</dd>
        <dt>{t(c, "petition.status")}</dt>
        <dd>
          <StatusBadge c={c} status={view.status} />
        </dd>
        <dt>{t(c, "petition.title")}</dt>
        <dd>{view.title}</dd>
        <dt>{t(c, "petition.unit")}</dt>
        <dd>{view.unitName}</dd>
        <dt>{t(c, "petition.submittedAt")}</dt>
        <dd>{formatInstant(view.submittedAt)}</dd>
        <dt>{t(c, "petition.acknowledgeBy")}</dt>
        <dd>{formatDay(view.acknowledgeBy)}</dd>
        {view.resolveBy ? (
          <>
            <dt>{t(c, "petition.resolveBy")}</dt>
            <dd>{formatDay(view.resolveBy)}</dd>
          </>
        ) : null}
      </dl>
      {view.publicAnswer ? (
        <section>
          <h2>{t(c, "petition.answer")}</h2>
          <p class="answer">{view.publicAnswer}</p>
        </section>
      ) : null}
      {view.publicNote ? (
        <section>
          <h2>{t(c, "petition.publicNote")}</h2>
          <p>{view.publicNote}</p>
        </section>
      ) : null}
      <h2>{t(c, "petition.history")}</h2>
      <ol class="history">
        {view.history.map((entry) => (
          <li>
            <time datetime={entry.at}>{formatInstant(entry.at)}</time> — {t(c, `status.${entry.status}`)}
            {entry.note ? <span class="hint"> · {entry.note}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
