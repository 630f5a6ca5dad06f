/**
 * The year-end review as a page (`/oversight/review?unit=&year=`) and as a printable document
 * (`/oversight/print/review`, Nghị định 30/2020 like the other reports): each session of the year and every opinion
 * raised at it with what became of it. No resident is named: the village, the question and the outcome only.
 */
import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { petitionMessages } from "../petitions/messages";
import { type AdministrativeDocumentProps, DocumentPage } from "../web/document";
import { pageAccess } from "../web/guard";
import { makeTranslate, t } from "../web/i18n";
import { Layout } from "../web/layout";
import { hrefOf, withoutBlanks } from "./components";
import { reportMessages } from "./messages";
import { placeName } from "./print-pages";
import { type ReviewOpinion, type YearReview, yearReview } from "./review-workflow";
import { reviewQuerySchema } from "./schema";

const OFFICIALS = ["admin", "supervisor", "commune_head", "commune_staff"] as const;
type Words = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => string;

/** What became of an opinion, in words: the outcome and its details (due day, progress, the day it was done). */
function outcomeWords(words: Words, opinion: ReviewOpinion): string {
  const parts = [words(`review.outcome.${opinion.outcome}`)];
  if (opinion.petition) parts.push(words(`status.${opinion.petition.status}`));
  if (opinion.commitment) {
    const { commitment } = opinion;
    parts.push(words("review.commitment", { description: commitment.description, due: formatDay(commitment.dueOn), percent: commitment.percent }));
    if (commitment.owner) parts.push(words("review.owner", { owner: commitment.owner }));
    if (commitment.doneOn) parts.push(words("review.doneOn", { day: formatDay(commitment.doneOn) }));
  }
  if (opinion.late) parts.push(words("review.late"));
  return parts.join(". ");
}

function FiguresList(props: { words: Words; review: YearReview }) {
  const { words, review } = props;
  const { figures } = review;
  return (
    <ul class="figures">
      <li class="figure">
        <strong>{figures.opinions}</strong> {words("review.figure.opinions")}
      </li>
      <li class="figure">
        <strong>{figures.answered}</strong> {words("review.figure.answered")}
      </li>
      <li class="figure">
        <strong>{`${figures.petitionsResolved}/${figures.petitions}`}</strong> {words("review.figure.petitions")}
      </li>
      <li class="figure">
        <strong>{`${figures.commitmentsDone}/${figures.commitments}`}</strong> {words("review.figure.commitments")}
      </li>
      <li class={figures.commitmentsLate ? "figure bad" : "figure"}>
        <strong>{figures.commitmentsLate}</strong> {words("review.figure.late")}
      </li>
      <li class={figures.open ? "figure bad" : "figure"}>
        <strong>{figures.open}</strong> {words("review.figure.open")}
      </li>
    </ul>
  );
}

