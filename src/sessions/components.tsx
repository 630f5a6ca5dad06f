/** Pieces the sessions' pages share: times in words, the status badge, the facts of a session, its places. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { formatMessage, t } from "../web/i18n";
import { DataTable } from "../web/layout";
import { sessionMessages } from "./messages";
import { seatsLeft } from "./rules";
import type { Attendance, SessionStatus, SessionView } from "./schema";

type C = Context<AppEnv>;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const local = (iso: string) => new Date(Date.parse(iso) + VIETNAM_OFFSET_MS);

/** HH:mm in Asia/Ho_Chi_Minh. */
export const localTime = (iso: string) => local(iso).toISOString().slice(11, 16);

/** A form's local date-time ("2026-03-10T08:00") and end time ("11:00") as instants with the +07:00 offset. */
export function instantsFromForm(start: string | undefined, endTime: string | undefined): { startsAt?: string; endsAt?: string } {
  if (!start || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start)) return { startsAt: start };
  return { startsAt: `${start}:00+07:00`, endsAt: endTime && /^\d{2}:\d{2}$/.test(endTime) ? `${start.slice(0, 10)}T${endTime}:00+07:00` : endTime };
}

/** "Thứ Ba, 10/03/2026" */
export function dayInWords(c: C, iso: string): string {
  const weekday = local(iso).getUTCDay();
  return `${t(c, `weekday.${weekday as 0 | 1 | 2 | 3 | 4 | 5 | 6}`)}, ${formatDay(localDay(new Date(iso)))}`;
}

/** "Thứ Ba, 10/03/2026, 08:00–11:00" */
export const whenInWords = (c: C, startsAt: string, endsAt: string) => `${dayInWords(c, startsAt)}, ${localTime(startsAt)}–${localTime(endsAt)}`;

const BADGE: Record<SessionStatus, string> = { draft: "warn", published: "ok", held: "", results_published: "ok", cancelled: "bad" };

export function StatusBadge(props: { c: C; status: SessionStatus }) {
  return <span class={`badge ${BADGE[props.status]}`}>{t(props.c, `session.status.${props.status}`)}</span>;
}

/** Seats at one place in words: "còn 12 chỗ" or "hết chỗ, 3 người chờ". */
export function seatsInWords(c: C, place: { capacity: number; confirmed: number; waitlisted: number }): string {
  const left = seatsLeft(place);
  return left > 0 && place.waitlisted === 0
    ? t(c, "sessions.seatsLeft", { left, capacity: place.capacity })
    : t(c, "sessions.full", { waiting: place.waitlisted });
}

/** The facts everyone may read: when, where, how, who chairs, who co-organises. */
export function SessionFacts(props: { c: C; session: SessionView }) {
  const { c, session } = props;
  return (
    <dl class="facts">
      <dt>{t(c, "sessions.when")}</dt>
      <dd>{whenInWords(c, session.startsAt, session.endsAt)}</dd>
      <dt>{t(c, "sessions.venue")}</dt>
      <dd>
        {session.venue.name}
        {session.venue.address ? `, ${session.venue.address}` : ""}
      </dd>
      <dt>{t(c, "sessions.mode")}</dt>
      <dd>
        {t(c, `session.mode.${session.mode}`)}
        {session.onlineUrl && session.status !== "cancelled" ? (
          <>
            {" · "}
            <a href={session.onlineUrl} rel="noopener noreferrer">
              {t(c, "sessions.onlineLink")}
            </a>
          </>
        ) : null}
      </dd>
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
      <dt>{t(c, "sessions.status")}</dt>
      <dd>
        <StatusBadge c={c} status={session.status} />
        {session.shortNotice ? <span class="badge warn">{t(c, "sessions.shortNoticeBadge")}</span> : null}
        {session.recordedAfterwards ? <span class="badge">{t(c, "sessions.recordedBadge")}</span> : null}
        {session.cancelReason ? ` ${session.cancelReason}` : ""}
      </dd>
    </dl>
  );
}

/** The main venue and the bridge points with their seats. */
export function PlacesList(props: { c: C; session: SessionView }) {
  const { c, session } = props;
  const places = [
    {
      id: session.id,
      name: session.venue.name,
      address: session.venue.address,
      capacity: session.capacity,
      confirmed: session.confirmed,
      waitlisted: session.waitlisted,
    },
    ...session.bridgePoints,
  ];
  return (
    <ul class="places">
      {places.map((place, index) => (
        <li>
          <strong>{index === 0 ? t(c, "sessions.mainVenue", { name: place.name }) : t(c, "sessions.bridgePoint", { name: place.name })}</strong>
          {place.address ? ` — ${place.address}` : ""}: {seatsInWords(c, place)}
        </li>
      ))}
    </ul>
  );
}

/** Attendance by place (checked in, walk-ins) and by village: on this page and the officials' session page. */
export function AttendanceTables(props: { c: C; attendance: Attendance }) {
  const { c, attendance } = props;
  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t(c, "attendance.title")}</h2>
      <p>{t(c, "attendance.total", { total: attendance.total })}</p>
      <DataTable label={t(c, "attendance.byPlace")} columns={[t(c, "attendance.place"), t(c, "attendance.registered"), t(c, "attendance.walkIns")]}>
        {attendance.places.map((place) => (
          <tr>
            <td>{place.name}</td>
            <td>{place.checkedIn}</td>
            <td>{place.walkIns}</td>
          </tr>
        ))}
      </DataTable>
      {attendance.villages.length ? (
        <DataTable label={t(c, "attendance.byVillage")} columns={[t(c, "attendance.village"), t(c, "attendance.count")]}>
          {attendance.villages.map((village) => (
            <tr>
              <td>{village.name ?? t(c, "attendance.noVillage")}</td>
              <td>{village.checkedIn}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}

/** A day in a document's words, always Vietnamese (the legal form): "Thứ Ba, 10/03/2026". */
export function viDay(iso: string): string {
  const weekday = local(iso).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
  return `${formatMessage(sessionMessages[`weekday.${weekday}`][0])}, ${formatDay(localDay(new Date(iso)))}`;
}

/** "An Khê" from "Xã An Khê (minh họa)": the place name a document is dated at. */
export const placeName = (unitName: string) => unitName.replace(/^(Xã|Phường|Đặc khu|Thị trấn)\s+/u, "").replace(/\s*\(.*\)\s*$/, "");

/** A unit's name inside a sentence: "Ủy ban nhân dân xã An Khê", not "… Xã An Khê". */
export const inSentence = (name: string) => name.replace(/^(Xã|Phường|Đặc khu|Thị trấn)(?=\s)/u, (level) => level.toLowerCase());
