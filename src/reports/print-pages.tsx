/**
 * Printable reports laid out as Vietnamese administrative documents (src/web/document.tsx, Nghị định 30/2020):
 * the compliance report of a province (or a commune) for a period, and the summary of a commune or province over
 * any range, so that a commune can print, sign, stamp and file them. A document is written in Vietnamese
 * whatever the reader's language: its words are read from the catalog in Vietnamese.
 */
import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { petitionMessages } from "../petitions/messages";
import { PETITION_KINDS, PETITION_STATUSES } from "../petitions/schema";
import { type AdministrativeDocumentProps, DocumentPage } from "../web/document";
import { pageAccess } from "../web/guard";
import { makeTranslate, t } from "../web/i18n";
import { withoutBlanks } from "./components";
import { reportMessages } from "./messages";
import type { PeriodName } from "./periods";
import { complianceQuerySchema, summaryQuerySchema } from "./schema";
import { type ComplianceReport, complianceReport, type SummaryReport, summaryReport } from "./workflow";

/** The document's own language. */
const vi = makeTranslate({ ...reportMessages, ...petitionMessages }, "vi");

/** A place name as a document's date line writes it: "An Khê", without "Xã" or a note in brackets. */
export const placeName = (unitName: string) =>
  unitName
    .replace(/^(Xã|Phường|Đặc khu|Thị trấn|Tỉnh|Thành phố)\s+/u, "")
    .replace(/\s*\(.*\)\s*$/, "")
    .trim();

/** "Tỉnh Hưng Yên" → "tỉnh Hưng Yên" inside a sentence. */
const inSentence = (unitName: string) => unitName.charAt(0).toLocaleLowerCase("vi") + unitName.slice(1);

/** The period of a report in words: "năm 2025", "quý 1 năm 2026", "6 tháng đầu năm 2026". */
export function periodWords(year: number, period: PeriodName): string {
  if (period === "year" || period === "H1" || period === "M9") return vi(`doc.period.${period}`, { year });
  if (period.startsWith("Q")) return vi("doc.period.quarter", { quarter: period.slice(1), year });
  return vi("doc.period.month", { month: Number(period.slice(1)), year });
}

/** Box 7: the chairperson signs; a commune head's own name is printed, anyone else leaves it to be written by hand. */
function signature(user: SessionUser): AdministrativeDocumentProps["signature"] {
  return { authority: vi("doc.authority"), position: vi("doc.position"), name: user.role === "commune_head" ? user.name : "" };
}

const back = (c: Context<AppEnv>, href: string) => ({ href, label: t(c, "doc.back") });

export const printPages = new Hono<AppEnv>()
  .get("/compliance", pageAccess("admin", "supervisor", "commune_head", "commune_staff"), async (c) => {
    const user = currentUser(c);
    const query = parseOrThrow(complianceQuerySchema, withoutBlanks(c.req.query()));
    const report = await complianceReport(c.env.DB, user, query);
    const document = complianceDocument(report, user);
    return c.html(
      <DocumentPage
        title={`${document.kind} ${document.summary}`}
        locale={c.get("locale")}
        note={t(c, "doc.printNote")}
        back={back(c, "/oversight")}
        document={document}
      />,
    );
  })
  .get("/summary", pageAccess("admin", "supervisor", "commune_head", "commune_staff"), async (c) => {
    const user = currentUser(c);
    const query = parseOrThrow(summaryQuerySchema, withoutBlanks(c.req.query()));
    const summary = await summaryReport(c.env.DB, user, query);
    const document = summaryDocument(summary, user);
    return c.html(
      <DocumentPage
        title={`${document.kind} ${document.summary}`}
        locale={c.get("locale")}
        note={t(c, "doc.printNote")}
        back={back(c, `/oversight/summary?${new URLSearchParams(withoutBlanks(c.req.query()))}`)}
        document={document}
      />,
    );
  });

