/**
 * The forms of an official's actions on a petition: each carries the version it was drawn from (a lost update is
 * refused), names its boxes for who reads them ("Ghi chú nội bộ — người dân không thấy", "Trả lời gửi người dân"),
 * and picks people, communes and originals by name — never by typing an id or a code. Actions that cannot be undone
 * (return, transfer, file, duplicate, split, close) sit behind a confirmation step (`ConfirmAction`).
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { AppEnv } from "../env";
import type { FieldError, MessageCode } from "../lib/problem";
import { ConfirmAction } from "../web/confirm";
import { errorText, Field, FieldMessage, type FormFailure, type FormValues } from "../web/form";
import { t } from "../web/i18n";
import { UnitPicker } from "../web/unit-picker";
import { Check } from "./components";
import { CLASSIFIED_KINDS, COMPLEXITIES, type PetitionAction } from "./schema";
import { formatTrackingCode } from "./store";
import type { PetitionDetail } from "./views";
import type { PetitionPage } from "./workflow";

type C = Context<AppEnv>;

/** The actions that cannot be undone: a confirmation step before each. */
export const IRREVERSIBLE: readonly PetitionAction[] = ["return", "transfer", "file", "mark_duplicate", "split", "resolve"];

/** The order of the other actions on the page: everyday ones first, the irreversible ones last. */
export const ACTION_ORDER: readonly PetitionAction[] = [
  "note",
  "classify",
  "accept",
  "assign",
  "start",
  "draft_answer",
  "answer",
  "extend",
  "return",
  "transfer",
  "file",
  "mark_duplicate",
  "split",
  "resolve",
];

/** The longest extension, as the form says it (the time-limit rule in force is checked on sending). */
const MAX_EXTENSION_DAYS = 30;

/** What a form is drawn with: the petition, the page's lists, and the failed post to refill (if it was this action's). */
export type ActionContext = {
  c: C;
  petition: PetitionDetail;
  page: PetitionPage;
  failure?: FormFailure;
  /** The duplicate search and the transfer picker's search, from the address or a search step. */
  search: { duplicate?: string; transfer?: string };
};

/** The id of an action's input: `accept-kind`; the transfer's picker keeps the kit's own (`toUnitCode`). */
export const inputId = (action: string, name: string) => `${action}-${name}`;

/** The ids of an action's inputs by error path, for the error summary's links. */
export function actionFieldIds(action: string | undefined): Record<string, string> {
  if (!action) return {};
  const id = (name: string) => inputId(action, name);
  return {
    kind: id("kind"),
    complexity: id("complexity"),
    guidance: id("guidance"),
    letterNumber: id("letter"),
    reason: id("reason"),
    toBody: id("body"),
    of: id("of"),
    parts: id("part0-title"),
    ...Object.fromEntries(
      CLASSIFIED_KINDS.flatMap((_, index) => ["kind", "title", "content"].map((name) => [`parts.${index}.${name}`, id(`part${index}-${name}`)])),
    ),
    accountId: id("account"),
    text: id("text"),
    days: id("days"),
  };
}

/** The error paths of each action's form, in the order its fields come (the summary lists them so). */
export const ACTION_FIELD_ORDER = [
  "kind",
  "complexity",
  "accountId",
  "of",
  "toUnitCode",
  "toBody",
  "guidance",
  "reason",
  "text",
  "days",
  "letterNumber",
  "parts",
  ...CLASSIFIED_KINDS.flatMap((_, index) => [`parts.${index}.kind`, `parts.${index}.title`, `parts.${index}.content`]),
];

