/**
 * The minutes form, usable during the session on a phone or a laptop, without JavaScript: attendance, summary, and
 * one block per opinion (who asked, the question, the answer, and — when not answered on the spot — the petition or
 * the commitment it becomes). Saving often is harmless: items keep their ids, follow-ups are made once.
 */
import { type Context, Hono } from "hono";
import type { UnitOfficialRow } from "../accounts/store";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import type { FieldError } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { sessionIdParamSchema } from "../sessions/schema";
import type { VillageRow } from "../villages/store";
import { ErrorSummary, Field, type FormValues, fieldId, type PostedForm, readForm, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import type { ItemRow } from "./minutes-store";
import { saveMinutes } from "./minutes-workflow";
import { minutesFormData } from "./queries";
import { FOLLOW_UP_PETITION_KINDS, minutesSchema } from "./schema";

type C = Context<AppEnv>;
const idOf = (c: C) => parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
const ROW_FIELDS = [
  "id",
  "question",
  "askerName",
  "villageId",
  "answer",
  "answeredOnSpot",
  "followUp",
  "petitionKind",
  "petitionCategory",
  "ownerId",
  "ownerName",
  "dueDate",
  "description",
] as const;
type RowField = (typeof ROW_FIELDS)[number];
type Row = Partial<Record<RowField, string>>;
/** Fields whose being filled makes a row an opinion (the radios alone do not). */
const CONTENT_FIELDS: RowField[] = ["id", "question", "askerName", "answer", "description", "ownerName"];

/** The opinion rows a form sent, blank ones left out, renumbered: the page draws them back in this order. */
function rowsOf(values: FormValues): Row[] {
  const count = Math.min(Number(values.rows ?? 0) || 0, 200);
  const rows: Row[] = [];
  for (let index = 0; index < count; index++) {
    const row: Row = {};
    for (const field of ROW_FIELDS) {
      const value = values[`items.${index}.${field}`]?.trim();
      if (value) row[field] = value;
    }
    if (CONTENT_FIELDS.some((field) => row[field])) rows.push(row);
  }
  return rows;
}

/** The form's values with the rows renumbered (what the page draws after a failure). */
function compacted(values: FormValues, extraRows = 0): FormValues {
  const rows = rowsOf(values);
  const out: FormValues = Object.fromEntries(Object.entries(values).filter(([name]) => !name.startsWith("items.")));
  rows.forEach((row, index) => {
    for (const [field, value] of Object.entries(row)) out[`items.${index}.${field}`] = value;
  });
  out.rows = String(rows.length + extraRows);
  return out;
}

const numberOrText = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : value);

/** The form's fields as the API's minutes schema takes them. */
function minutesInput(form: PostedForm) {
  return {
    version: numberOrText(form.text("version")),
    attendance: numberOrText(form.text("attendance")),
    summary: form.raw("summary"),
    secretary: form.text("secretary"),
    frontRepresentative: form.text("frontRepresentative"),
    items: rowsOf(form.values()).map((row) => {
      const answeredOnSpot = row.answeredOnSpot === "yes";
      const followUp = answeredOnSpot ? undefined : row.followUp;
      return {
        ...(row.id ? { id: row.id } : {}),
        question: row.question ?? "",
        askedBy: row.askerName || row.villageId ? { name: row.askerName, villageId: row.villageId } : undefined,
        answer: row.answer,
        answeredOnSpot,
        followUp,
        petition: followUp === "petition" ? { kind: row.petitionKind, category: row.petitionCategory } : undefined,
        commitment:
          followUp === "commitment"
            ? {
                owner: row.ownerId ? { accountId: row.ownerId } : row.ownerName ? { name: row.ownerName } : {},
                dueDate: row.dueDate,
                description: row.description,
              }
            : undefined,
      };
    }),
  };
}

/** The saved minutes as the form's values, with `extra` blank rows after them. */
function valuesOfMinutes(data: Awaited<ReturnType<typeof minutesFormData>>, extra: number): FormValues {
  const values: FormValues = {
    version: data.minutes.version ? String(data.minutes.version) : "",
    attendance: String(data.minutes.version ? data.minutes.attendance : data.attendance.total),
    summary: data.minutes.summary,
    secretary: data.minutes.secretary ?? "",
    frontRepresentative: data.minutes.frontRepresentative ?? "",
    rows: String(data.items.length + extra),
  };
  data.items.forEach((item, index) => {
    const set = (field: RowField, value: string | null | undefined) => {
      if (value) values[`items.${index}.${field}`] = value;
    };
    set("id", item.id);
    set("question", item.question);
    set("askerName", item.asked_by_name);
    set("villageId", item.asked_by_village_id);
    set("answer", item.answer);
    set("answeredOnSpot", item.answered_on_spot ? "yes" : "no");
    set("followUp", item.follow_up);
    set("petitionKind", item.petition_kind);
    set("petitionCategory", item.petition_category);
    set("ownerId", item.owner_account_id);
    set("ownerName", item.owner_account_id ? null : item.owner_name);
    set("dueDate", item.commitment_due_on);
    set("description", item.commitment_description);
  });
  return values;
}

