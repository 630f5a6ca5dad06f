/**
 * Session events into the outbox: the sink the routes and pages hand to the sessions' workflows, and the
 * day-before reminder (a job). Every message row is written by `outboxSelectStatement` in the batch of the change
 * that causes it; once that batch has committed the new rows' ids go to the queue.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { addDays } from "../holidays/rules";
import { endOfLocalDay, localDay, startOfLocalDay } from "../lib/dates";
import { publicOrigin } from "../notifications/rules";
import { outboxSelectStatement, returnedIds } from "../notifications/store";
import { dispatch, enqueueDeliveries, type WaitUntil } from "../notifications/workflow";
import type { EventStatements, SessionEvent } from "./events";
import { type NotifyConfig, registrantMessages, remindedRegistrations, villageHeadMessages } from "./notify-store";

type NotifyEnv = { NOTIFICATIONS: Queue; PHONE_CHANNEL?: string; PUBLIC_ORIGIN?: string };

/**
 * Where links point when no request is at hand (a job) and `PUBLIC_ORIGIN` is unset: the local dev server. In
 * production `PUBLIC_ORIGIN` must be set for the reminders' links (the job warns when it is not).
 */
const FALLBACK_ORIGIN = "http://127.0.0.1:8787";

export function notifyConfig(env: NotifyEnv, requestUrl?: string): NotifyConfig {
  return { origin: publicOrigin(env, requestUrl ?? FALLBACK_ORIGIN), phoneChannel: env.PHONE_CHANNEL === "zalo" ? "zalo" : "sms" };
}

/** The outbox statements of events: registrants and village heads, each selection guarded by its event's write. */
export function eventOutboxStatements(db: D1Database, events: SessionEvent[], config: NotifyConfig): D1PreparedStatement[] {
  return events.flatMap((event) => {
    const now = new Date(event.at);
    const statements: D1PreparedStatement[] = [];
    if (event.registrations) statements.push(outboxSelectStatement(db, registrantMessages(event.kind, event.registrations, event.reason, config), { now }));
    if (event.villages) statements.push(outboxSelectStatement(db, villageHeadMessages(event.kind, event.sessionId, event.villages, config), { now }));
    return statements;
  });
}

/** The sink for one request: messages ride in the write batch, and the rows written go to the queue afterwards. */
export function sessionNotifier(env: NotifyEnv, ctx: WaitUntil, requestUrl: string): EventStatements {
  const config = notifyConfig(env, requestUrl);
  return {
    statements: (db, events) => eventOutboxStatements(db, events, config),
    committed: (results) => dispatch(env, ctx, returnedIds(results)),
  };
}

/** `notifierOf(c)`: the sink for a route's or page's request. */
export const notifierOf = (c: Context<AppEnv>): EventStatements => sessionNotifier(c.env, c.executionCtx, c.req.url);

/**
 * The reminder at 08:00 local the day before (the job runs on the cron `0 1 * * *`, 01:00 UTC): every confirmed
 * registrant of a session still announced for tomorrow, read from the current state. A rerun of the job, or a
 * retry after a failure, writes nothing more (one message per session, day and registrant).
 */
export async function sendReminders(env: NotifyEnv & { DB: D1Database }, now: Date): Promise<{ reminders: number }> {
  if (!env.PUBLIC_ORIGIN?.trim())
    console.warn(JSON.stringify({ level: "warn", event: "sessions.reminders_without_origin", origin: FALLBACK_ORIGIN, hint: "set PUBLIC_ORIGIN" }));
  const tomorrow = addDays(localDay(now), 1);
  const selection = registrantMessages(
    "session.reminder",
    remindedRegistrations(startOfLocalDay(tomorrow), endOfLocalDay(tomorrow)),
    undefined,
    notifyConfig(env),
  );
  const [result] = await env.DB.batch([outboxSelectStatement(env.DB, selection, { now })]);
  const ids = returnedIds([result]);
  await enqueueDeliveries(env.NOTIFICATIONS, ids);
  return { reminders: ids.length };
}