/** The fields of one action's form. */
function ActionFields(props: ActionContext & { action: PetitionAction; values: FormValues; errors?: FieldError[] }): Child {
  const { c, petition, page, action, values, errors } = props;
  const id = (name: string) => inputId(action, name);
  const box = (name: string, label: MessageCode, hint?: string, value = "") => (
    <Field c={c} path={name} id={id(name)} label={t(c, label)} hint={hint} errors={errors} required>
      {(field) => (
        <textarea {...field} name={name} rows={4}>
          {values[name] ?? value}
        </textarea>
      )}
    </Field>
  );
  const letterNumber = (
    <Field c={c} path="letterNumber" id={id("letter")} label={t(c, "petition.letterNumber")} hint={t(c, "petition.letterNumberHint")} errors={errors} optional>
      {(field) => <input {...field} name="letterNumber" maxlength={50} value={values.letterNumber ?? ""} />}
    </Field>
  );
  switch (action) {
    case "classify":
      return (
        <>
          <Field c={c} path="kind" id={id("kind")} label={t(c, "petition.classifyKind")} errors={errors} required>
            {(field) => (
              <select {...field} name="kind">
                <option value="">{t(c, "petition.chooseKind")}</option>
                {CLASSIFIED_KINDS.map((kind) => (
                  <option value={kind} selected={(values.kind ?? petition.kind) === kind}>
                    {t(c, `kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field c={c} path="complexity" id={id("complexity")} label={t(c, "petition.complexity")} errors={errors} required>
            {(field) => (
              <select {...field} name="complexity">
                {COMPLEXITIES.map((complexity) => (
                  <option value={complexity} selected={(values.complexity ?? petition.complexity) === complexity}>
                    {t(c, `complexity.${complexity}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Check
            c={c}
            path="remoteArea"
            id={id("remote")}
            label={t(c, "petition.remoteArea")}
            checked={values.action === action ? values.remoteArea === "on" : petition.remoteArea}
          />
          <Check
            c={c}
            path="needsVerification"
            id={id("verification")}
            label={t(c, "petition.needsVerification")}
            checked={values.action === action ? values.needsVerification === "on" : petition.needsVerification}
          />
        </>
      );
    case "assign": {
      const officials = page.accounts.filter((account) => !account.disabled && (COMMUNE_ROLES as readonly Role[]).includes(account.role));
      return (
        <Field c={c} path="accountId" id={id("account")} label={t(c, "petition.assignTo")} errors={errors} required>
          {(field) => (
            <select {...field} name="accountId">
              <option value="">{t(c, "petition.chooseOfficial")}</option>
              {officials.map((account) => (
                <option value={account.id} selected={(values.accountId ?? petition.assignee?.id) === account.id}>
                  {account.name} ({t(c, `role.${account.role}`)})
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    }
    case "note":
      return box("text", "petition.noteText");
    case "draft_answer":
      return box("text", "petition.draftText", t(c, "petition.draftHint"), petition.draftAnswer ?? "");
    case "answer":
      return box("text", "petition.answerText", t(c, "petition.answerHint"), petition.draftAnswer ?? "");
    case "extend":
      return (
        <>
          <Field
            c={c}
            path="days"
            id={id("days")}
            label={t(c, "petition.extendDays")}
            hint={t(c, "petition.extendDaysHint", { max: MAX_EXTENSION_DAYS })}
            errors={errors}
            required
          >
            {(field) => <input {...field} name="days" type="number" inputmode="numeric" min={1} max={MAX_EXTENSION_DAYS} value={values.days ?? "30"} />}
          </Field>
          {box("reason", "petition.extendReason")}
        </>
      );
    case "return":
      return (
        <>
          {box("guidance", "petition.guidanceText", t(c, "petition.guidanceHint"))}
          {letterNumber}
        </>
      );
    case "transfer":
      return (
        <>
          <UnitPicker
            c={c}
            name="toUnitCode"
            searchName="toq"
            label={t(c, "petition.transferTo")}
            emptyChoice={t(c, "petition.noUnitChosen")}
            source={`/staff/petitions/${petition.id}`}
            options={page.communes.choices}
            more={page.communes.more}
            search={props.search.transfer}
            selected={values.toUnitCode}
            errors={errors}
            optional
            findButton
          />
          <Field c={c} path="toBody" id={id("body")} label={t(c, "petition.toBody")} hint={t(c, "petition.toBodyHint")} errors={errors} optional>
            {(field) => <input {...field} name="toBody" maxlength={200} value={values.toBody ?? ""} />}
          </Field>
          {box("reason", "petition.transferReason")}
          {letterNumber}
        </>
      );
    case "file":
      return box("reason", "petition.fileReason");
    case "mark_duplicate":
      return <DuplicateFields {...props} />;
    case "split":
      return (
        <>
          <p class="hint">{t(c, "petition.splitHelp")}</p>
          {CLASSIFIED_KINDS.map((_, index) => (
            <fieldset>
              <legend>{t(c, "petition.part", { n: index + 1 })}</legend>
              <Field c={c} path={`parts.${index}.kind`} id={id(`part${index}-kind`)} label={t(c, "petition.kind")} errors={errors} required>
                {(field) => (
                  <select {...field} name={`parts.${index}.kind`}>
                    {CLASSIFIED_KINDS.map((kind) => (
                      <option value={kind} selected={(values[`parts.${index}.kind`] ?? CLASSIFIED_KINDS[index]) === kind}>
                        {t(c, `kind.${kind}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field c={c} path={`parts.${index}.title`} id={id(`part${index}-title`)} label={t(c, "petition.title")} errors={errors} optional>
                {(field) => <input {...field} name={`parts.${index}.title`} maxlength={200} value={values[`parts.${index}.title`] ?? ""} />}
              </Field>
              <Field c={c} path={`parts.${index}.content`} id={id(`part${index}-content`)} label={t(c, "petition.content")} errors={errors} optional>
                {(field) => (
                  <textarea {...field} name={`parts.${index}.content`} rows={3}>
                    {values[`parts.${index}.content`] ?? ""}
                  </textarea>
                )}
              </Field>
            </fieldset>
          ))}
        </>
      );
    default:
      return null;
  }
}

/**
 * The original of a duplicate, found by what people know of it — its tracking code or words of its title — and
 * chosen from the matches (never an id typed in). Without JavaScript "Tìm đơn" draws the page again with the matches.
 */
function DuplicateFields(props: ActionContext & { values: FormValues; errors?: FieldError[] }) {
  const { c, page, errors } = props;
  const id = (name: string) => inputId("mark_duplicate", name);
  const search = props.search.duplicate ?? "";
  const candidates = page.candidates;
  const chosen = props.values.of;
  const message = errorText(c, errors, "of");
  return (
    <>
      <div class="row picker-search">
        <div>
          <label for={id("search")}>{t(c, "petition.duplicateSearch")}</label>
          <p class="hint" id={id("search-hint")}>
            {t(c, "petition.duplicateHint")}
          </p>
          <input id={id("search")} name="dupq" type="search" value={search} autocomplete="off" aria-describedby={id("search-hint")} />
        </div>
        <button type="submit" name="find" value="of" class="secondary">
          {t(c, "petition.duplicateFind")}
        </button>
      </div>
      {candidates === null && !message ? null : (
        <fieldset id={id("of")} class={message ? "has-error" : ""} tabindex={-1} aria-describedby={message ? id("of-error") : undefined}>
          <legend>{t(c, "petition.duplicateChoose")}</legend>
          <FieldMessage c={c} id={id("of-error")} message={message} />
          <p role="status">
            {candidates === null
              ? ""
              : candidates.items.length === 0
                ? t(c, "petition.duplicateNone", { search })
                : t(c, "petition.duplicateFound", { count: candidates.items.length })}
          </p>
          {candidates?.items.length ? (
            <ul class="candidates">
              {candidates.items.map((candidate, index) => (
                <li class="check">
                  <input
                    type="radio"
                    name="of"
                    id={id(`of-${index}`)}
                    value={candidate.id}
                    checked={chosen === candidate.id || (candidates.items.length === 1 && !chosen)}
                  />
                  <label for={id(`of-${index}`)}>
                    <span class="code">{formatTrackingCode(candidate.trackingCode)}</span> — {candidate.title} ({t(c, `status.${candidate.status}`)})
                  </label>
                </li>
              ))}
            </ul>
          ) : null}
        </fieldset>
      )}
    </>
  );
}

/** Hidden fields every action's form carries. */
const hidden = (petition: PetitionDetail, action: PetitionAction) => ({ action, version: String(petition.version) });

/**
 * One action's form: `primary` as the page's next step (its button first in weight), otherwise folded into a
 * `<details>` under "Việc khác". Irreversible actions ask their question and need the explicit "Có, …" button.
 * A form that came back with an error, or from a search step, is drawn open with what was typed.
 */
export function ActionForm(props: ActionContext & { action: PetitionAction; primary?: boolean; explanation?: string }) {
  const { c, petition, action } = props;
  const mine = props.failure?.values.action === action ? props.failure : undefined;
  const values: FormValues = mine?.values ?? {};
  const errors = mine?.errors;
  const fields = <ActionFields {...props} values={values} errors={errors} />;
  const target = `/staff/petitions/${petition.id}/actions`;
  const label = t(c, `action.${action}`);
  if (IRREVERSIBLE.includes(action)) {
    return (
      <ConfirmAction
        c={c}
        id={`${action}-step`}
        action={target}
        label={label}
        question={t(c, `confirm.${action as "return"}`)}
        confirmLabel={t(c, `confirm.${action as "return"}.yes`)}
        fields={hidden(petition, action)}
        open={!!mine || (action === "mark_duplicate" && props.search.duplicate !== undefined) || (action === "transfer" && props.search.transfer !== undefined)}
        formLabel={label}
      >
        {props.explanation ? <p>{props.explanation}</p> : null}
        {fields}
      </ConfirmAction>
    );
  }
  const form = (
    <form method="post" action={target} novalidate aria-label={label}>
      {props.explanation ? <p>{props.explanation}</p> : null}
      {Object.entries(hidden(petition, action)).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {fields}
      <div>
        <button type="submit" class={props.primary ? "" : "secondary"}>
          {label}
        </button>
      </div>
    </form>
  );
  if (props.primary) return form;
  return (
    <details class="action" open={!!mine} id={`${action}-step`}>
      <summary>{label}</summary>
      {form}
    </details>
  );
}
