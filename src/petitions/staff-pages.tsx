import { type Context, Hono } from "hono";
import * as v from "valibot";
import { listAccounts } from "../accounts/store";
import { currentUser } from "../auth/access";
import { listCategories } from "../categories/routes";
import type { AppEnv } from "../env";
import { formatDay, formatInstant, localDay } from "../lib/dates";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import { type FieldError, Problem } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, FilterSelect, Layout, Notice } from "../web/layout";
import { DueBadge, type FormValues, PetitionFields, StatusBadge, submissionFromForm } from "./components";
import { clientKey } from "./routes";
import { deadlineView } from "./rules";
import { PETITION_KINDS, PETITION_STATUSES, type PetitionAction, petitionActionSchema, petitionListQuerySchema, petitionSubmissionSchema } from "./schema";
import { listInbox } from "./store";
import {
  inboxFilter,
  loadVisiblePetition,
  ownInboxScope,
  type PetitionDetail,
  performAction,
  petitionDetail,
  requestedInboxScope,
  submitPetition,
} from "./workflow";

type C = Context<AppEnv>;

async function InboxPage(props: { c: C }) {
  const { c } = props;
  const user = currentUser(c);
  const parsed = v.safeParse(petitionListQuerySchema, Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== "")));
  const query = parsed.success ? parsed.output : { limit: 50 };
  const { limit, cursor, unit, ...filter } = query as v.InferOutput<typeof petitionListQuerySchema>;
  // A page shows the caller's own inbox for a unit out of reach rather than an error page.
  const scope = (await requestedInboxScope(c.env.DB, user, unit)) ?? ownInboxScope(user);
  const today = localDay();
  const after = decodeCursorOrStart(cursor, 2) as [string, string] | null;
  const [rows, categories] = await Promise.all([listInbox(c.env.DB, scope, inboxFilter(filter, today), today, limit, after), listCategories(c.env.DB)]);
  const page = toPage(
    rows,
    limit,
    (row) => row,
    (row) => [row.due_on, row.id],
  );
  const current = c.req.query();
  const nextQuery = page.nextCursor ? new URLSearchParams({ ...current, cursor: page.nextCursor }).toString() : null;
  return (
    <Layout c={c} title={t(c, "nav.inbox")}>
      {parsed.success ? null : <FormErrors c={c} errors={issuesToErrors(parsed.issues)} />}
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
            options={PETITION_KINDS.map((kind) => ({ value: kind, label: t(c, `kind.${kind}`) }))}
          />
          <FilterSelect
            c={c}
            id="f-category"
            name="category"
            label={t(c, "petition.category")}
            selected={current.category}
            options={categories.map((category) => ({ value: category.code, label: category.name }))}
          />
          <div>
            <label for="f-due">{t(c, "petition.dueWithin")}</label>
            <input id="f-due" name="dueWithinDays" type="number" min={0} max={365} value={current.dueWithinDays ?? ""} />
          </div>
          <div>
            <label for="f-q">{t(c, "petition.search")}</label>
            <input id="f-q" name="q" type="search" value={current.q ?? ""} />
          </div>
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
          {page.items.map((row) => (
            <tr>
              <td>
                <a href={`/staff/petitions/${row.id}`}>{row.title}</a>
                <br />
                <span class="hint code">{row.tracking_code}</span>
                {user.role === "supervisor" ? <span class="hint"> · {row.unit_code}</span> : null}
              </td>
              <td>
                <StatusBadge c={c} status={row.status} />
              </td>
              <td>
                <DueBadge c={c} {...deadlineView(row.due_on, today)} />
              </td>
              <td>{row.kind ? t(c, `kind.${row.kind}`) : t(c, "kind.unclassified")}</td>
              <td>{formatInstant(row.submitted_at)}</td>
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
function ActionForm(props: { c: C; petition: PetitionDetail; action: PetitionAction; accounts: { id: string; name: string }[] }) {
  const { c, petition, action } = props;
  const id = (name: string) => `${action}-${name}`;
  const textArea = (name: string, label: Parameters<typeof t>[1], value = "") => (
    <div>
      <label for={id(name)}>{t(c, label)}</label>
      <textarea id={id(name)} name={name} rows={3} required>
        {value}
      </textarea>
    </div>
  );
  const fields: Record<PetitionAction, unknown> = {
    classify: (
      <>
        <div>
          <label for={id("kind")}>{t(c, "petition.kind")}</label>
          <select id={id("kind")} name="kind">
            {PETITION_KINDS.map((kind) => (
              <option value={kind} selected={petition.kind === kind}>
                {t(c, `kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="check">
          <input id={id("complex")} type="checkbox" name="complex" checked={petition.complex} />
          <label for={id("complex")}>{t(c, "petition.complex")}</label>
        </div>
        <div class="check">
          <input id={id("remote")} type="checkbox" name="remoteArea" checked={petition.remoteArea} />
          <label for={id("remote")}>{t(c, "petition.remoteArea")}</label>
        </div>
      </>
    ),
    accept: null,
    start: null,
    resolve: null,
    return: textArea("guidance", "petition.guidance"),
    transfer: (
      <>
        <div>
          <label for={id("to")}>{t(c, "petition.toUnit")}</label>
          <input id={id("to")} name="toUnitCode" required maxlength={20} />
        </div>
        {textArea("reason", "petition.reason")}
      </>
    ),
    file: textArea("reason", "petition.reason"),
    mark_duplicate: (
      <div>
        <label for={id("of")}>{t(c, "petition.ofId")}</label>
        <input id={id("of")} name="ofId" required />
      </div>
    ),
    assign: (
      <div>
        <label for={id("account")}>{t(c, "petition.account")}</label>
        <select id={id("account")} name="accountId">
          {props.accounts.map((account) => (
            <option value={account.id} selected={petition.assignedTo === account.id}>
              {account.name}
            </option>
          ))}
        </select>
      </div>
    ),
    note: textArea("text", "petition.text"),
    draft_answer: textArea("text", "petition.text", petition.draftAnswer ?? ""),
    answer: textArea("text", "petition.text", petition.draftAnswer ?? ""),
    extend: (
      <>
        <div>
          <label for={id("days")}>{t(c, "petition.days")}</label>
          <input id={id("days")} name="days" type="number" min={1} max={30} required value="30" />
        </div>
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

async function DetailPage(props: { c: C; petition: PetitionDetail; errors?: FieldError[]; notice?: string | null }) {
  const { c, petition } = props;
  const user = currentUser(c);
  const categories = await listCategories(c.env.DB);
  const accounts = petition.allowedActions.includes("assign")
    ? (await listAccounts(c.env.DB, { unit: petition.unitCode }, 100, null)).filter(
        (account) => !account.disabled && account.role !== "admin" && account.role !== "supervisor",
      )
    : [];
  return (
    <Layout c={c} title={petition.title}>
      <Notice text={props.notice} />
      <FormErrors c={c} errors={props.errors} />
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
        <dd>{petition.kind ? t(c, `kind.${petition.kind}`) : t(c, "kind.unclassified")}</dd>
        <dt>{t(c, "petition.category")}</dt>
        <dd>{categories.find((category) => category.code === petition.category)?.name ?? petition.category}</dd>
        <dt>{t(c, "petition.channel")}</dt>
        <dd>
          {t(c, `channel.${petition.channel}`)} · {t(c, "petition.peopleCount")}: {petition.peopleCount}
        </dd>
        <dt>{t(c, "petition.acknowledgeBy")}</dt>
        <dd>{formatDay(petition.acknowledgeBy)}</dd>
        {petition.resolveBy ? (
          <>
            <dt>{t(c, "petition.resolveBy")}</dt>
            <dd>{formatDay(petition.resolveBy)}</dd>
          </>
        ) : null}
        <dt>{t(c, "petition.assignedTo")}</dt>
        <dd>{accounts.find((account) => account.id === petition.assignedTo)?.name ?? petition.assignedTo ?? t(c, "common.none")}</dd>
      </dl>
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
            <ActionForm c={c} petition={petition} action={action} accounts={accounts} />
          ))}
        </section>
      ) : null}
      <h2>{t(c, "petition.history")}</h2>
      <ol class="history">
        {petition.history.map((entry) => (
          <li>
            <time datetime={entry.at}>{formatInstant(entry.at)}</time> — {historyLabel(c, entry.action)} ({t(c, `status.${entry.toStatus}`)})
            {entry.note ? <span class="hint"> · {entry.note}</span> : null}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

const HISTORY_ACTIONS = new Set([
  "submit",
  "confirm",
  "reopen",
  "overdue",
  "classify",
  "accept",
  "return",
  "transfer",
  "file",
  "mark_duplicate",
  "assign",
  "note",
  "start",
  "draft_answer",
  "answer",
  "extend",
  "resolve",
]);
function historyLabel(c: C, action: string): string {
  return HISTORY_ACTIONS.has(action) ? t(c, `action.${action}` as Parameters<typeof t>[1]) : action;
}

/** Form fields of an action → the JSON the API's action schema validates. */
function actionFromForm(form: Record<string, unknown>) {
  const value = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : undefined);
  const input: Record<string, unknown> = { action: value("action"), version: Number(value("version")) };
  for (const name of ["kind", "guidance", "toUnitCode", "reason", "ofId", "accountId", "text"]) if (value(name) !== undefined) input[name] = value(name);
  if (input.action === "classify") Object.assign(input, { complex: form.complex === "on", remoteArea: form.remoteArea === "on" });
  if (value("days") !== undefined) input.days = Number(value("days"));
  return input;
}

async function WalkInPage(props: { c: C; values: FormValues; errors?: FieldError[] }) {
  const { c } = props;
  const categories = await listCategories(c.env.DB);
  return (
    <Layout c={c} title={t(c, "petition.walkInTitle")}>
      <FormErrors c={c} errors={props.errors} />
      <form method="post" action="/staff/petitions/new" enctype="multipart/form-data" class="stack">
        <PetitionFields c={c} values={props.values} errors={props.errors} communes={null} categories={categories} staff />
        <button type="submit">{t(c, "petition.submit")}</button>
      </form>
    </Layout>
  );
}

/** Officials' pages: the inbox, a petition with its actions, and the walk-in reception form. */
export const staffPetitionPages = new Hono<AppEnv>()
  .get("/", pageAccess("commune_head", "commune_staff", "supervisor"), async (c) => c.html(await InboxPage({ c })))
  .get("/new", pageAccess("commune_head", "commune_staff"), async (c) => c.html(await WalkInPage({ c, values: { channel: "walk_in" } })))
  .post("/new", pageAccess("commune_head", "commune_staff"), async (c) => {
    const user = currentUser(c);
    const form = await c.req.parseBody({ all: true });
    const values = Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    const photos = ([] as unknown[]).concat(form.photos ?? []).filter((file): file is File => file instanceof File && file.size > 0);
    const parsed = v.safeParse(petitionSubmissionSchema, submissionFromForm(form, user.unitCode ?? ""));
    if (!parsed.success) return c.html(await WalkInPage({ c, values, errors: issuesToErrors(parsed.issues) }), 400);
    try {
      const { petition } = await submitPetition(c.env, parsed.output, { user, clientKey: clientKey(c), photos });
      return c.redirect(`/staff/petitions/${petition.id}?done=submit`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      return c.html(await WalkInPage({ c, values, errors: error.body.errors ?? [{ path: "", message: error.body.detail }] }), error.status);
    }
  })
  .get("/:id", pageAccess("commune_head", "commune_staff", "supervisor"), async (c) => {
    const user = currentUser(c);
    const id = v.safeParse(v.pipe(v.string(), v.uuid()), c.req.param("id"));
    if (!id.success) return c.notFound();
    const row = await loadVisiblePetition(c.env.DB, user, id.output);
    const done = c.req.query("done");
    const notice = done ? t(c, "action.done", { action: done === "submit" ? t(c, "petition.submit") : t(c, `action.${done as PetitionAction}`) }) : null;
    return c.html(await DetailPage({ c, petition: await petitionDetail(c.env, user, row, c.get("requestId")), notice }));
  })
  .post("/:id/actions", pageAccess("commune_head", "commune_staff"), async (c) => {
    const user = currentUser(c);
    const id = v.safeParse(v.pipe(v.string(), v.uuid()), c.req.param("id"));
    if (!id.success) return c.notFound();
    const form = await c.req.parseBody();
    const parsed = v.safeParse(petitionActionSchema, actionFromForm(form));
    let errors: FieldError[];
    let status: 400 | 403 | 404 | 409 = 400;
    if (parsed.success) {
      try {
        await performAction(c.env, user, id.output, parsed.output);
        return c.redirect(`/staff/petitions/${id.output}?done=${parsed.output.action}`, 303);
      } catch (error) {
        if (!(error instanceof Problem) || error.status >= 500) throw error;
        errors = error.body.errors ?? [{ path: "", message: error.body.detail }];
        status = error.status as typeof status;
      }
    } else {
      errors = issuesToErrors(parsed.issues);
    }
    const row = await loadVisiblePetition(c.env.DB, user, id.output);
    return c.html(await DetailPage({ c, petition: await petitionDetail(c.env, user, row, c.get("requestId")), errors }), status);
  });
