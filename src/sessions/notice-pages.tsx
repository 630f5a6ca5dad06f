/**
 * The commune's announcements of a session: a printable A4 notice for the office notice board, with a QR
 * code to the session's public page, and a plain text for the village loudspeaker (loa truyền thanh).
 * Links use `PUBLIC_ORIGIN`. Neither carries personal data, so both are as public as the session.
 */
import { type Context, Hono } from "hono";
import { raw } from "hono/html";
import { renderSVG } from "uqr";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { t } from "../web/i18n";
import { dayInWords, localTime } from "./components";
import { type SessionView, sessionIdParamSchema } from "./schema";
import { readSession } from "./workflow";

type C = Context<AppEnv>;

/** Print styles: an A4 page with the usual margins of an administrative notice; the screen shows the same sheet. */
const NOTICE_STYLE = `
@page { size: A4; margin: 20mm 20mm 20mm 25mm; }
* { box-sizing: border-box; }
body { font: 13pt/1.45 "Times New Roman", "Noto Serif", serif; color: #000; margin: 0; }
.sheet { max-width: 165mm; margin: 0 auto; }
.heads { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; text-align: center; font-size: 12pt; }
.heads strong { display: block; }
h1 { text-align: center; font-size: 16pt; margin: 8mm 0 1mm; }
.subject { text-align: center; font-style: italic; margin: 0 0 6mm; }
dl { display: grid; grid-template-columns: 32mm 1fr; gap: 1.5mm 4mm; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-line; }
.take-part { display: grid; grid-template-columns: 1fr 48mm; gap: 6mm; align-items: center; margin-top: 6mm; }
.qr svg { width: 48mm; height: 48mm; display: block; }
.qr p { font-size: 9pt; word-break: break-all; margin: 1mm 0 0; }
.signature { margin-top: 8mm; text-align: right; font-style: italic; }
.screen-only { font: 16px system-ui, sans-serif; margin: 1rem auto; max-width: 165mm; }
@media screen { body { background: #eee; } .sheet { background: #fff; padding: 15mm; margin: 1rem auto; max-width: 210mm; } }
@media print { .screen-only { display: none; } }
`;

function NoticeSheet(props: { c: C; session: SessionView; url: string; qr: string }) {
  const { c, session, url } = props;
  const places = [session.venue.name + (session.venue.address ? `, ${session.venue.address}` : ""), ...session.bridgePoints.map((point) => point.name)];
  return (
    <html lang={c.get("locale")}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t(c, "notice.title")} · ${session.title}`}</title>
        <style>{raw(NOTICE_STYLE)}</style>
      </head>
      <body>
        <p class="screen-only">
          <a href={`/sessions/${session.id}`}>← {t(c, "notice.back")}</a> · {t(c, "notice.printHint")}
        </p>
        <main class="sheet">
          <div class="heads">
            <div>
              <strong>{t(c, "notice.committee", { unit: session.unit.name.toUpperCase() })}</strong>
            </div>
            <div>
              <strong>{t(c, "notice.republic")}</strong>
              <span>{t(c, "notice.motto")}</span>
            </div>
          </div>
          <h1>{t(c, "notice.title").toUpperCase()}</h1>
          <p class="subject">{t(c, "notice.subject")}</p>
          <p>{t(c, "notice.lead", { unit: inSentence(session.unit.name), title: session.title })}</p>
          <dl>
            <dt>{t(c, "sessions.when")}</dt>
            <dd>{t(c, "notice.when", { from: localTime(session.startsAt), to: localTime(session.endsAt), day: dayInWords(c, session.startsAt) })}</dd>
            <dt>{t(c, "sessions.venue")}</dt>
            <dd>{places.join("\n")}</dd>
            <dt>{t(c, "sessions.mode")}</dt>
            <dd>{t(c, `session.mode.${session.mode}`)}</dd>
            <dt>{t(c, "sessions.chair")}</dt>
            <dd>
              {session.chair.name}
              {session.coChair ? `; ${session.coChair.name} (${session.coChair.title})` : ""}
            </dd>
            {session.coOrganiser ? (
              <>
                <dt>{t(c, "sessions.coOrganiser")}</dt>
                <dd>{session.coOrganiser}</dd>
              </>
            ) : null}
            {session.agenda ? (
              <>
                <dt>{t(c, "sessions.agenda")}</dt>
                <dd>{session.agenda}</dd>
              </>
            ) : null}
          </dl>
          {session.status === "cancelled" ? <p>{t(c, "notice.cancelled", { reason: session.cancelReason ?? "" })}</p> : null}
          <div class="take-part">
            <p>{t(c, "notice.takePart")}</p>
            <figure class="qr">
              {raw(props.qr)}
              <p>{url}</p>
            </figure>
          </div>
          <p class="signature">{t(c, "notice.dated", { unit: session.unit.name, day: formatDay(localDay(new Date(session.publishedAt ?? Date.now()))) })}</p>
        </main>
      </body>
    </html>
  );
}

/** A unit's name inside a sentence: "Ủy ban nhân dân xã An Khê", not "… Xã An Khê". */
const inSentence = (name: string) => name.replace(/^(Xã|Phường|Đặc khu|Thị trấn)(?=\s)/u, (level) => level.toLowerCase());

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
    const qr = renderSVG(url, { ecc: "M", border: 2 }).replace("<svg ", `<svg role="img" aria-label="${t(c, "notice.qrLabel")}" `);
    return c.html(<NoticeSheet c={c} session={session} url={url} qr={qr} />);
  })
  .get("/sessions/:id/announcement.txt", async (c) => {
    const id = parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
    const session = await readSession(c.env.DB, c.get("user"), id);
    return c.text(announcementText(c, session, `${publicOrigin(c.env, c.req.url)}/sessions/${id}`));
  });
