import { type Context, Hono } from "hono";
import type { Account } from "../accounts/schema";
import { currentUser } from "../auth/access";
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { Category } from "../categories/schema";
import { categoriesStatement, toCategories } from "../categories/store";
import type { AppEnv } from "../env";
import { background } from "../lib/background";
import { clientKey } from "../lib/client";
import { formatDay, formatInstant } from "../lib/dates";
import type { FieldError, MessageCode } from "../lib/problem";
import { NotificationsTable } from "../notifications/components";
import { publicOrigin } from "../notifications/rules";
import { ErrorSummary, Field, type FormFailure, type FormValues, type PostedForm, postedForm, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, FilterSelect, Layout, Notice } from "../web/layout";
import { DueBadge, PETITION_FIELD_IDS, PetitionFields, StatusBadge, submissionFromForm } from "./components";
import { ACTION_RULES } from "./rules";
import {
  CLASSIFIED_KINDS,
  COMPLEXITIES,
  isPetitionId,
  PETITION_STATUSES,
  type PetitionAction,
  type PetitionListQuery,
  petitionActionSchema,
  petitionListQuerySchema,
  petitionSubmissionSchema,
} from "./schema";
import type { PetitionDetail } from "./views";
import { performAction, readInbox, readPetition, submitPetition } from "./workflow";

type C = Context<AppEnv>;

