/**
 * Calendar use cases for the API and the admin page: each change, its audit entry and `calendar_days` kept in step
 * in one `batch()`. When a working day turns into a day off or back, the calendar's version moves and a job is sent
 * to recompute the open deadlines that depend on it.
 *
 * Why a job: the deadlines belong to petitions, a domain above this one (holidays may not import it, see
 * .dependency-cruiser.cjs). The job is named here and run by petitions/jobs.ts, in an invocation of its own, as one
 * set-based batch; it is idempotent and also runs every night, so a lost message only delays it to the next night.
 */
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import type { JobMessage } from "../jobs/queue";
import { fieldError, invalid, notFound } from "../lib/problem";
import { isWeekend } from "./rules";
import type { Holiday } from "./schema";
import { calendarChangeStatements, deleteHolidayStatement, putHolidayStatements } from "./store";

/** The job that recomputes open deadlines after a calendar change (petitions/jobs.ts registers it under this name). */
export const RECOMPUTE_DEADLINES_JOB = "petitions.recompute_deadlines";

type CalendarEnv = { DB: D1Database; JOBS: Queue };

/** After a committed change that moved the calendar: ask for the deadlines to follow. A lost send waits for the night. */
async function announceCalendarChange(env: CalendarEnv): Promise<void> {
  try {
    await env.JOBS.send({ job: RECOMPUTE_DEADLINES_JOB, scheduledTime: Date.now() } satisfies JobMessage, { contentType: "json" });
  } catch (error) {
    console.error(JSON.stringify({ level: "error", event: "holidays.job_not_sent", message: String(error) }));
  }
}

/** Adds or changes a calendar entry; tells whether it was new. A working day must be a Saturday or Sunday. */
export async function putHoliday(env: CalendarEnv, user: SessionUser, holiday: Holiday): Promise<{ created: boolean }> {
  if (holiday.kind === "working_day" && !isWeekend(holiday.date)) throw invalid([fieldError("kind", "holiday.working_day_on_weekday")]);
  const [existed, write] = putHolidayStatements(env.DB, holiday);
  const results = await env.DB.batch([
    existed,
    write,
    auditStatement(env.DB, { actorId: user.id, action: "holiday.put", targetType: "holiday", targetId: holiday.date, detail: holiday }),
    ...calendarChangeStatements(env.DB, holiday.date),
  ]);
  if (results[results.length - 1].meta.changes === 1) await announceCalendarChange(env);
  return { created: results[0].results.length === 0 };
}

/** Removes a calendar entry; 404 when there was none (and then nothing is logged). */
export async function deleteHoliday(env: CalendarEnv, user: SessionUser, date: string): Promise<void> {
  const results = await env.DB.batch([
    deleteHolidayStatement(env.DB, date),
    auditStatement(env.DB, { actorId: user.id, action: "holiday.delete", targetType: "holiday", targetId: date }, { afterChange: true }),
    ...calendarChangeStatements(env.DB, date),
  ]);
  if (results[0].meta.changes !== 1) throw notFound("holiday.not_found");
  if (results[results.length - 1].meta.changes === 1) await announceCalendarChange(env);
}
