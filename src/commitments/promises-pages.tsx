/**
 * "What was promised and how far it got": per session (its results page, where the QR code of the results notice
 * leads) and per commune. Public, no personal data — askers appear by village only — light enough for a cheap
 * phone at 360 px, no JavaScript.
 */
import { type Context, Hono } from "hono";
import type { AppEnv } from "../env";
import { formatDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { whenInWords } from "../sessions/components";
import { sessionIdParamSchema, unitParamSchema } from "../sessions/schema";
import { t } from "../web/i18n";
import { Layout } from "../web/layout";
import { OpinionItem, opinionFigures, Progress, petitionStatusWords } from "./components";
import { resultsData, unitPromisesData } from "./queries";
import type { CommitmentStatus } from "./schema";
import { toItemView } from "./views";

type C = Context<AppEnv>;

async function SessionResultsPage(props: { c: C }) {
  const { c } = props;
  const id = parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
  const { session, minutes, attendance } = await resultsData(c.env.DB, c.get("user"), id);
  const present = minutes.version ? minutes.attendance : attendance.total;
  return (
    <Layout c={c} title={t(c, "promises.title", { title: session.title })}>
      {session.status !== "results_published" ? <p class="errors">{t(c, "sessions.resultsDue", { day: formatDay(session.resultsDue) })}</p> : null}
      <p>
        {whenInWords(c, session.startsAt, session.endsAt)} · {session.venue.name} · {session.unit.name}
      </p>
      <p>
        {t(c, "promises.attendance", { count: present })}. {t(c, "promises.figures", opinionFigures(minutes))}
      </p>
      <p class="hint">{t(c, "promises.intro")}</p>
      {session.resultsSummary || minutes.summary ? (
        <>
          <h2>{t(c, "promises.summary")}</h2>
          <p class="answer">{session.resultsSummary ?? minutes.summary}</p>
        </>
      ) : null}
      <h2>{t(c, "minutes.items")}</h2>
      {minutes.items.length ? (
        <ol class="opinions">
          {minutes.items.map((item) => (
            <OpinionItem c={c} item={item} />
          ))}
        </ol>
      ) : (
        <p>{t(c, "minutes.none")}</p>
      )}
      <ul class="links">
        <li>
          <a href={`/sessions/${id}/results/notice`}>{t(c, "promises.printNotice")}</a>
        </li>
        <li>
          <a href={`/units/${encodeURIComponent(session.unit.code)}/promises`}>{t(c, "promises.allOfUnit", { unit: session.unit.name })}</a>
        </li>
        <li>
          <a href={`/sessions/${id}`}>{t(c, "sessions.backToSession")}</a>
        </li>
      </ul>
    </Layout>
  );
}

async function UnitPromisesPage(props: { c: C }) {
  const { c } = props;
  const { code } = parseOrThrow(unitParamSchema, { code: c.req.param("code") });
  const { unit, sessions, followUps } = await unitPromisesData(c.env.DB, code);
  const commitments = followUps.filter((row) => row.commitment_id);
  const counts = {
    total: commitments.length,
    done: commitments.filter((row) => row.commitment_status === "done").length,
    late: commitments.filter((row) => row.commitment_late === 1).length,
  };
  return (
    <Layout c={c} title={t(c, "promises.unitTitle", { unit: unit.name })}>
      <p class="hint">{t(c, "promises.intro")}</p>
      {sessions.length ? <p>{t(c, "promises.counts", counts)}</p> : <p>{t(c, "promises.none")}</p>}
      {sessions.map((session) => {
        const mine = followUps.filter((row) => row.session_id === session.id);
        return (
          <section aria-labelledby={`session-${session.id}`}>
            <h2 id={`session-${session.id}`}>{session.title}</h2>
            <p class="hint">{whenInWords(c, session.starts_at, session.ends_at)}</p>
            {mine.length ? (
              <ul class="session-list">
                {mine.map((row) => {
                  const item = toItemView(row, false);
                  return (
                    <li>
                      {item.commitment ? (
                        <>
                          <strong>{item.commitment.description}</strong>
                          <br />
                          <span class="hint">{t(c, "promises.owner", { owner: item.commitment.owner, due: formatDay(item.commitment.dueDate) })}</span>
                          <br />
                          <Progress c={c} status={item.commitment.status as CommitmentStatus} percent={item.commitment.percent} late={item.commitment.late} />
                        </>
                      ) : (
                        <>
                          <strong>{item.question}</strong>
                          <br />
                          {t(c, "promises.petitionMade")}: <span class="badge">{petitionStatusWords(c, item.petition?.status ?? "received")}</span>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p>{t(c, "minutes.none")}</p>
            )}
            <p>
              <a href={`/sessions/${session.id}/results`}>{t(c, "promises.sessionLink")}</a>
            </p>
          </section>
        );
      })}
    </Layout>
  );
}

/** `/sessions/:id/results` and `/units/:code/promises`: public. */
export const promisesPages = new Hono<AppEnv>()
  .get("/sessions/:id/results", async (c) => c.html(await SessionResultsPage({ c })))
  .get("/units/:code/promises", async (c) => c.html(await UnitPromisesPage({ c })));