/** The inbox with its filters; `failure` holds the filters that did not validate (the default inbox shows instead). */
async function InboxPage(props: { c: C; query: PetitionListQuery; failure?: FormFailure }) {
  const { c, query } = props;
  const user = currentUser(c);
  const options = { withCategories: true, lenientCursor: true };
  // A page shows the caller's own inbox for a unit out of reach rather than an error page (a second round trip, then).
  const page = (await readInbox(c.env.DB, user, query, options)) ?? (await readInbox(c.env.DB, user, { ...query, unit: undefined }, options));
  if (!page) throw new Error("the caller's own inbox is always in reach");
  const current = props.failure ? {} : c.req.query();
  const nextQuery = page.nextCursor ? new URLSearchParams({ ...current, cursor: page.nextCursor }).toString() : null;
  return (
    <Layout c={c} title={t(c, "nav.inbox")}>
      <ErrorSummary
        c={c}
        errors={props.failure?.errors}
        ids={{ status: "f-status", kind: "f-kind", category: "f-category", dueWithinDays: "f-due", q: "f-q", overdue: "f-overdue" }}
      />
      <search>
        <form method="get" action="/staff/petitions" class="row">
          <FilterSelect
            c={c}
            id="f-status"
            name="status"
            label={t(c, "petition.status")}
            selected={current.status}
            options={PETITION_STATUSES.map((status) => ({ value: status, label: t(c, `status.${status}`) }))}
          />
          <FilterSelect
            c={c}
            id="f-kind"
            name="kind"
            label={t(c, "petition.kind")}
            selected={current.kind}
            options={CLASSIFIED_KINDS.map((kind) => ({ value: kind, label: t(c, `kind.${kind}`) }))}
          />
          <FilterSelect
            c={c}
            id="f-category"
            name="category"
            label={t(c, "petition.category")}
            selected={current.category}
            options={page.categories.map((category) => ({ value: category.code, label: category.name }))}
          />
          <Field c={c} path="dueWithinDays" id="f-due" label={t(c, "petition.dueWithin")} errors={props.failure?.errors}>
            {(field) => (
              <input
                {...field}
                name="dueWithinDays"
                type="number"
                min={0}
                max={365}
                value={props.failure?.values.dueWithinDays ?? current.dueWithinDays ?? ""}
              />
            )}
          </Field>
          <Field c={c} path="q" id="f-q" label={t(c, "petition.search")} errors={props.failure?.errors}>
            {(field) => <input {...field} name="q" type="search" value={props.failure?.values.q ?? current.q ?? ""} />}
          </Field>
          <div class="check">
            <input id="f-overdue" name="overdue" type="checkbox" value="true" checked={current.overdue === "true"} />
            <label for="f-overdue">{t(c, "petition.onlyOverdue")}</label>
          </div>
          <button type="submit" class="secondary">
            {t(c, "petition.filters")}
          </button>
        </form>
      </search>
      {page.items.length === 0 ? (
        <p>{t(c, "petition.none")}</p>
      ) : (
        <DataTable
          label={t(c, "nav.inbox")}
          columns={[t(c, "petition.title"), t(c, "petition.status"), t(c, "petition.due"), t(c, "petition.kind"), t(c, "petition.submittedAt")]}
        >
          {page.items.map((item) => (
            <tr>
              <td>
                <a href={`/staff/petitions/${item.id}`}>{item.title}</a>
                <br />
                <span class="hint code">{item.trackingCode}</span>
                {user.role === "supervisor" ? <span class="hint"> · {item.unit.name}</span> : null}
              </td>
              <td>
                <StatusBadge c={c} status={item.status} />
              </td>
              <td>
                <DueBadge c={c} dueOn={item.dueOn} overdue={item.overdue} dueSoon={item.dueSoon} />
              </td>
              <td>{item.kind ? t(c, `kind.${item.kind}`) : t(c, "kind.unclassified")}</td>
              <td>{formatInstant(item.submittedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextQuery ? (
        <p>
          <a href={`/staff/petitions?${nextQuery}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** One small form per allowed action, each carrying the version it was rendered from (lost-update guard). */
function ActionForm(props: { c: C; petition: PetitionDetail; action: PetitionAction; accounts: Account[]; failure?: FormFailure }) {
  const { c, petition, action } = props;
  // A failed form keeps what was typed and shows its errors; the other forms stay as they were.
  const failed = props.failure?.values.action === action ? props.failure : undefined;
  const errors = failed?.errors;
  const id = (name: string) => `${action}-${name}`;
  const textArea = (name: string, label: MessageCode, value = "") => (
    <Field c={c} path={name} id={id(name)} label={t(c, label)} errors={errors}>
      {(field) => (
        <textarea {...field} name={name} rows={3} required>
          {failed?.values[name] ?? value}
        </textarea>
      )}
    </Field>
  );
  const letterNumberField = (
    <Field c={c} path="letterNumber" id={id("letter")} label={t(c, "petition.letterNumber")} errors={errors}>
      {(field) => <input {...field} name="letterNumber" maxlength={50} value={failed?.values.letterNumber ?? ""} />}
    </Field>
  );
  const fields: Record<PetitionAction, unknown> = {
    classify: (
      <>
        <Field c={c} path="kind" id={id("kind")} label={t(c, "petition.kind")} errors={errors}>
          {(field) => (
            <select {...field} name="kind">
              {CLASSIFIED_KINDS.map((kind) => (
                <option value={kind} selected={(failed?.values.kind ?? petition.kind) === kind}>
                  {t(c, `kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field c={c} path="complexity" id={id("complexity")} label={t(c, "petition.complexity")} errors={errors}>
          {(field) => (
            <select {...field} name="complexity">
              {COMPLEXITIES.map((complexity) => (
                <option value={complexity} selected={petition.complexity === complexity}>
                  {t(c, `complexity.${complexity}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="check">
          <input id={id("remote")} type="checkbox" name="remoteArea" checked={petition.remoteArea} />
          <label for={id("remote")}>{t(c, "petition.remoteArea")}</label>
        </div>
        <div class="check">
          <input id={id("verification")} type="checkbox" name="needsVerification" checked={petition.needsVerification} />
          <label for={id("verification")}>{t(c, "petition.needsVerification")}</label>
        </div>
      </>
    ),
    accept: null,
    start: null,
    resolve: null,
    return: (
      <>
        {textArea("guidance", "petition.guidance")}
        {letterNumberField}
      </>
    ),
    transfer: (
      <>
        <Field c={c} path="toUnitCode" id={id("to")} label={t(c, "petition.toUnit")} errors={errors} hint={t(c, "petition.toUnitHelp")}>
          {(field) => <input {...field} name="toUnitCode" maxlength={20} value={failed?.values.toUnitCode ?? ""} />}
        </Field>
        <Field c={c} path="toBody" id={id("body")} label={t(c, "petition.toBody")} errors={errors}>
          {(field) => <input {...field} name="toBody" maxlength={200} value={failed?.values.toBody ?? ""} />}
        </Field>
        {textArea("reason", "petition.reason")}
        {letterNumberField}
      </>
    ),
    file: textArea("reason", "petition.reason"),
    mark_duplicate: (
      <Field c={c} path="of" id={id("of")} label={t(c, "petition.of")} errors={errors}>
        {(field) => <input {...field} name="of" required value={failed?.values.of ?? ""} />}
      </Field>
    ),
    split: (
      <>
        <p class="hint">{t(c, "petition.splitHelp")}</p>
        {CLASSIFIED_KINDS.map((_, index) => (
          <fieldset>
            <legend>{t(c, "petition.part", { n: index + 1 })}</legend>
            <Field c={c} path={`parts.${index}.kind`} id={id(`part${index}-kind`)} label={t(c, "petition.kind")} errors={errors}>
              {(field) => (
                <select {...field} name={`parts.${index}.kind`}>
                  {CLASSIFIED_KINDS.map((kind) => (
                    <option value={kind} selected={(failed?.values[`parts.${index}.kind`] ?? CLASSIFIED_KINDS[index]) === kind}>
                      {t(c, `kind.${kind}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field c={c} path={`parts.${index}.title`} id={id(`part${index}-title`)} label={t(c, "petition.title")} errors={errors}>
              {(field) => <input {...field} name={`parts.${index}.title`} maxlength={200} value={failed?.values[`parts.${index}.title`] ?? ""} />}
            </Field>
            <Field c={c} path={`parts.${index}.content`} id={id(`part${index}-content`)} label={t(c, "petition.content")} errors={errors}>
              {(field) => (
                <textarea {...field} name={`parts.${index}.content`} rows={3}>
                  {failed?.values[`parts.${index}.content`] ?? ""}
                </textarea>
              )}
            </Field>
          </fieldset>
        ))}
      </>
    ),
    assign: (
      <Field c={c} path="accountId" id={id("account")} label={t(c, "petition.account")} errors={errors}>
        {(field) => (
          <select {...field} name="accountId">
            {props.accounts
              .filter((account) => !account.disabled && (COMMUNE_ROLES as readonly Role[]).includes(account.role))
              .map((account) => (
                <option value={account.id} selected={petition.assignee?.id === account.id}>
                  {account.name}
                </option>
              ))}
          </select>
        )}
      </Field>
    ),
    note: textArea("text", "petition.text"),
    draft_answer: textArea("text", "petition.text", petition.draftAnswer ?? ""),
    answer: textArea("text", "petition.text", petition.draftAnswer ?? ""),
    extend: (
      <>
        <Field c={c} path="days" id={id("days")} label={t(c, "petition.days")} errors={errors}>
          {(field) => <input {...field} name="days" type="number" min={1} max={30} required value={failed?.values.days ?? "30"} />}
        </Field>
        {textArea("reason", "petition.reason")}
      </>
    ),
  };
  return (
    <form method="post" action={`/staff/petitions/${petition.id}/actions`} aria-label={t(c, `action.${action}`)}>
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="version" value={String(petition.version)} />
      {fields[action] as any}
      <button type="submit">{t(c, `action.${action}`)}</button>
    </form>
  );
}

/** The ids of an action's inputs (`accept-…`), for the error summary's links. */
const actionFieldIds = (action: string | undefined): Record<string, string> =>
  action
    ? {
        kind: `${action}-kind`,
        guidance: `${action}-guidance`,
        complexity: `${action}-complexity`,
        toUnitCode: `${action}-to`,
        toBody: `${action}-body`,
        letterNumber: `${action}-letter`,
        reason: `${action}-reason`,
        of: `${action}-of`,
        parts: `${action}-part0-title`,
        ...Object.fromEntries(
          CLASSIFIED_KINDS.flatMap((_, index) => ["kind", "title", "content"].map((name) => [`parts.${index}.${name}`, `${action}-part${index}-${name}`])),
        ),
        accountId: `${action}-account`,
        text: `${action}-text`,
        days: `${action}-days`,
      }
    : {};

async function DetailPage(props: { c: C; id: string; failure?: FormFailure; notice?: string | null }) {
  const { c } = props;
  const user = currentUser(c);
  const { petition, categories, accounts, notifications } = await readPetition(c.env, user, props.id, {
    requestId: c.get("requestId"),
    later: background(c.executionCtx),
    forPage: true,
  });
  return (
    <Layout c={c} title={petition.title}>
      <Notice text={props.notice} />
      <ErrorSummary c={c} errors={props.failure?.errors} ids={actionFieldIds(props.failure?.values.action)} />
      <dl class="facts">
        <dt>{t(c, "petition.trackingCode")}</dt>
        <dd class="code">{petition.trackingCode}</dd>
        <dt>{t(c, "petition.status")}</dt>
        <dd>
          <StatusBadge c={c} status={petition.status} />
        </dd>
        <dt>{t(c, "petition.due")}</dt>
        <dd>
          <DueBadge c={c} dueOn={petition.dueOn} overdue={petition.overdue} dueSoon={petition.dueSoon} />
        </dd>
        <dt>{t(c, "petition.kind")}</dt>
        <dd>
          {petition.kind ? t(c, `kind.${petition.kind}`) : t(c, "kind.unclassified")}
          {petition.kind ? ` · ${t(c, `complexity.${petition.complexity}`)}` : ""}
          {petition.residentKind && petition.residentKind !== petition.kind ? (
            <span class="hint"> ({t(c, "petition.residentKind", { kind: t(c, `kind.${petition.residentKind}`) })})</span>
          ) : null}
        </dd>
        <dt>{t(c, "petition.category")}</dt>
        <dd>{categoryName(categories, petition.category)}</dd>
        <dt>{t(c, "petition.channel")}</dt>
        <dd>
          {t(c, `channel.${petition.channel}`)} · {t(c, "petition.peopleCount")}: {petition.peopleCount}
        </dd>
        <dt>{t(c, "petition.receivedOn")}</dt>
        <dd>
          {formatDay(petition.receivedOn)} · {petition.receivedUnit.name}
        </dd>
        <dt>{t(c, "petition.acknowledgeBy")}</dt>
        <dd>{formatDay(petition.acknowledgeBy)}</dd>
        {petition.transferBy && (petition.status === "received" || petition.status === "transferred") ? (
          <>
            <dt>{t(c, "petition.transferBy")}</dt>
            <dd>{formatDay(petition.transferBy)}</dd>
          </>
        ) : null}
        {petition.resolveBy ? (
          <>
            <dt>{t(c, "petition.resolveBy")}</dt>
            <dd>
              {formatDay(petition.resolveBy)}
              {petition.maxExtensions ? ` · ${t(c, "petition.extensionsUsed", { used: petition.extensions, max: petition.maxExtensions })}` : ""}
            </dd>
          </>
        ) : null}
        {petition.feedbackUntil ? (
          <>
            <dt>{t(c, "petition.feedbackUntil")}</dt>
            <dd>{formatDay(petition.feedbackUntil)}</dd>
          </>
        ) : null}
        {petition.toBody ? (
          <>
            <dt>{t(c, "petition.transferredToBody")}</dt>
            <dd>{petition.toBody}</dd>
          </>
        ) : null}
        {petition.letterNumber ? (
          <>
            <dt>{t(c, "petition.letterNumber")}</dt>
            <dd>{petition.letterNumber}</dd>
          </>
        ) : null}
        <dt>{t(c, "petition.assignedTo")}</dt>
        <dd>{petition.assignee?.name ?? t(c, "common.none")}</dd>
      </dl>
      {petition.parts.length ? (
        <>
          <h2>{t(c, "petition.partsTitle")}</h2>
          <ul>
            {petition.parts.map((part) => (
              <li>
                <a href={`/staff/petitions/${part.id}`} class="code">
                  {part.trackingCode}
                </a>{" "}
                — {t(c, `kind.${part.kind}`)}: {t(c, `status.${part.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {petition.splitFrom ? (
        <p>
          <a href={`/staff/petitions/${petition.splitFrom}`}>{t(c, "petition.splitFromLink")}</a>
        </p>
      ) : null}
      <h2>{t(c, "petition.content")}</h2>
      <p class="answer">{petition.content}</p>
      <h2>{t(c, "petition.submitter")}</h2>
      {petition.submitter ? (
        petition.anonymous ? (
          <p>{t(c, "petition.anonymousSubmitter")}</p>
        ) : (
          <dl class="facts">
            <dt>{t(c, "petition.name")}</dt>
            <dd>{petition.submitter.name}</dd>
            <dt>{t(c, "petition.phone")}</dt>
            <dd>{petition.submitter.phone}</dd>
            <dt>{t(c, "petition.email")}</dt>
            <dd>{petition.submitter.email}</dd>
            <dt>{t(c, "petition.address")}</dt>
            <dd>{petition.submitter.address}</dd>
            <dt>{t(c, "petition.citizenId")}</dt>
            <dd>{petition.submitter.citizenId}</dd>
          </dl>
        )
      ) : (
        <p class="hint">{t(c, "petition.submitterHidden")}</p>
      )}
      {petition.identityProtected && petition.submitter ? <p class="hint">{t(c, "petition.identityProtected")}</p> : null}
      {petition.attachments.length ? (
        <>
          <h2>{t(c, "petition.photosTitle")}</h2>
          <div class="photos">
            {petition.attachments.map((attachment, index) => (
              <a href={attachment.url}>
                <img src={attachment.url} alt={`${t(c, "petition.photosTitle")} ${index + 1}`} loading="lazy" />
              </a>
            ))}
          </div>
        </>
      ) : null}
      {petition.publicAnswer ? (
        <>
          <h2>{t(c, "petition.answer")}</h2>
          <p class="answer">{petition.publicAnswer}</p>
        </>
      ) : null}
      {petition.allowedActions.length > 0 && user.role !== "supervisor" ? (
        <section class="actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t(c, "petition.actions")}</h2>
          {petition.allowedActions.map((action) => (
            <ActionForm c={c} petition={petition} action={action} accounts={accounts} failure={props.failure} />
          ))}
        </section>
      ) : null}
      <h2>{t(c, "petition.history")}</h2>
      <ol class="history">
        {petition.history.map((entry) => (
          <li>
            <time datetime={entry.at}>{formatInstant(entry.at)}</time> — {historyLabel(c, entry.action)} ({t(c, `status.${entry.toStatus}`)})
            {entry.by ? <span> · {entry.by.name}</span> : null}
            {entry.note ? <span class="hint"> · {historyNote(c, entry.action, entry.note)}</span> : null}
          </li>
        ))}
      </ol>
      <NotificationsTable c={c} items={notifications} />
    </Layout>
  );
}

const categoryName = (categories: Category[], code: string) => categories.find((category) => category.code === code)?.name ?? code;

/** History entries the page can name: the actions, and the resident's and the daily job's own entries. */
const HISTORY_LABELS: Record<string, MessageCode> = {
  submit: "action.submit",
  confirm: "action.confirm",
  reopen: "action.reopen",
  overdue: "action.overdue",
  classify: "action.classify",
  accept: "action.accept",
  return: "action.return",
  transfer: "action.transfer",
  file: "action.file",
  mark_duplicate: "action.mark_duplicate",
  assign: "action.assign",
  note: "action.note",
  start: "action.start",
  draft_answer: "action.draft_answer",
  answer: "action.answer",
  extend: "action.extend",
  resolve: "action.resolve",
  split: "action.split",
  split_part: "action.split_part",
  escalate: "action.escalate",
  deadline_recomputed: "action.deadline_recomputed",
};
const historyLabel = (c: C, action: string): string => (Object.hasOwn(HISTORY_LABELS, action) ? t(c, HISTORY_LABELS[action]) : action);

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

/** A history note in words: a classification's codes and days, a recomputed deadline's days; others as written. */
function historyNote(c: C, action: string, note: string): string {
  if (action === "classify") {
    return note
      .split(" · ")
      .map((token) =>
        Object.hasOwn(CLASSIFICATION_WORDS, token) ? t(c, CLASSIFICATION_WORDS[token]) : /^\d{4}-\d{2}-\d{2}$/.test(token) ? formatDay(token) : token,
      )
      .join(" · ");
  }
  if (action === "deadline_recomputed") return note.replace(/\d{4}-\d{2}-\d{2}/g, (day) => formatDay(day));
  return note;
}

/** `?done=` after a successful form: only known names become a notice (never a key built from the address). */
function doneNotice(c: C): string | null {
  const done = c.req.query("done");
  if (done === "submit") return t(c, "action.done", { action: t(c, "petition.submit") });
  if (done && Object.hasOwn(ACTION_RULES, done)) return t(c, "action.done", { action: t(c, `action.${done as PetitionAction}`) });
  return null;
}

/** Form fields of an action → the input the API's action schema validates (fields the form did not send stay absent). */
function actionFromForm(form: PostedForm) {
  const sent = form.values();
  const input: Record<string, unknown> = { action: sent.action, version: Number(sent.version) };
  for (const name of ["kind", "complexity", "guidance", "reason", "of", "accountId", "text"]) if (sent[name] !== undefined) input[name] = sent[name];
  // Optional fields left blank stay absent (a transfer names a commune or an outside body).
  for (const name of ["toUnitCode", "toBody", "letterNumber"]) if (form.text(name) !== undefined) input[name] = form.text(name);
  if (input.action === "classify") Object.assign(input, { remoteArea: form.checked("remoteArea"), needsVerification: form.checked("needsVerification") });
  if (input.action === "split") {
    // The part rows left empty are not parts.
    input.parts = CLASSIFIED_KINDS.map((_, index) => ({
      kind: form.text(`parts.${index}.kind`),
      title: form.text(`parts.${index}.title`),
      content: form.text(`parts.${index}.content`),
    })).filter((part) => part.title !== undefined || part.content !== undefined);
  }
  if (form.text("days") !== undefined) input.days = Number(form.text("days"));
  return input;
}

async function WalkInPage(props: { c: C; values: FormValues; errors?: FieldError[] }) {
  const { c } = props;
  const [categories] = await c.env.DB.batch([categoriesStatement(c.env.DB)]);
  return (
    <Layout c={c} title={t(c, "petition.walkInTitle")}>
      <ErrorSummary c={c} errors={props.errors} ids={PETITION_FIELD_IDS} />
      <form method="post" action="/staff/petitions/new" enctype="multipart/form-data" class="stack">
        <PetitionFields c={c} values={props.values} errors={props.errors} communes={null} categories={toCategories(categories.results)} staff />
        <button type="submit">{t(c, "petition.submit")}</button>
      </form>
    </Layout>
  );
}

const DEFAULT_QUERY: PetitionListQuery = { limit: 50 };

/** Officials' pages: the inbox, a petition with its actions, and the walk-in reception form. */
export const staffPetitionPages = new Hono<AppEnv>()
  .get(
    "/",
    pageAccess("commune_head", "commune_staff", "supervisor"),
    // The filters are a GET form: validated like any form, blank fields left out.
    validateForm(
      petitionListQuerySchema,
      (_form, c) => Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== "")),
      (c, failure) => InboxPage({ c, query: DEFAULT_QUERY, failure }),
    ),
    async (c) => c.html(await InboxPage({ c, query: c.req.valid("form") })),
  )
  .get("/new", pageAccess("commune_head", "commune_staff"), async (c) => c.html(await WalkInPage({ c, values: { channel: "walk_in" } })))
  .post(
    "/new",
    pageAccess("commune_head", "commune_staff"),
    validateForm(
      petitionSubmissionSchema,
      (form, c) => submissionFromForm(form, currentUser(c).unitCode ?? ""),
      (c, failure) => WalkInPage({ c, ...failure }),
    ),
    async (c) => {
      const { petition } = await submitPetition(c.env, c.req.valid("form"), {
        user: currentUser(c),
        clientKey: clientKey(c),
        photos: postedForm(c).files("photos"),
        later: background(c.executionCtx),
      });
      return c.redirect(`/staff/petitions/${petition.id}?done=submit`, 303);
    },
  )
  .get("/:id", pageAccess("commune_head", "commune_staff", "supervisor"), async (c) => {
    const id = c.req.param("id");
    if (!isPetitionId(id)) return c.notFound();
    return c.html(await DetailPage({ c, id, notice: doneNotice(c) }));
  })
  .post(
    "/:id/actions",
    pageAccess("commune_head", "commune_staff"),
    async (c, next) => (isPetitionId(c.req.param("id")) ? next() : c.notFound()),
    validateForm(
      petitionActionSchema,
      (form) => actionFromForm(form),
      (c, failure) => DetailPage({ c, id: c.req.param("id") ?? "", failure }),
    ),
    async (c) => {
      const id = c.req.param("id");
      const input = c.req.valid("form");
      await performAction(c.env, currentUser(c), id, input, {
        requestId: c.get("requestId"),
        later: background(c.executionCtx),
        answer: false,
        delivery: { origin: publicOrigin(c.env, c.req.url), ctx: c.executionCtx },
      });
      return c.redirect(`/staff/petitions/${id}?done=${input.action}`, 303);
    },
  );
