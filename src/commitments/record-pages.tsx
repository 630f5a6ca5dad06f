/**
 * Two printable A4 documents (web/document.tsx, Nghị định 30 layout), in Vietnamese whatever the reader's language:
 * - the record of the session (biên bản) for the commune's files, with the askers as the minutes name them and the
 *   four signatures: the chair, the People's Council co-chair, the Fatherland Front representative, the secretary
 *   (officials of the unit and supervisors of the province; the view is logged);
 * - the results notice for the notice board and the village heads, with a QR code to the public results page
 *   (public once the results are published; no personal data).
 */
import { type Context, Hono } from "hono";
import { raw } from "hono/html";
import { renderSVG } from "uqr";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, formatInstant, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { inSentence, localTime, placeName, viDay } from "../sessions/components";
import { type Attendance, type SessionView, sessionIdParamSchema } from "../sessions/schema";
import { DocumentPage } from "../web/document";
import { pageAccess } from "../web/guard";
import { formatMessage, t } from "../web/i18n";
import { opinionFigures } from "./components";
import { commitmentMessages } from "./messages";
import { recordData, resultsData } from "./queries";
import type { MinutesItemView, MinutesView } from "./schema";

type C = Context<AppEnv>;
const vi = (key: keyof typeof commitmentMessages, params?: Record<string, string | number>) => formatMessage(commitmentMessages[key][0], params);
const idOf = (c: C) => parseOrThrow(sessionIdParamSchema, { id: c.req.param("id") }).id;
const line = (label: string, value: string | null | undefined) =>
  value ? (
    <p style="white-space: pre-line;">
      <strong>{label}:</strong> {value}
    </p>
  ) : null;

/** Where it took place: the main venue and every bridge point. */
const placesOf = (session: SessionView) =>
  [session.venue.name + (session.venue.address ? `, ${session.venue.address}` : ""), ...session.bridgePoints.map((point) => `điểm cầu ${point.name}`)].join(
    "; ",
  );

/** What followed an opinion, in the record's words (with the tracking code the asker was given). */
function followUpLine(item: MinutesItemView): string | null {
  if (item.commitment) return `Cam kết: ${item.commitment.description} — thực hiện: ${item.commitment.owner}; hạn ${formatDay(item.commitment.dueDate)}.`;
  if (item.petition) return `Chuyển thành đơn kiến nghị${item.petition.trackingCode ? `, mã theo dõi ${item.petition.trackingCode}` : ""}.`;
  return null;
}

