/** Calendar use cases for the API and the admin page: each change and its audit entry in one `batch()`. */
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { notFound } from "../lib/problem";
import type { Holiday } from "./schema";
import { deleteHolidayStatement, putHolidayStatements } from "./store";

/** Adds or changes a non-working day; tells whether it was new. */
export async function putHoliday(db: D1Database, user: SessionUser, holiday: Holiday): Promise<{ created: boolean }> {
  const [existed, write] = putHolidayStatements(db, holiday);
  const [before] = await db.batch([
    existed,
    write,
    auditStatement(db, { actorId: user.id, action: "holiday.put", targetType: "holiday", targetId: holiday.date, detail: holiday }),
  ]);
  return { created: before.results.length === 0 };
}

/** Removes a non-working day; 404 when there was none (and then nothing is logged). */
export async function deleteHoliday(db: D1Database, user: SessionUser, date: string): Promise<void> {
  const [deleted] = await db.batch([
    deleteHolidayStatement(db, date),
    auditStatement(db, { actorId: user.id, action: "holiday.delete", targetType: "holiday", targetId: date }, { afterChange: true }),
  ]);
  if (deleted.meta.changes !== 1) throw notFound("holiday.not_found");
}
