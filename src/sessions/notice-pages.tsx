/**
 * The commune's announcements of a session: a printable A4 notice for the office notice board, with a QR
 * code to the session's public page, and a plain text for the village loudspeaker (loa truyền thanh).
 * Links use `PUBLIC_ORIGIN`. Neither carries personal data, so both are as public as the session.
 */
import { type Context, Hono } from "hono";
import { raw } from "hono/html";
import { renderSVG } from "uqr";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { DocumentPage } from "../web/document";
import { formatMessage, t } from "../web/i18n";
import { dayInWords, inSentence, localTime, placeName, viDay } from "./components";
import { sessionMessages } from "./messages";
import { type SessionView, sessionIdParamSchema } from "./schema";
import { readSession } from "./workflow";

type C = Context<AppEnv>;

/** The document's words: the legal form is Vietnamese whatever the reader's language (web/document.tsx). */
const vi = (key: keyof typeof sessionMessages, params?: Record<string, string | number>) => formatMessage(sessionMessages[key][0], params);

/** The notice as an administrative document (Nghị định 30/2020/NĐ-CP, as web/document.tsx lays it out), with the QR code. */
function NoticeDocument(props: { c: C; session: SessionView; url: string; qr: string }) {
  const { c, session, url } = props;
  const unit = inSentence(session.unit.name);
  const places = [
    session.venue.name + (session.venue.address ? `, ${session.venue.address}` : ""),
    ...session.bridgePoints.map((point) => vi("sessions.bridgePoint", { name: point.name })),
  ];
  const fact = (label: string, value: string | null | undefined) =>
    value ? (
      <p style="white-space: pre-line;">
        <strong>{label}:</strong> {value}
      </p>
    ) : null;
  return (
    <DocumentPage
      title={`${t(c, "notice.title")} · ${session.title}`}
      locale={c.get("locale")}
      note={t(c, "notice.printHint")}
      back={{ href: `/sessions/${session.id}`, label: `← ${t(c, "notice.back")}` }}
      document={{
        issuer: { name: `Ủy ban nhân dân ${unit}` },
        number: null,
        symbol: "TB-UBND",
        place: placeName(session.unit.name),
        date: session.publishedAt ? localDay(new Date(session.publishedAt)) : null,
        kind: vi("notice.title"),
        summary: vi("notice.subject"),
        recipients: [...session.villages.map((village) => village.name), ...(session.coOrganiser ? [session.coOrganiser] : []), vi("notice.recipientRadio")],
        signature: { authority: "TM. Ủy ban nhân dân", position: "Chủ tịch", name: session.chair.name },
        children: (
          <>
            <p>{vi("notice.lead", { unit, title: session.title })}</p>
            {fact(vi("sessions.when"), vi("notice.when", { from: localTime(session.startsAt), to: localTime(session.endsAt), day: viDay(session.startsAt) }))}
            {fact(vi("sessions.venue"), places.join("; "))}
            {fact(vi("sessions.mode"), vi(`session.mode.${session.mode}`))}
            {fact(vi("sessions.chair"), `${session.chair.name}${session.coChair ? `; ${session.coChair.name} (${session.coChair.title})` : ""}`)}
            {fact(vi("sessions.coOrganiser"), session.coOrganiser)}
            {fact(vi("sessions.agenda"), session.agenda)}
            {session.status === "cancelled" ? <p>{vi("notice.cancelled", { reason: session.cancelReason ?? "" })}</p> : null}
            <div style="display: flex; gap: 6mm; align-items: center; break-inside: avoid;">
              <p style="flex: 1;">{vi("notice.takePart")}</p>
              <figure class="qr" style="margin: 0; width: 42mm; flex: none;">
                {raw(props.qr.replace("<svg ", '<svg style="width: 42mm; height: 42mm; display: block;" '))}
                <figcaption style="font-size: 9pt; word-break: break-all;">{url}</figcaption>
              </figure>
            </div>
          </>
        ),
      }}
    />
  );
}

/** The loudspeaker text: short sentences an announcer reads out, twice as is the custom. */
export function announcementText(c: C, view: SessionView, url: string): string {
  const session = { ...view, unit: { ...view.unit, name: inSentence(view.unit.name) } };
  const [hour, minute] = localTime(session.startsAt).split(":");
  const when = t(c, "loudspeaker.when", { hour: Number(hour), minute, day: dayInWords(c, session.startsAt) });
  const body =
    session.status === "cancelled"
      ? t(c, "loudspeaker.cancelled", { unit: session.unit.name, title: session.title, when, reason: session.cancelReason ?? "" })
      : [
          t(c, "loudspeaker.lead", { unit: session.unit.name, title: session.title, when, venue: session.venue.name }),
          session.bridgePoints.length ? t(c, "loudspeaker.bridges", { places: session.bridgePoints.map((point) => point.name).join(", ") }) : "",
          session.agenda ? t(c, "loudspeaker.agenda", { agenda: session.agenda.replace(/\s+/g, " ") }) : "",
          t(c, "loudspeaker.takePart", { url }),
        ]
          .filter(Boolean)
          .join(" ");
  const announcement = `${t(c, "loudspeaker.opening", { unit: session.unit.name })}\n\n${body}\n\n${t(c, "loudspeaker.closing")}`;
  return `${announcement}\n\n${t(c, "loudspeaker.again")}\n\n${announcement}\n`;
}

/** `/sessions/:id/notice` and `/sessions/:id/announcement.txt`. */
export const noticePages = new Hono<AppEnv>()
  .get("/sessions/:id/notice", async (c) => {
    const id = parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
    const session = await readSession(c.env.DB, c.get("user"), id);
    const url = `${publicOrigin(c.env, c.req.url)}/sessions/${id}`;
    const qr = renderSVG(url, { ecc: "M", border: 2 }).replace("<svg ", `<svg role="img" aria-label="${vi("notice.qrLabel")}" `);
    return c.html(<NoticeDocument c={c} session={session} url={url} qr={qr} />);
  })
  .get("/sessions/:id/announcement.txt", async (c) => {
    const id = parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
    const session = await readSession(c.env.DB, c.get("user"), id);
    return c.text(announcementText(c, session, `${publicOrigin(c.env, c.req.url)}/sessions/${id}`));
  });
