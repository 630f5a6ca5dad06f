import type { Context } from "hono";
import { categoryName } from "../categories/rules";
import type { Category } from "../categories/schema";
import type { AppEnv } from "../env";
import { type Calendar, deadlineStatus } from "../holidays/rules";
import { formatDay, formatInstant, localDay } from "../lib/dates";
import type { FieldError, MessageCode } from "../lib/problem";
import { Deadline } from "../web/deadline";
import { errorText, Field, FieldMessage, type FormValues, fieldId, type PostedForm } from "../web/form";
import { t } from "../web/i18n";
import { type UnitOption, UnitPicker } from "../web/unit-picker";
import { HANDLING, INTAKE } from "./rules";
import { PETITION_KINDS, type PetitionStatus, type PublicPetition } from "./schema";
import { formatTrackingCode } from "./store";

type C = Context<AppEnv>;

/** Status as a badge: green when done, amber while the resident asked again, plain otherwise. */
export function StatusBadge(props: { c: C; status: PetitionStatus }) {
  const tone = props.status === "resolved" || props.status === "answered" ? "ok" : props.status === "reopened" ? "warn" : "";
  return <span class={`badge ${tone}`}>{t(props.c, `status.${props.status}`)}</span>;
}

/** A running deadline at a glance: its day and "còn 3 ngày làm việc" / "quá hạn 2 ngày"; words when none runs. */
export function DueDeadline(props: { c: C; dueOn: string | null; calendar: Calendar; today?: string }) {
  const { c } = props;
  if (!props.dueOn) return <span class="hint">{t(c, "petition.noDeadline")}</span>;
  return <Deadline c={c} dueDay={props.dueOn} status={deadlineStatus(props.today ?? localDay(), props.dueOn, props.calendar)} />;
}

/** The category's name in the page's language (the code when it is not among `categories`). */
export function categoryLabel(c: C, categories: readonly Category[], code: string): string {
  const category = categories.find((candidate) => candidate.code === code);
  return category ? categoryName(category, c.get("locale")) : code;
}

/** The inputs' ids where they differ from the error paths (the summary links to them), and the fields in page order. */
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
export const PETITION_FIELD_ORDER = [
  "unitCode",
  "category",
  "kind",
  "title",
  "content",
  "photos",
  "photos.0",
  "photos.1",
  "photos.2",
  "channel",
  "peopleCount",
  "previouslyHandledBy",
  "submitter.name",
  "submitter.phone",
  "submitter.email",
  "submitter.address",
  "submitter.citizenId",
  "anonymous",
  "consent",
] as const;

/** A checkbox with its label after it (and its error next to it), wired like the kit's fields. */
export function Check(props: { c: C; path: string; id?: string; label: string; checked: boolean; errors?: FieldError[]; hint?: string; required?: boolean }) {
  const id = props.id ?? fieldId(props.path);
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
      <FieldMessage c={props.c} id={`${id}-error`} message={message} />
    </div>
  );
}

/** Where the residents' form finds communes: picked by name, never typed (the commune picker of `web/unit-picker`). */
export type CommuneChoices = { options: UnitOption[]; more: boolean; search?: string; source: string };

/**
 * The fields of a petition, shared by the residents' form (with the commune picker) and the staff's walk-in form
 * (the official's own commune, and the reception book's fields). Every field says whether it is required.
 */