function OpinionsTable(props: { words: Words; session: YearReview["sessions"][number] }) {
  const { words, session } = props;
  if (session.opinions.length === 0) return <p>{words("review.noOpinions")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{words("doc.col.number")}</th>
          <th scope="col">{words("review.col.opinion")}</th>
          <th scope="col">{words("review.col.village")}</th>
          <th scope="col">{words("review.col.answer")}</th>
          <th scope="col">{words("review.col.outcome")}</th>
        </tr>
      </thead>
      <tbody>
        {session.opinions.map((opinion, index) => (
          <tr class={opinion.late || opinion.outcome === "not_followed" ? "falls-short" : undefined}>
            <td>{index + 1}</td>
            <td>{opinion.question}</td>
            <td>{opinion.village ?? ""}</td>
            <td>{opinion.answer ?? ""}</td>
            <td>{outcomeWords(words, opinion)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewPage(props: { c: Context<AppEnv>; review: YearReview; query: Record<string, string> }) {
  const { c, review } = props;
  const words: Words = (key, params) => t(c, key, params);
  const title = t(c, "review.title", { unit: review.unit.name, year: review.year });
  const query = { unit: props.query.unit, year: props.query.year };
  return (
    <Layout c={c} title={title}>
      <p>{t(c, "review.intro", { from: formatDay(review.period.from), to: formatDay(review.period.to) })}</p>
      <h2 id="review-figures">{t(c, "review.figures")}</h2>
      <FiguresList words={words} review={review} />
      {review.sessions.length === 0 ? <p>{t(c, "review.noSessions")}</p> : null}
      {review.sessions.map((session) => (
        <section class="table-wrap">
          <h2>{t(c, "review.session", { title: session.title, day: formatDay(session.day), unit: session.unit.name })}</h2>
          <OpinionsTable words={words} session={session} />
        </section>
      ))}
      <h2>{t(c, "oversight.downloads")}</h2>
      <ul class="links">
        <li>
          <a href={hrefOf("/oversight/print/review", query)}>{t(c, "review.print")}</a>
        </li>
        <li>
          <a href={hrefOf("/api/v1/reports/review", query)} download>
            {t(c, "review.downloadJson")}
          </a>
        </li>
        <li>
          <a href={hrefOf("/oversight", { unit: currentUser(c).role === "supervisor" ? review.unit.code : undefined, year: review.year })}>
            {t(c, "list.back")}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

/** The document's own language. */
const vi = makeTranslate({ ...reportMessages, ...petitionMessages }, "vi");
const inSentence = (unitName: string) => unitName.charAt(0).toLocaleLowerCase("vi") + unitName.slice(1);

/** The review as a report of the commune's People's Committee to the year-end review meeting. */
export function reviewDocument(review: YearReview, user: SessionUser): AdministrativeDocumentProps {
  const words: Words = (key, params) => vi(key, params);
  const { figures } = review;
  return {
    issuer: { name: vi("doc.issuer", { unit: inSentence(review.unit.name) }) },
    symbol: "BC-UBND",
    place: placeName(review.unit.name),
    date: localDay(),
    kind: vi("doc.kind"),
    summary: vi("doc.review.summary", { year: review.year }),
    recipients: [vi("doc.recipient.communeParty"), vi("doc.recipient.communeCouncil"), vi("doc.recipient.communeFront")],
    signature: { authority: vi("doc.authority"), position: vi("doc.position"), name: user.role === "commune_head" ? user.name : "" },
    children: (
      <>
        <p>
          {vi("doc.review.intro", {
            unit: inSentence(review.unit.name),
            year: review.year,
            from: formatDay(review.period.from),
            to: formatDay(review.period.to),
          })}
        </p>
        <p class="vb-section">{vi("doc.section.overall")}</p>
        <p>
          {vi("doc.review.figures", {
            sessions: review.sessions.length,
            opinions: figures.opinions,
            answered: figures.answered,
            petitions: figures.petitions,
            resolved: figures.petitionsResolved,
            commitments: figures.commitments,
            done: figures.commitmentsDone,
            late: figures.commitmentsLate,
            open: figures.open,
          })}
        </p>
        {review.sessions.map((session, index) => (
          <>
            <p class="vb-section">{`${index + 1}. ${vi("review.session", { title: session.title, day: formatDay(session.day), unit: session.unit.name })}`}</p>
            <OpinionsTable words={words} session={session} />
          </>
        ))}
        <p class="vb-section">{vi("doc.section.summaryProposals")}</p>
        <p class="vb-write-in" aria-hidden="true" />
        <p class="vb-write-in" aria-hidden="true" />
      </>
    ),
  };
}

export const reviewPages = new Hono<AppEnv>()
  .get("/review", pageAccess(...OFFICIALS), async (c) => {
    const query = withoutBlanks(c.req.query());
    const review = await yearReview(c.env.DB, currentUser(c), parseOrThrow(reviewQuerySchema, query));
    return c.html(<ReviewPage c={c} review={review} query={query} />);
  })
  .get("/print/review", pageAccess(...OFFICIALS), async (c) => {
    const query = withoutBlanks(c.req.query());
    const user = currentUser(c);
    const review = await yearReview(c.env.DB, user, parseOrThrow(reviewQuerySchema, query));
    const document = reviewDocument(review, user);
    return c.html(
      <DocumentPage
        title={`${document.kind} ${document.summary}`}
        locale={c.get("locale")}
        note={t(c, "doc.printNote")}
        back={{ href: hrefOf("/oversight/review", { unit: query.unit, year: query.year }), label: t(c, "doc.back") }}
        document={document}
      />,
    );
  });
