import type { Context } from "hono";
import type { AppEnv } from "../env";
import { formatDay, formatInstant } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { errorText, Field, type FormValues, fieldId, type PostedForm } from "../web/form";
import { t } from "../web/i18n";
import { NO_DEADLINE } from "./rules";
import { PETITION_KINDS, type PetitionStatus, type PublicPetition } from "./schema";
import { formatTrackingCode } from "./store";

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

/** The inputs' ids where they differ from the error paths (the summary links to them). */
export const PETITION_FIELD_IDS: Record<string, string> = {
  "submitter.name": "name",
  "submitter.phone": "phone",
  "submitter.email": "email",
  "submitter.address": "address",
  "submitter.citizenId": "citizenId",
  "photos.0": "photos",
  "photos.1": "photos",
  "photos.2": "photos",
};

/** A checkbox with its label after it (and its error next to it), wired like the kit's fields. */
function Check(props: { c: C; path: string; label: string; checked: boolean; errors?: FieldError[]; hint?: string; required?: boolean }) {
  const id = fieldId(props.path);
  const message = errorText(props.c, props.errors, props.path);
  const describedBy = [props.hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div class={message ? "check has-error" : "check"}>
      <input
        id={id}
        name={props.path}
        type="checkbox"
        checked={props.checked}
        required={props.required}
        {...(message ? { "aria-invalid": "true" } : {})}
        {...(describedBy ? { "aria-describedby": describedBy } : {})}
      />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {message ? (
        <p class="field-error" id={`${id}-error`}>
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
  // Each photo's error shows beside the one file input.
  const photoErrors = errors?.filter((error) => error.path.startsWith("photos")).map((error) => ({ ...error, path: "photos" }));
  return (
    <>
      {props.communes ? (
        <Field c={c} path="unitCode" label={t(c, "petition.unit")} errors={errors}>
          {(field) => (
            <select {...field} name="unitCode" required>
              <option value="">—</option>
              {props.communes?.map((unit) => (
                <option value={unit.code} selected={values.unitCode === unit.code}>
                  {unit.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field c={c} path="category" label={t(c, "petition.category")} errors={errors}>
        {(field) => (
          <select {...field} name="category" required>
            {props.categories.map((category) => (
              <option value={category.code} selected={values.category === category.code}>
                {category.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field c={c} path="kind" label={t(c, "petition.kind")} errors={errors} hint={t(c, "petition.kindHelp")}>
        {(field) => (
          <select {...field} name="kind">
            {PETITION_KINDS.map((kind) => (
              <option value={kind} selected={(values.kind ?? "recommendation") === kind}>
                {t(c, `kind.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field c={c} path="title" label={t(c, "petition.title")} errors={errors}>
        {(field) => <input {...field} name="title" required minlength={5} maxlength={200} value={values.title ?? ""} />}
      </Field>
      <Field c={c} path="content" label={t(c, "petition.content")} errors={errors}>
        {(field) => (
          <textarea {...field} name="content" required minlength={10} maxlength={10000} rows={6}>
            {values.content ?? ""}
          </textarea>
        )}
      </Field>
      <Field c={c} path="photos" label={t(c, "petition.photos")} errors={photoErrors}>
        {(field) => <input {...field} name="photos" type="file" accept="image/*" multiple />}
      </Field>
      {props.staff ? (
        <>
          <Field c={c} path="channel" label={t(c, "petition.channel")} errors={errors}>
            {(field) => (
              <select {...field} name="channel">
                {(["walk_in", "letter"] as const).map((channel) => (
                  <option value={channel} selected={values.channel === channel}>
                    {t(c, `channel.${channel}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field c={c} path="peopleCount" label={t(c, "petition.peopleCount")} errors={errors}>
            {(field) => <input {...field} name="peopleCount" type="number" min={1} max={10000} value={values.peopleCount ?? "1"} />}
          </Field>
          <Field c={c} path="previouslyHandledBy" label={t(c, "petition.previouslyHandledBy")} errors={errors}>
            {(field) => <input {...field} name="previouslyHandledBy" maxlength={300} value={values.previouslyHandledBy ?? ""} />}
          </Field>
        </>
      ) : null}
      <fieldset>
        <legend>{t(c, "petition.yourDetails")}</legend>
        <Field c={c} path="submitter.name" id="name" label={t(c, "petition.name")} errors={errors}>
          {(field) => <input {...field} name="name" autocomplete="name" maxlength={120} value={values.name ?? ""} />}
        </Field>
        <Field c={c} path="submitter.phone" id="phone" label={t(c, "petition.phone")} errors={errors} hint={t(c, "petition.contactHelp")}>
          {(field) => <input {...field} name="phone" type="tel" autocomplete="tel" inputmode="tel" value={values.phone ?? ""} />}
        </Field>
        <Field c={c} path="submitter.email" id="email" label={t(c, "petition.email")} errors={errors}>
          {(field) => <input {...field} name="email" type="email" autocomplete="email" value={values.email ?? ""} />}
        </Field>
        <Field c={c} path="submitter.address" id="address" label={t(c, "petition.address")} errors={errors}>
          {(field) => <input {...field} name="address" autocomplete="street-address" maxlength={300} value={values.address ?? ""} />}
        </Field>
        <Field c={c} path="submitter.citizenId" id="citizenId" label={t(c, "petition.citizenId")} errors={errors}>
          {(field) => <input {...field} name="citizenId" inputmode="numeric" maxlength={15} value={values.citizenId ?? ""} />}
        </Field>
        {props.staff ? null : (
          <Check
            c={c}
            path="anonymous"
            label={t(c, "petition.anonymous")}
            hint={t(c, "petition.anonymousHelp")}
            checked={values.anonymous === "on"}
            errors={errors}
          />
        )}
      </fieldset>
      <Check
        c={c}
        path="consent"
        label={props.staff ? t(c, "petition.walkInConsent") : t(c, "petition.consent")}
        checked={values.consent === "on"}
        errors={errors}
        required
      />
    </>
  );
}

/** Form fields → the submission the API schema validates (blank optional fields become absent). */
export function submissionFromForm(form: PostedForm, unitCode: string | undefined) {
  const peopleCount = form.text("peopleCount");
  return {
    unitCode: unitCode ?? form.text("unitCode") ?? "",
    category: form.text("category") ?? "",
    kind: form.text("kind"),
    title: form.text("title") ?? "",
    content: form.text("content") ?? "",
    submitter: {
      name: form.text("name"),
      phone: form.text("phone"),
      email: form.text("email"),
      address: form.text("address"),
      citizenId: form.text("citizenId"),
    },
    anonymous: form.checked("anonymous"),
    consent: form.checked("consent"),
    channel: form.text("channel") ?? "online",
    peopleCount: peopleCount === undefined ? undefined : Number(peopleCount),
    previouslyHandledBy: form.text("previouslyHandledBy"),
  };
}

/** The public view: status, dates, answer and public history — what the tracking page shows. */
export function PublicPetitionView(props: { c: C; view: PublicPetition }) {
  const { c, view } = props;
  return (
    <>
      <dl class="facts">
        <dt>{t(c, "petition.trackingCode")}</dt>
        <dd class="code">{formatTrackingCode(view.trackingCode)}</dd>
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
      {view.parts?.length ? (
        <section aria-labelledby="parts-title">
          <h2 id="parts-title">{t(c, "petition.partsTitle")}</h2>
          <p>{t(c, "petition.partsHelp")}</p>
          <ul>
            {view.parts.map((part) => (
              <li>
                <a href={`/track/${part.trackingCode}`} class="code">
                  {formatTrackingCode(part.trackingCode)}
                </a>{" "}
                — {t(c, `kind.${part.kind}`)}: {t(c, `status.${part.status}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t(c, "petition.history")}</h2>
      <ol class="history">
        {view.history.map((entry) => {
          const note = entry.overdue ? t(c, "petition.history_overdue") : entry.note;
          return (
            <li>
              <time datetime={entry.at}>{formatInstant(entry.at)}</time> — {t(c, `status.${entry.status}`)}
              {note ? <span class="hint"> · {note}</span> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