export function PetitionFields(props: {
  c: C;
  values: FormValues;
  errors?: FieldError[];
  communes: CommuneChoices | null;
  categories: Category[];
  staff?: boolean;
}) {
  const { c, values, errors } = props;
  // Each photo's error shows beside the one file input.
  const photoErrors = errors?.filter((error) => error.path.startsWith("photos")).map((error) => ({ ...error, path: "photos" }));
  return (
    <>
      {props.communes ? (
        <UnitPicker
          c={c}
          name="unitCode"
          searchName="unitq"
          label={t(c, "petition.unit")}
          hint={t(c, "petition.unitHint")}
          emptyChoice={t(c, "petition.chooseUnit")}
          source={props.communes.source}
          options={props.communes.options}
          more={props.communes.more}
          search={props.communes.search}
          selected={values.unitCode}
          errors={errors}
          findButton
        />
      ) : null}
      <Field c={c} path="category" label={t(c, "petition.category")} errors={errors} required>
        {(field) => (
          <select {...field} name="category">
            <option value="">{t(c, "petition.chooseCategory")}</option>
            {props.categories.map((category) => (
              <option value={category.code} selected={values.category === category.code}>
                {categoryName(category, c.get("locale"))}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field c={c} path="kind" label={t(c, "petition.kind")} errors={errors} hint={t(c, "petition.kindHelp")} required>
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
      <Field c={c} path="title" label={t(c, "petition.title")} hint={t(c, "petition.titleHint")} errors={errors} required>
        {(field) => <input {...field} name="title" maxlength={200} value={values.title ?? ""} />}
      </Field>
      <Field c={c} path="content" label={t(c, "petition.content")} hint={t(c, "petition.contentHint")} errors={errors} required>
        {(field) => (
          <textarea {...field} name="content" maxlength={10000} rows={6}>
            {values.content ?? ""}
          </textarea>
        )}
      </Field>
      <Field c={c} path="photos" label={t(c, "petition.photos")} hint={t(c, "petition.photosHint")} errors={photoErrors} optional>
        {(field) => <input {...field} name="photos" type="file" accept="image/*" multiple />}
      </Field>
      {props.staff ? (
        <>
          <Field c={c} path="channel" label={t(c, "petition.channel")} errors={errors} required>
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
          <Field c={c} path="peopleCount" label={t(c, "petition.peopleCount")} hint={t(c, "petition.peopleCountHint")} errors={errors} required>
            {(field) => <input {...field} name="peopleCount" type="number" inputmode="numeric" min={1} max={10000} value={values.peopleCount ?? "1"} />}
          </Field>
          <Field c={c} path="previouslyHandledBy" label={t(c, "petition.previouslyHandledBy")} errors={errors} optional>
            {(field) => <input {...field} name="previouslyHandledBy" maxlength={300} value={values.previouslyHandledBy ?? ""} />}
          </Field>
        </>
      ) : null}
      <fieldset>
        <legend>{t(c, "petition.yourDetails")}</legend>
        <Field c={c} path="submitter.name" id="name" label={t(c, "petition.name")} errors={errors} required>
          {(field) => <input {...field} name="name" autocomplete="name" maxlength={120} value={values.name ?? ""} />}
        </Field>
        <Field
          c={c}
          path="submitter.phone"
          id="phone"
          label={t(c, "petition.phone")}
          errors={errors}
          hint={props.staff ? undefined : t(c, "petition.phoneHint")}
          {...(props.staff ? { optional: true } : { required: true })}
        >
          {(field) => <input {...field} name="phone" type="tel" autocomplete="tel" inputmode="tel" value={values.phone ?? ""} />}
        </Field>
        <Field c={c} path="submitter.email" id="email" label={t(c, "petition.email")} errors={errors} optional>
          {(field) => <input {...field} name="email" type="email" autocomplete="email" value={values.email ?? ""} />}
        </Field>
        <Field c={c} path="submitter.address" id="address" label={t(c, "petition.address")} errors={errors} optional>
          {(field) => <input {...field} name="address" autocomplete="street-address" maxlength={300} value={values.address ?? ""} />}
        </Field>
        <Field c={c} path="submitter.citizenId" id="citizenId" label={t(c, "petition.citizenId")} errors={errors} optional>
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

/** What each step of the history was, in words; the steps of API.md, the resident's and the system's. */
const HISTORY_WORDS: Record<string, MessageCode> = {
  submit: "history.submit",
  classify: "history.classify",
  accept: "history.accept",
  return: "history.return",
  transfer: "history.transfer",
  file: "history.file",
  mark_duplicate: "history.mark_duplicate",
  assign: "history.assign",
  note: "history.note",
  start: "history.start",
  draft_answer: "history.draft_answer",
  answer: "history.answer",
  extend: "history.extend",
  resolve: "history.resolve",
  split: "history.split",
  split_part: "history.split_part",
  escalate: "history.escalate",
  confirm: "history.confirm",
  reopen: "history.reopen",
  overdue: "history.overdue",
  deadline_recomputed: "history.deadline_recomputed",
};

/** A step of the history in words (a step this page does not know reads "Cập nhật đơn", never its code). */
export const historyWords = (c: C, action: string | undefined): string =>
  t(c, action && Object.hasOwn(HISTORY_WORDS, action) ? HISTORY_WORDS[action] : "history.other");

/** Codes a classification's history note is made of, in words. */
const CLASSIFICATION_WORDS: Record<string, MessageCode> = {
  complaint: "kind.complaint",
  denunciation: "kind.denunciation",
  recommendation: "kind.recommendation",
  feedback: "kind.feedback",
  normal: "complexity.normal",
  complex: "complexity.complex",
  especially_complex: "complexity.especially_complex",
  remote_area: "petition.remoteArea",
  needs_verification: "petition.needsVerification",
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A history note in words. The notes officials and residents wrote show as written; those the system composes
 * (a classification's codes, an assignee's name, an extension's days, a recomputed or missed deadline, the letter a
 * part was split from) are put into the page's language.
 */
export function historyNote(c: C, action: string | undefined, note: string | null | undefined): string | null {
  if (!note || action === "overdue") return null;
  switch (action) {
    case "classify":
      return note
        .split(" · ")
        .map((token) => (Object.hasOwn(CLASSIFICATION_WORDS, token) ? t(c, CLASSIFICATION_WORDS[token]) : ISO_DAY.test(token) ? formatDay(token) : token))
        .join(" · ");
    case "assign":
      return t(c, "history.assignedTo", { name: note });
    case "extend": {
      const extension = note.match(/^\+(\d+) · ([\s\S]*)$/);
      return extension ? t(c, "history.extendNote", { days: extension[1], reason: extension[2] }) : note;
    }
    case "split_part":
      return t(c, "history.splitFrom", { code: formatTrackingCode(note) });
    case "deadline_recomputed": {
      const moved = note.match(/^(\d{4}-\d{2}-\d{2}) → (\d{4}-\d{2}-\d{2})$/);
      return moved ? t(c, "history.movedDeadline", { from: formatDay(moved[1]), to: formatDay(moved[2]) }) : null;
    }
    default:
      return note;
  }
}

/** The deadline that runs in a state: acceptance while new or transferred, resolution while being dealt with. */
export function runningDeadline(status: PetitionStatus, acknowledgeBy: string | null | undefined, resolveBy: string | null | undefined) {
  if (INTAKE.includes(status)) return acknowledgeBy ? { label: "petition.acknowledgeBy" as const, due: acknowledgeBy } : null;
  if (HANDLING.includes(status)) return resolveBy ? { label: "petition.resolveBy" as const, due: resolveBy } : null;
  return null;
}

/** The public view: status, the deadline at a glance, the answer or guidance and the public history. */
export function PublicPetitionView(props: { c: C; view: PublicPetition; calendar: Calendar }) {
  const { c, view } = props;
  const running = runningDeadline(view.status, view.acknowledgeBy, view.resolveBy);
  return (
    <>
      <dl class="facts">
        <dt>{t(c, "petition.trackingCode")}</dt>
        <dd class="code">{formatTrackingCode(view.trackingCode)}</dd>
        <dt>{t(c, "petition.title")}</dt>
        <dd>{view.title}</dd>
        <dt>{t(c, "petition.status")}</dt>
        <dd>
          <StatusBadge c={c} status={view.status} />
        </dd>
        {running ? (
          <>
            <dt>{t(c, running.label)}</dt>
            <dd>
              <DueDeadline c={c} dueOn={running.due} calendar={props.calendar} />
            </dd>
          </>
        ) : null}
        <dt>{t(c, "petition.unit")}</dt>
        <dd>{view.unitName}</dd>
        <dt>{t(c, "petition.submittedAt")}</dt>
        <dd>{formatInstant(view.submittedAt)}</dd>
      </dl>
      {view.publicAnswer ? (
        <section aria-labelledby="answer-title">
          <h2 id="answer-title">{t(c, "petition.answer")}</h2>
          <p class="answer">{view.publicAnswer}</p>
        </section>
      ) : null}
      {view.publicNote ? (
        <section aria-labelledby="note-title">
          <h2 id="note-title">{t(c, "petition.publicNote")}</h2>
          <p class="answer">{view.publicNote}</p>
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
          // A snapshot from before steps were named carries only the state it led to.
          const action = entry.action ?? (entry.overdue ? "overdue" : undefined);
          const note = historyNote(c, action, entry.note);
          return (
            <li>
              <time datetime={entry.at}>{formatInstant(entry.at)}</time> — {action ? historyWords(c, action) : t(c, `status.${entry.status}`)}
              {note ? <span class="hint"> · {note}</span> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
