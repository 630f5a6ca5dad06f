/**
 * What was sent, for two readers: officials on a petition's or session's page (`NotificationsTable`), and the
 * resident on their tracking or registration page (`SentMessages`, addresses always masked).
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { formatInstant } from "../lib/dates";
import { t } from "../web/i18n";
import { DataTable } from "../web/layout";
import type { NotificationError } from "./messages";
import type { NotificationStatus, NotificationView, ResidentNotification } from "./schema";

type C = Context<AppEnv>;

function StatusText(props: { c: C; status: NotificationStatus; error?: string | null }) {
  const tone = props.status === "sent" ? "ok" : props.status === "failed" ? "bad" : props.status === "skipped" ? "warn" : "";
  const reason = props.error && props.status !== "sent" ? t(props.c, `notifications.error.${props.error as NotificationError}`) : null;
  return (
    <span>
      <span class={`badge ${tone}`}>{t(props.c, `notifications.status.${props.status}`)}</span>
      {reason ? ` (${reason})` : null}
    </span>
  );
}

/** The officials' table: when, about what, to whom (masked where protected), by which channel, and how it went. */
export function NotificationsTable(props: { c: C; items: NotificationView[] }) {
  const { c } = props;
  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t(c, "notifications.title")}</h2>
      {props.items.length === 0 ? (
        <p>{t(c, "notifications.none")}</p>
      ) : (
        <DataTable
          label={t(c, "notifications.title")}
          columns={[
            t(c, "notifications.at"),
            t(c, "notifications.kind"),
            t(c, "notifications.recipient"),
            t(c, "notifications.channel"),
            t(c, "notifications.address"),
            t(c, "notifications.status"),
          ]}
        >
          {props.items.map((item) => (
            <tr>
              <td>{formatInstant(item.sentAt ?? item.at)}</td>
              <td>{t(c, `notifications.kind.${item.kind}`)}</td>
              <td>{t(c, `notifications.role.${item.recipientRole}`)}</td>
              <td>{t(c, `notifications.channel.${item.channel}`)}</td>
              <td>{item.address}</td>
              <td>
                <StatusText c={c} status={item.status} error={item.error} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** The resident's "what was sent": nothing is shown when nothing was sent. */
export function SentMessages(props: { c: C; items: ResidentNotification[] }) {
  const { c } = props;
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby="sent-messages-title">
      <h2 id="sent-messages-title">{t(c, "notifications.residentTitle")}</h2>
      <ul>
        {props.items.map((item) => (
          <li>
            {formatInstant(item.at)}: {t(c, `notifications.kind.${item.kind}`)}, {t(c, `notifications.channel.${item.channel}`)} {item.address} —{" "}
            <StatusText c={c} status={item.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
