/** The officials' commitments: the unit's list (filters: status, late, session) and one commitment with its progress form. */
import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, formatInstant } from "../lib/dates";
import { decodeCursorOrStart, encodeCursor } from "../lib/pagination";
import { parseOrThrow } from "../lib/validate";
import { ErrorSummary, Field, type FormFailure, readQuery, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, FilterSelect, Layout, Notice } from "../web/layout";
import { Progress } from "./components";
import { staffCommitmentData, staffCommitmentsData } from "./queries";
import { COMMITMENT_STATUSES, commitmentIdParamSchema, commitmentListQuerySchema, progressSchema } from "./schema";
import { reportProgress } from "./workflow";

type C = Context<AppEnv>;
const idOf = (c: C) => parseOrThrow(commitmentIdParamSchema, { id: c.req.param("id") }).id;

async function CommitmentListPage(props: { c: C }) {
  const { c } = props;
  const { value, errors } = readQuery(c, commitmentListQuerySchema);
  const query = value ?? { limit: 50 };
  const after = decodeCursorOrStart(c.req.query("cursor"), 2) as [string, string] | null;
  const { rows, items } = await staffCommitmentsData(c.env.DB, currentUser(c), { ...query, limit: 50 }, after);
  const last = rows.length > 50 ? rows[49] : null;
  const next = last
    ? new URLSearchParams({
        ...Object.fromEntries(Object.entries(c.req.query()).filter(([key]) => key !== "cursor")),
        cursor: encodeCursor([last.due_on, last.id]),
      })
    : null;
  return (
    <Layout c={c} title={t(c, "commitments.title")}>
      <ErrorSummary c={c} errors={errors} />
      <form method="get" action="/staff/commitments" class="row">
        <FilterSelect
          c={c}
          id="filter-status"
          name="status"
          label={t(c, "commitments.filterStatus")}
          selected={c.req.query("status")}
          options={COMMITMENT_STATUSES.map((status) => ({ value: status, label: t(c, `commitment.status.${status}`) }))}
        />
        <div class="check">
          <input id="filter-late" type="checkbox" name="late" value="true" checked={c.req.query("late") === "true"} />
          <label for="filter-late">{t(c, "commitments.onlyLate")}</label>
        </div>
        <button type="submit" class="secondary">
          {t(c, "form.search")}
        </button>
      </form>
      {items.length ? (
        <DataTable
          label={t(c, "commitments.title")}
          columns={[
            t(c, "commitments.description"),
            t(c, "commitments.owner"),
            t(c, "commitments.due"),
            t(c, "commitments.status"),
            t(c, "commitments.session"),
          ]}
        >
          {items.map((item) => (
            <tr>
              <td>
                <a href={`/staff/commitments/${item.id}`}>{item.description}</a>
              </td>
              <td>{item.owner.name}</td>
              <td>{formatDay(item.dueDate)}</td>
              <td>
                <Progress c={c} status={item.status} percent={item.percent} late={item.late} />
              </td>
              <td>
                <a href={`/staff/sessions/${item.session.id}`}>{item.session.title}</a>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t(c, "commitments.none")}</p>
      )}
      {next ? (
        <p>
          <a href={`/staff/commitments?${next}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

async function CommitmentPage(props: { c: C; failure?: FormFailure }) {
  const { c, failure } = props;
  const { commitment, events, canReport } = await staffCommitmentData(c.env.DB, currentUser(c), idOf(c));
  const values = failure?.values ?? { status: commitment.status, percent: String(commitment.percent) };
  return (
    <Layout c={c} title={commitment.description}>
      <Notice text={c.req.query("saved") ? t(c, "commitments.saved") : null} />
      <dl class="facts">
        <dt>{t(c, "commitments.question")}</dt>
        <dd>{commitment.item.question}</dd>
        <dt>{t(c, "commitments.owner")}</dt>
        <dd>{commitment.owner.name}</dd>
        <dt>{t(c, "commitments.due")}</dt>
        <dd>{formatDay(commitment.dueDate)}</dd>
        <dt>{t(c, "commitments.status")}</dt>
        <dd>
          <Progress c={c} status={commitment.status} percent={commitment.percent} late={commitment.late} />
        </dd>
        <dt>{t(c, "commitments.session")}</dt>
        <dd>
          <a href={`/staff/sessions/${commitment.session.id}`}>{commitment.session.title}</a>
        </dd>
      </dl>
      <h2>{t(c, "commitments.history")}</h2>
      <ol class="history">
        {events.map((event) => (
          <li>
            {formatInstant(event.at)} — {t(c, `commitment.action.${event.action as "create"}`)}: {t(c, `commitment.status.${event.status}`)}, {event.percent}%
            {event.actor_name ? ` (${event.actor_name})` : ""}
            {event.note ? <p class="answer">{event.note}</p> : null}
          </li>
        ))}
      </ol>
      {canReport ? (
        <>
          <h2 id="report-title">{t(c, "commitments.report")}</h2>
          <ErrorSummary c={c} errors={failure?.errors} />
          <form method="post" action={`/staff/commitments/${commitment.id}/progress`} class="stack" aria-labelledby="report-title" novalidate>
            <Field c={c} path="status" label={t(c, "commitments.status")} errors={failure?.errors}>
              {(field) => (
                <select {...field} name="status" required>
                  {COMMITMENT_STATUSES.map((status) => (
                    <option value={status} selected={values.status === status}>
                      {t(c, `commitment.status.${status}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field c={c} path="percent" label={t(c, "commitments.percent")} errors={failure?.errors} optional>
              {(field) => <input {...field} name="percent" type="number" inputmode="numeric" min={0} max={100} value={values.percent ?? ""} />}
            </Field>
            <Field c={c} path="note" label={t(c, "commitments.note")} hint={t(c, "commitments.noteHint")} errors={failure?.errors}>
              {(field) => (
                <textarea {...field} name="note" rows={3} maxlength={2000} required>
                  {values.note ?? ""}
                </textarea>
              )}
            </Field>
            <button type="submit">{t(c, "commitments.report")}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** `/staff/commitments`: the unit's officials (supervisors read the province's). */
export const staffCommitmentPages = new Hono<AppEnv>()
  .use(pageAccess("commune_head", "commune_staff", "supervisor"))
  .get("/", async (c) => c.html(await CommitmentListPage({ c })))
  .get("/:id", async (c) => c.html(await CommitmentPage({ c })))
  .post(
    "/:id/progress",
    pageAccess("commune_head", "commune_staff"),
    validateForm(
      progressSchema,
      (form) => ({
        status: form.text("status"),
        note: form.raw("note"),
        percent:
          form.text("percent") === undefined ? undefined : /^\d+$/.test(form.text("percent") ?? "") ? Number(form.text("percent")) : form.text("percent"),
      }),
      (c, failure) => CommitmentPage({ c, failure }),
    ),
    async (c) => {
      await reportProgress(c.env.DB, currentUser(c), idOf(c), c.req.valid("form"));
      return c.redirect(`/staff/commitments/${idOf(c)}?saved=1`, 303);
    },
  );
