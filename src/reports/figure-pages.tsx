/**
 * `/oversight/petitions`, `/oversight/sessions` and `/oversight/commitments`: the list behind a figure — exactly the rows the figure
 * counts, with the scope and days it was counted over. Each row opens the petition or session page when the
 * reader may open it (records of a merged unit in a province that no longer exists stay listed, unlinked).
 */
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { currentUser } from "../auth/access";
import type { SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { formatDay, formatInstant, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { formatTrackingCode } from "../petitions/store";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout } from "../web/layout";
import { dayRangeWords, hrefOf, withoutBlanks } from "./components";
import {
  type CommitmentList,
  commitmentFigureList,
  type ListedSession,
  type PetitionList,
  petitionFigureList,
  type SessionList,
  sessionFigureList,
} from "./lists";
import {
  type CommitmentFigureQuery,
  commitmentFigureQuerySchema,
  type PetitionFigureQuery,
  petitionFigureQuerySchema,
  type SessionFigureQuery,
  sessionFigureQuerySchema,
} from "./schema";

/** Whether the reader may open a record of this unit and province (the petition and session pages' own reach). */
function opens(user: SessionUser, record: { unit_code: string; province_code: string }): boolean {
  if (user.role === "supervisor") return record.province_code === user.provinceCode;
  return (user.role === "commune_head" || user.role === "commune_staff") && record.unit_code === user.unitCode;
}

function ScopeLine(props: { c: Context<AppEnv>; list: PetitionList | SessionList | CommitmentList }) {
  const { c, list } = props;
  return (
    <p>
      {t(c, "list.scope", { unit: list.scope.name, from: formatDay(list.range.from), to: formatDay(list.range.to) })}{" "}
      {list.scope.kind === "unit" ? t(c, list.scope.own ? "list.scopeOwn" : "list.scopeMerged") : null}
    </p>
  );
}

/**
 * A list behind a figure: its scope and what narrows it (`notes`), the rows in a table or a line saying there are
 * none, the next page and the way back to the dashboard (with the days, where the figure had a range of its own).
 */
function FigureList(props: {
  c: Context<AppEnv>;
  title: string;
  list: PetitionList | SessionList | CommitmentList;
  columns: string[];
  notes?: Child;
  next?: string | null;
  rangeWords?: string;
  children: Child;
}) {
  const { c, title, list } = props;
  return (
    <Layout c={c} title={title}>
      <ScopeLine c={c} list={list} />
      {props.notes}
      {list.rows.length === 0 ? (
        <p>{t(c, "list.none")}</p>
      ) : (
        <DataTable label={title} columns={props.columns}>
          {props.children}
        </DataTable>
      )}
      {props.next ? (
        <p>
          <a href={props.next}>{t(c, "form.next")}</a>
        </p>
      ) : null}
      <p>
        <a href="/oversight">{t(c, "list.back")}</a>
        {props.rangeWords ? (
          <>
            {" · "}
            <span class="hint">{props.rangeWords}</span>
          </>
        ) : null}
      </p>
    </Layout>
  );
}

const OFFICIALS = ["admin", "supervisor", "commune_head", "commune_staff"] as const;

export const figurePages = new Hono<AppEnv>()
  .get("/petitions", pageAccess(...OFFICIALS), async (c) => {
    const query = parseOrThrow(petitionFigureQuerySchema, withoutBlanks(c.req.query()));
    const list = await petitionFigureList(c.env.DB, currentUser(c), query);
    return c.html(<PetitionListPage c={c} list={list} query={query} />);
  })
  .get("/sessions", pageAccess(...OFFICIALS), async (c) => {
    const query = parseOrThrow(sessionFigureQuerySchema, withoutBlanks(c.req.query()));
    const list = await sessionFigureList(c.env.DB, currentUser(c), query);
    return c.html(<SessionListPage c={c} list={list} query={query} />);
  })
  .get("/commitments", pageAccess(...OFFICIALS), async (c) => {
    const query = parseOrThrow(commitmentFigureQuerySchema, withoutBlanks(c.req.query()));
    const list = await commitmentFigureList(c.env.DB, currentUser(c), query);
    return c.html(<CommitmentListPage c={c} list={list} query={query} />);
  });

function PetitionListPage(props: { c: Context<AppEnv>; list: PetitionList; query: PetitionFigureQuery }) {
  const { c, list, query } = props;
  const user = currentUser(c);
  const today = localDay();
  const title = t(c, "list.petitions.title", { figure: t(c, `list.figure.${query.figure}`) });
  const next = list.nextCursor ? hrefOf("/oversight/petitions", { ...query, cursor: list.nextCursor }) : null;
  return (
    <FigureList
      c={c}
      title={title}
      list={list}
      notes={
        <>
          {query.status ? <p>{t(c, "list.status", { status: t(c, `status.${query.status}`) })}</p> : null}
          {query.kind ? <p>{t(c, "list.kind", { kind: t(c, `kind.${query.kind}`) })}</p> : null}
        </>
      }
      columns={[
        t(c, "list.col.trackingCode"),
        t(c, "list.col.title"),
        t(c, "list.col.unit"),
        t(c, "list.col.kind"),
        t(c, "list.col.status"),
        t(c, "list.col.submittedAt"),
        t(c, "list.col.acknowledgeBy"),
        t(c, "list.col.resolveBy"),
      ]}
      next={next}
      rangeWords={dayRangeWords(list.range)}
    >
      {list.rows.map((row) => (
        <tr>
          <td>{formatTrackingCode(row.tracking_code)}</td>
          <td>{opens(user, row) ? <a href={`/staff/petitions/${row.id}`}>{row.title}</a> : row.title}</td>
          <td>{row.unit_name}</td>
          <td>{t(c, row.kind ? `kind.${row.kind}` : "kind.unclassified")}</td>
          <td>{t(c, `status.${row.status}`)}</td>
          <td>{formatInstant(row.submitted_at)}</td>
          <td class={row.acknowledge_by < today && row.status === "received" ? "bad" : undefined}>{formatDay(row.acknowledge_by)}</td>
          <td>{formatDay(row.resolve_by)}</td>
        </tr>
      ))}
    </FigureList>
  );
}

function noticeWords(c: Context<AppEnv>, row: ListedSession): string {
  if (row.recorded_afterwards) return t(c, "list.notice.recorded");
  return t(c, row.short_notice ? "list.notice.short" : "list.notice.onTime");
}

function SessionListPage(props: { c: Context<AppEnv>; list: SessionList; query: SessionFigureQuery }) {
  const { c, list, query } = props;
  const user = currentUser(c);
  const title = t(c, "list.sessions.title", { figure: t(c, `list.figure.${query.figure}`) });
  return (
    <FigureList
      c={c}
      title={title}
      list={list}
      columns={[
        t(c, "list.col.session"),
        t(c, "list.col.unit"),
        t(c, "list.col.day"),
        t(c, "list.col.notice"),
        t(c, "list.col.resultsDue"),
        t(c, "list.col.resultsPublished"),
      ]}
    >
      {list.rows.map((row) => (
        <tr>
          <td>{opens(user, row) ? <a href={`/staff/sessions/${row.id}`}>{row.title}</a> : row.title}</td>
          <td>{row.unit_name}</td>
          <td>{formatInstant(row.starts_at)}</td>
          <td>{noticeWords(c, row)}</td>
          <td>{row.recorded_afterwards ? "" : formatDay(row.resultsDue)}</td>
          <td>{row.results_published_at ? formatInstant(row.results_published_at) : t(c, "list.notPublished")}</td>
        </tr>
      ))}
    </FigureList>
  );
}

function CommitmentListPage(props: { c: Context<AppEnv>; list: CommitmentList; query: CommitmentFigureQuery }) {
  const { c, list, query } = props;
  const user = currentUser(c);
  const title = t(c, "list.commitments.title", { figure: t(c, `list.figure.${query.figure}`) });
  const next = list.nextCursor ? hrefOf("/oversight/commitments", { ...query, cursor: list.nextCursor }) : null;
  return (
    <FigureList
      c={c}
      title={title}
      list={list}
      notes={<p class="hint">{t(c, "list.commitments.hint")}</p>}
      columns={[
        t(c, "list.col.commitment"),
        t(c, "list.col.unit"),
        t(c, "list.col.session"),
        t(c, "list.col.owner"),
        t(c, "list.col.dueOn"),
        t(c, "list.col.status"),
        t(c, "list.col.doneOn"),
      ]}
      next={next}
    >
      {list.rows.map((row) => (
        <tr>
          <td>{opens(user, row) ? <a href={`/staff/commitments/${row.id}`}>{row.description}</a> : row.description}</td>
          <td>{row.unit_name}</td>
          <td>
            {row.session_title} ({formatDay(localDay(new Date(row.session_starts_at)))})
          </td>
          <td>{row.owner_name ?? ""}</td>
          <td>{formatDay(row.due_on)}</td>
          <td>{`${t(c, `commitment.status.${row.status as "open" | "in_progress" | "done"}`)} (${row.percent}%)`}</td>
          <td>{row.done_at ? formatDay(localDay(new Date(row.done_at))) : ""}</td>
        </tr>
      ))}
    </FigureList>
  );
}