/** The compliance report as a document: issued by the province's People's Committee, or a commune's for its own. */
export function complianceDocument(report: ComplianceReport, user: SessionUser): AdministrativeDocumentProps {
  const commune = user.role === "commune_head" || user.role === "commune_staff";
  const issuer = commune ? (report.items.find((item) => item.unit.code === user.unitCode)?.unit.name ?? report.province.name) : report.province.name;
  const period = periodWords(report.year, report.periodName);
  const items = report.items;
  const count = (status: string) => items.filter((item) => item.status === status).length;
  const sum = (
    key:
      | "sessionsHeld"
      | "shortNotice"
      | "recordedAfterwards"
      | "resultsOnTime"
      | "resultsLate"
      | "petitionsReceived"
      | "acknowledgedOnTime"
      | "acknowledgedLate"
      | "resolvedOnTime"
      | "resolvedLate"
      | "overdue",
  ) => items.reduce((total, item) => total + item[key], 0);
  const shortfalls = items.filter((item) => item.status === "not_met");
  return {
    issuer: { name: vi("doc.issuer", { unit: inSentence(issuer) }) },
    symbol: "BC-UBND",
    place: placeName(issuer),
    date: localDay(),
    kind: vi("doc.kind"),
    summary: vi("doc.compliance.summary", { period }),
    recipients: commune
      ? [
          vi("doc.recipient.province", { province: inSentence(report.province.name) }),
          vi("doc.recipient.communeParty"),
          vi("doc.recipient.communeCouncil"),
          vi("doc.recipient.communeFront"),
        ]
      : [vi("doc.recipient.provinceParty"), vi("doc.recipient.provinceCouncil"), vi("doc.recipient.provinceFront"), vi("doc.recipient.communes")],
    signature: signature(user),
    children: (
      <>
        <p>{vi("doc.compliance.intro", { unit: inSentence(issuer), period, from: formatDay(report.period.from), to: formatDay(report.period.to) })}</p>
        <p class="vb-section">{vi("doc.section.overall")}</p>
        <p>{vi("doc.requirement", { count: report.policy.minSessionsPerYear, deadline: formatDay(items[0]?.deadline ?? report.period.to) })}</p>
        <p>{vi("doc.communes", { total: items.length, met: count("met"), notMet: count("not_met"), pending: count("pending") })}</p>
        <p>
          {vi("doc.sessions", {
            held: sum("sessionsHeld"),
            short: sum("shortNotice"),
            recorded: sum("recordedAfterwards"),
            onTime: sum("resultsOnTime"),
            late: sum("resultsLate"),
          })}
        </p>
        <p>
          {vi("doc.petitions", {
            received: sum("petitionsReceived"),
            ackOnTime: sum("acknowledgedOnTime"),
            ackLate: sum("acknowledgedLate"),
            resOnTime: sum("resolvedOnTime"),
            resLate: sum("resolvedLate"),
            overdue: sum("overdue"),
          })}
        </p>
        <p class="vb-section">{vi("doc.section.units")}</p>
        <table>
          <thead>
            <tr>
              {(["number", "unit", "sessions", "short", "resultsLate", "received", "onTime", "overdue", "status"] as const).map((column) => (
                <th scope="col">{vi(`doc.col.${column}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr>
                <td>{index + 1}</td>
                <td>{item.unit.name}</td>
                <td>{item.sessionsHeld}</td>
                <td>{item.shortNotice}</td>
                <td>{item.resultsLate}</td>
                <td>{item.petitionsReceived}</td>
                <td>{`${item.acknowledgedOnTime}/${item.resolvedOnTime}`}</td>
                <td>{item.overdue}</td>
                <td>{vi(`oversight.status.${item.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="vb-section">{vi("doc.section.shortfalls")}</p>
        {shortfalls.length ? (
          shortfalls.map((item) => (
            <p>
              {`- ${vi("doc.shortfall", { unit: item.unit.name, counted: item.sessionsCounted, required: item.sessionsRequired, deadline: formatDay(item.deadline) })}`}
            </p>
          ))
        ) : (
          <p>{vi("doc.noShortfalls")}</p>
        )}
        <p class="vb-section">{vi("doc.section.proposals")}</p>
        <p class="vb-write-in" aria-hidden="true" />
        <p class="vb-write-in" aria-hidden="true" />
      </>
    ),
  };
}

/** "Khiếu nại: 3, Tố cáo: 1" — the non-zero counts of a list, in the list's order. */
function countsInWords(counts: Record<string, number>, keys: readonly string[], words: (key: string) => string): string {
  const parts = keys.filter((key) => counts[key]).map((key) => vi("doc.count", { label: words(key), count: counts[key] }));
  return parts.length ? parts.join("; ") : "0";
}

/** The summary as a document: issued by the commune's (or province's) People's Committee. */
export function summaryDocument(summary: SummaryReport, user: SessionUser): AdministrativeDocumentProps {
  const issuer = summary.scope.name;
  const period = vi("doc.period.range", { from: formatDay(summary.period.from), to: formatDay(summary.period.to) });
  const { sessions, petitions, commitments } = summary;
  const commune = summary.scope.kind === "unit";
  return {
    issuer: { name: vi("doc.issuer", { unit: inSentence(issuer) }) },
    symbol: "BC-UBND",
    place: placeName(issuer),
    date: localDay(),
    kind: vi("doc.kind"),
    summary: vi("doc.summary.summary", { period }),
    recipients: commune
      ? [vi("doc.recipient.communeParty"), vi("doc.recipient.communeCouncil"), vi("doc.recipient.communeFront")]
      : [vi("doc.recipient.provinceParty"), vi("doc.recipient.provinceCouncil"), vi("doc.recipient.provinceFront")],
    signature: signature(user),
    children: (
      <>
        <p>{vi("doc.summary.intro", { unit: inSentence(issuer), period })}</p>
        <p class="vb-section">{vi("doc.section.sessions")}</p>
        <p>
          {vi("doc.sessions", {
            held: sessions.sessionsHeld,
            short: sessions.shortNotice,
            recorded: sessions.recordedAfterwards,
            onTime: sessions.resultsOnTime,
            late: sessions.resultsLate,
          })}
        </p>
        <p class="vb-section">{vi("doc.section.petitions")}</p>
        <p>
          {vi("doc.petitions", {
            received: petitions.received,
            ackOnTime: petitions.acknowledgedOnTime,
            ackLate: petitions.acknowledgedLate,
            resOnTime: petitions.resolvedOnTime,
            resLate: petitions.resolvedLate,
            overdue: petitions.overdue,
          })}
        </p>
        <p>{vi("doc.byKind", { kinds: countsInWords(petitions.byKind, [...PETITION_KINDS, "unclassified"], (kind) => vi(`kind.${kind}`)) })}</p>
        <p>{vi("doc.byStatus", { statuses: countsInWords(petitions.byStatus, PETITION_STATUSES, (status) => vi(`status.${status}`)) })}</p>
        <p class="vb-section">{vi("doc.section.commitments")}</p>
        <p>{vi("doc.commitments", { done: commitments.commitmentsDone, late: commitments.commitmentsLate })}</p>
        <p class="vb-section">{vi("doc.section.summaryProposals")}</p>
        <p class="vb-write-in" aria-hidden="true" />
        <p class="vb-write-in" aria-hidden="true" />
      </>
    ),
  };
}
