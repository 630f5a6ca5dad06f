import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { isWeekend } from "./rules";
import { holidayDateParamSchema, holidayListSchema, holidaySchema, holidayYearQuerySchema, putHolidaySchema } from "./schema";
import { listHolidays } from "./store";
import { deleteHoliday, putHoliday } from "./workflow";

/** `/api/v1/holidays`: the non-working weekdays that deadlines skip. Public to read; administrators edit. */
export const holidaysApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Calendar"],
      summary: "Calendar entries of a year (default: this year): days off and working weekend days",
      responses: { 200: { description: "Holidays", schema: holidayListSchema } },
    }),
    validate("query", holidayYearQuerySchema),
    async (c) => {
      const year = c.req.valid("query").year ?? Number(localDay().slice(0, 4));
      return c.json({ items: await listHolidays(c.env.DB, year) });
    },
  )
  .put(
    "/:date",
    describeRoute({
      tags: ["Calendar"],
      summary: "Add or change a calendar entry",
      description:
        "`kind`: `day_off` (a public holiday or an announced swap) or `working_day` (a Saturday or Sunday worked in exchange). A day off on a weekend only matters as a record. `provisional` marks days not yet announced. When a day turns from working to not (or back), the open deadlines it affects are recomputed by a job, each with a history entry.",
      responses: { 200: { description: "Changed", schema: holidaySchema }, 201: { description: "Added", schema: holidaySchema } },
    }),
    access("admin"),
    validate("param", holidayDateParamSchema),
    validate("json", putHolidaySchema),
    async (c) => {
      const holiday = { date: c.req.valid("param").date, ...c.req.valid("json") };
      const { created } = await putHoliday(c.env, currentUser(c), holiday);
      return c.json({ ...holiday, weekend: isWeekend(holiday.date) }, created ? 201 : 200);
    },
  )
  .delete(
    "/:date",
    describeRoute({ tags: ["Calendar"], summary: "Remove a calendar entry", responses: { 204: { description: "Removed" } } }),
    access("admin"),
    validate("param", holidayDateParamSchema),
    async (c) => {
      const { date } = c.req.valid("param");
      await deleteHoliday(c.env, currentUser(c), date);
      return c.body(null, 204);
    },
  );