type RowProps = {
  c: C;
  index: number;
  values: FormValues;
  errors?: FieldError[];
  kept?: ItemRow;
  villages: VillageRow[];
  officials: UnitOfficialRow[];
  categories: { code: string; name: string }[];
};

/** One opinion: its fields named `items.N.*`, errors beside them. */
function OpinionRow(props: RowProps) {
  const { c, index, values, errors, kept } = props;
  const name = (field: RowField) => `items.${index}.${field}`;
  const value = (field: RowField) => values[name(field)] ?? "";
  const path = (rest: string) => `items.${index}.${rest}`;
  const errorOf = (rest: string) => errors?.find((error) => error.path === path(rest));
  const radio = (field: RowField, option: string, label: string, disabled = false) => (
    <div class="check">
      <input id={`${fieldId(name(field))}-${option}`} type="radio" name={name(field)} value={option} checked={value(field) === option} disabled={disabled} />
      <label for={`${fieldId(name(field))}-${option}`}>{label}</label>
    </div>
  );
  const followUpError = errorOf("followUp") ?? errorOf("petition") ?? errorOf("commitment");
  const fixed = kept?.follow_up ?? null;
  return (
    <fieldset class="opinion-row">
      <legend>{t(c, "minutes.item", { number: index + 1 })}</legend>
      {value("id") ? <input type="hidden" name={name("id")} value={value("id")} /> : null}
      <Field c={c} path={path("question")} label={t(c, "minutes.question")} errors={errors}>
        {(field) => (
          <textarea {...field} name={name("question")} rows={2} maxlength={2000} required>
            {value("question")}
          </textarea>
        )}
      </Field>
      <Field c={c} path={path("askedBy.name")} label={t(c, "minutes.askerName")} hint={t(c, "minutes.askerNameHint")} errors={errors} optional>
        {(field) => <input {...field} name={name("askerName")} maxlength={120} autocomplete="off" value={value("askerName")} />}
      </Field>
      {props.villages.length ? (
        <Field c={c} path={path("askedBy.villageId")} label={t(c, "minutes.askerVillage")} errors={errors} optional>
          {(field) => (
            <select {...field} name={name("villageId")}>
              <option value="">{t(c, "minutes.noVillage")}</option>
              {props.villages.map((village) => (
                <option value={village.id} selected={value("villageId") === village.id}>
                  {village.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field c={c} path={path("answer")} label={t(c, "minutes.answer")} hint={t(c, "minutes.answerHint")} errors={errors} optional>
        {(field) => (
          <textarea {...field} name={name("answer")} rows={2} maxlength={10000}>
            {value("answer")}
          </textarea>
        )}
      </Field>
      <fieldset>
        <legend>{t(c, "minutes.answeredOnSpot")}</legend>
        {fixed ? <input type="hidden" name={name("answeredOnSpot")} value="no" /> : null}
        {radio("answeredOnSpot", "yes", t(c, "minutes.yes"), fixed !== null)}
        {radio("answeredOnSpot", "no", t(c, "minutes.no"), fixed !== null)}
      </fieldset>
      <fieldset id={fieldId(path("followUp"))}>
        <legend>{t(c, "minutes.followUp")}</legend>
        {followUpError ? <p class="field-error">{t(c, followUpError.code, followUpError.params)}</p> : null}
        {fixed ? (
          <>
            <input type="hidden" name={name("followUp")} value={fixed} />
            <p>
              {t(c, "minutes.kept", { followUp: t(c, `followUp.${fixed}`) })}
              {kept?.tracking_code ? ` ${t(c, "minutes.trackingCode", { code: kept.tracking_code })}` : ""}
            </p>
          </>
        ) : (
          <>
            {radio("followUp", "petition", t(c, "followUp.petition"))}
            {radio("followUp", "commitment", t(c, "followUp.commitment"))}
          </>
        )}
      </fieldset>
      {fixed === "petition" ? (
        <>
          <input type="hidden" name={name("petitionKind")} value={value("petitionKind")} />
          <input type="hidden" name={name("petitionCategory")} value={value("petitionCategory")} />
        </>
      ) : fixed === null ? (
        <div class="row">
          <Field c={c} path={path("petition.kind")} label={t(c, "minutes.petitionKind")} errors={errors}>
            {(field) => (
              <select {...field} name={name("petitionKind")} required>
                {FOLLOW_UP_PETITION_KINDS.map((kind) => (
                  <option value={kind} selected={value("petitionKind") === kind}>
                    {t(c, `kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field c={c} path={path("petition.category")} label={t(c, "minutes.petitionCategory")} errors={errors}>
            {(field) => (
              <select {...field} name={name("petitionCategory")} required>
                {props.categories.map((category) => (
                  <option value={category.code} selected={value("petitionCategory") === category.code}>
                    {category.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      ) : null}
      {fixed !== "petition" ? (
        <>
          <div class="row">
            <Field c={c} path={path("commitment.owner.accountId")} label={t(c, "minutes.owner")} errors={errors} optional>
              {(field) => (
                <select {...field} name={name("ownerId")}>
                  <option value="">{t(c, "minutes.noOwner")}</option>
                  {props.officials.map((official) => (
                    <option value={official.id} selected={value("ownerId") === official.id}>
                      {official.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field c={c} path={path("commitment.owner.name")} label={t(c, "minutes.ownerBody")} errors={errors} optional>
              {(field) => <input {...field} name={name("ownerName")} maxlength={200} value={value("ownerName")} />}
            </Field>
            <Field c={c} path={path("commitment.dueDate")} label={t(c, "minutes.dueDate")} errors={errors}>
              {(field) => <input {...field} name={name("dueDate")} type="date" required value={value("dueDate")} />}
            </Field>
          </div>
          {errorOf("commitment.owner") ? <p class="field-error">{t(c, "commitment.owner_one_of")}</p> : null}
          <Field c={c} path={path("commitment.description")} label={t(c, "minutes.description")} errors={errors}>
            {(field) => (
              <textarea {...field} name={name("description")} rows={2} maxlength={2000} required>
                {value("description")}
              </textarea>
            )}
          </Field>
        </>
      ) : null}
    </fieldset>
  );
}

async function MinutesPage(props: { c: C; values?: FormValues; errors?: FieldError[]; extraRows?: number }) {
  const { c, errors } = props;
  const id = idOf(c);
  const data = await minutesFormData(c.env.DB, currentUser(c), id, c.get("requestId"));
  const values = props.values ? compacted(props.values, props.extraRows ?? 0) : valuesOfMinutes(data, 3);
  const rows = Number(values.rows ?? 0);
  const kept = new Map(data.items.map((item) => [item.id, item]));
  return (
    <Layout c={c} title={t(c, "minutes.title", { title: data.session.title })}>
      <Notice text={c.req.query("saved") ? t(c, "minutes.saved") : null} />
      <p class="hint">{t(c, "minutes.intro")}</p>
      <ul class="links">
        <li>
          <a href={`/staff/sessions/${id}`}>{t(c, "sessions.backToSession")}</a>
        </li>
        <li>
          <a href={`/staff/sessions/${id}/record`}>{t(c, "minutes.printRecord")}</a>
        </li>
      </ul>
      <ErrorSummary c={c} errors={errors} />
      <form method="post" action={`/staff/sessions/${id}/minutes`} class="stack" novalidate>
        <input type="hidden" name="version" value={values.version ?? ""} />
        <input type="hidden" name="rows" value={String(rows)} />
        <Field
          c={c}
          path="attendance"
          label={t(c, "minutes.attendance")}
          hint={t(c, "minutes.attendanceHint", { count: data.attendance.total })}
          errors={errors}
        >
          {(field) => <input {...field} name="attendance" type="number" inputmode="numeric" min={0} required value={values.attendance ?? ""} />}
        </Field>
        <Field c={c} path="summary" label={t(c, "minutes.summary")} errors={errors}>
          {(field) => (
            <textarea {...field} name="summary" rows={4} maxlength={20000} required>
              {values.summary ?? ""}
            </textarea>
          )}
        </Field>
        <Field c={c} path="secretary" label={t(c, "minutes.secretary")} errors={errors} optional>
          {(field) => <input {...field} name="secretary" maxlength={120} value={values.secretary ?? ""} />}
        </Field>
        <Field c={c} path="frontRepresentative" label={t(c, "minutes.frontRepresentative")} errors={errors} optional>
          {(field) => <input {...field} name="frontRepresentative" maxlength={120} value={values.frontRepresentative ?? ""} />}
        </Field>
        <h2 id="items" tabindex={-1}>
          {t(c, "minutes.items")}
        </h2>
        {Array.from({ length: rows }, (_, index) => (
          <OpinionRow
            c={c}
            index={index}
            values={values}
            errors={errors}
            kept={kept.get(values[`items.${index}.id`] ?? "")}
            villages={data.villages}
            officials={data.officials}
            categories={data.categories}
          />
        ))}
        <button type="submit" name="intent" value="save">
          {t(c, "minutes.save")}
        </button>
        <button type="submit" name="intent" value="more" class="secondary" formnovalidate>
          {t(c, "minutes.moreRows")}
        </button>
      </form>
    </Layout>
  );
}

/** `/staff/sessions/:id/minutes`: the unit's head and staff. */
export const minutesPages = new Hono<AppEnv>()
  .use("/:id/minutes", pageAccess("commune_head", "commune_staff"))
  .get("/:id/minutes", async (c) => c.html(await MinutesPage({ c })))
  .post(
    "/:id/minutes",
    async function moreRows(c, next) {
      const form = await readForm(c);
      if (form.text("intent") !== "more") return next();
      return c.html(await MinutesPage({ c, values: form.values(), extraRows: 3 }));
    },
    validateForm(minutesSchema, minutesInput, (c, failure) => MinutesPage({ c, values: failure.values, errors: failure.errors })),
    async (c) => {
      const id = idOf(c);
      await saveMinutes(c.env.DB, currentUser(c), id, c.req.valid("form"));
      return c.redirect(`/staff/sessions/${id}/minutes?saved=1`, 303);
    },
  );