function RecordDocument(props: { c: C; session: SessionView; minutes: MinutesView; attendance: Attendance }) {
  const { c, session, minutes, attendance } = props;
  const unit = inSentence(session.unit.name);
  const present = minutes.version ? minutes.attendance : attendance.total;
  const counted = attendance.places.map((place) => `${place.name}: ${place.checkedIn} người đăng ký, ${place.walkIns} người không đăng ký`).join("; ");
  return (
    <DocumentPage
      title={`${t(c, "record.title")} · ${session.title}`}
      locale={c.get("locale")}
      note={t(c, "record.printHint")}
      back={{ href: `/staff/sessions/${session.id}`, label: `← ${t(c, "sessions.backToSession")}` }}
      document={{
        issuer: { name: `Ủy ban nhân dân ${unit}` },
        number: null,
        symbol: "BB-UBND",
        place: placeName(session.unit.name),
        date: localDay(new Date(session.startsAt)),
        kind: "Biên bản",
        summary: `Hội nghị đối thoại giữa Ủy ban nhân dân ${unit} với Nhân dân`,
        signatures: [
          { authority: "Chủ trì hội nghị", position: "Chủ tịch UBND", name: session.chair.name },
          { authority: "Cùng chủ trì", position: session.coChair?.title ?? "Đại diện Thường trực HĐND", name: session.coChair?.name ?? "" },
          { authority: "Đại diện", position: "Ủy ban MTTQ Việt Nam", name: minutes.frontRepresentative ?? "" },
          { position: "Thư ký", name: minutes.secretary ?? "" },
        ],
        children: (
          <>
            {line("Hội nghị", session.title)}
            {line("Thời gian", `từ ${localTime(session.startsAt)} đến ${localTime(session.endsAt)}, ${viDay(session.startsAt)}`)}
            {line("Địa điểm", placesOf(session))}
            {line("Chủ trì", `${session.chair.name}${session.coChair ? `; cùng chủ trì: ${session.coChair.name} (${session.coChair.title})` : ""}`)}
            {line("Phối hợp tổ chức", session.coOrganiser)}
            {line("Thư ký", minutes.secretary)}
            {line("Số người dự", `${present} người${counted ? ` (theo điểm danh — ${counted})` : ""}`)}
            <p>
              <strong>I. Diễn biến và kết luận của chủ trì</strong>
            </p>
            <p style="white-space: pre-line;">{minutes.summary || "…"}</p>
            <p>
              <strong>II. Ý kiến của Nhân dân và trả lời</strong>
            </p>
            {minutes.items.length ? (
              <ol>
                {minutes.items.map((item) => (
                  <li style="break-inside: avoid;">
                    <p>
                      {item.question}
                      {item.askedBy.name || item.askedBy.village ? ` (${[item.askedBy.name, item.askedBy.village?.name].filter(Boolean).join(", ")})` : ""}
                    </p>
                    {item.answer ? <p style="white-space: pre-line;">Trả lời: {item.answer}</p> : null}
                    {followUpLine(item) ? <p>{followUpLine(item)}</p> : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p>Không có ý kiến.</p>
            )}
            <p>
              Hội nghị kết thúc lúc {localTime(session.endsAt)} cùng ngày. Biên bản được lập thành 03 bản, thông qua trước hội nghị và được các thành phần ký
              dưới đây.
            </p>
            {minutes.updatedAt ? <p class="vb-screen-only">{`Cập nhật lần cuối: ${formatInstant(minutes.updatedAt)}`}</p> : null}
          </>
        ),
      }}
    />
  );
}

function ResultsNoticeDocument(props: { c: C; session: SessionView; minutes: MinutesView; attendance: Attendance; url: string; qr: string }) {
  const { c, session, minutes, attendance, url } = props;
  const unit = inSentence(session.unit.name);
  const figures = opinionFigures(minutes);
  const commitments = minutes.items.filter((item) => item.commitment);
  return (
    <DocumentPage
      title={`${t(c, "resultsNotice.title")} · ${session.title}`}
      locale={c.get("locale")}
      note={t(c, "resultsNotice.printHint")}
      back={{ href: `/sessions/${session.id}/results`, label: `← ${t(c, "promises.sessionLink")}` }}
      document={{
        issuer: { name: `Ủy ban nhân dân ${unit}` },
        number: null,
        symbol: "TB-UBND",
        place: placeName(session.unit.name),
        date: session.resultsPublishedAt ? localDay(new Date(session.resultsPublishedAt)) : null,
        kind: "Thông báo",
        summary: "Kết quả hội nghị đối thoại với Nhân dân",
        recipients: [...session.villages.map((village) => `Trưởng ${village.name}`), "Ủy ban MTTQ Việt Nam xã", "Đài truyền thanh xã"],
        signature: { authority: "TM. Ủy ban nhân dân", position: "Chủ tịch", name: session.chair.name },
        children: (
          <>
            <p>
              Ủy ban nhân dân {unit} thông báo kết quả {session.title} tổ chức ngày {formatDay(localDay(new Date(session.startsAt)))} tại {session.venue.name},
              với {minutes.version ? minutes.attendance : attendance.total} người dự.
            </p>
            <p>{vi("promises.figures", figures)}</p>
            <p style="white-space: pre-line;">{session.resultsSummary ?? minutes.summary}</p>
            {commitments.length ? (
              <>
                <p>
                  <strong>Những việc chính quyền đã cam kết:</strong>
                </p>
                <ol>
                  {commitments.map((item) => (
                    <li>
                      {item.commitment?.description} — {item.commitment?.owner}; hạn {formatDay(item.commitment?.dueDate)}.
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            <div style="display: flex; gap: 6mm; align-items: center; break-inside: avoid;">
              <p style="flex: 1;">
                Toàn bộ ý kiến, câu trả lời và tiến độ thực hiện từng cam kết được công khai và cập nhật tại trang bên cạnh (quét mã QR). Ý kiến chuyển thành
                đơn kiến nghị được giải quyết theo quy định.
              </p>
              <figure class="qr" style="margin: 0; width: 40mm; flex: none;">
                {raw(props.qr.replace("<svg ", '<svg style="width: 40mm; height: 40mm; display: block;" '))}
                <figcaption style="font-size: 9pt; word-break: break-all;">{url}</figcaption>
              </figure>
            </div>
          </>
        ),
      }}
    />
  );
}

/** `/staff/sessions/:id/record` (officials) and `/sessions/:id/results/notice` (public once the results are out). */
export const recordPages = new Hono<AppEnv>()
  .get("/staff/sessions/:id/record", pageAccess("commune_head", "commune_staff", "supervisor"), async (c) => {
    const data = await recordData(c.env.DB, currentUser(c), idOf(c), c.get("requestId"));
    return c.html(<RecordDocument c={c} {...data} />);
  })
  .get("/sessions/:id/results/notice", async (c) => {
    const id = idOf(c);
    const data = await resultsData(c.env.DB, c.get("user"), id);
    const url = `${publicOrigin(c.env, c.req.url)}/sessions/${id}/results`;
    const qr = renderSVG(url, { ecc: "M", border: 2 }).replace("<svg ", '<svg role="img" aria-label="Mã QR dẫn tới trang kết quả hội nghị" ');
    return c.html(<ResultsNoticeDocument c={c} {...data} url={url} qr={qr} />);
  });
