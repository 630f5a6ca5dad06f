import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { DeadlineStatus } from "../holidays/rules";
import { formatDay } from "../lib/dates";
import { t } from "./i18n";

/** A deadline's standing in words: "còn 3 ngày làm việc", "hạn chót hôm nay", "quá hạn 2 ngày". */
export function deadlinePhrase(c: Context<AppEnv>, status: DeadlineStatus): string {
  switch (status.state) {
    case "overdue":
      return t(c, status.days === 1 ? "deadline.overdue.one" : "deadline.overdue", { count: status.days });
    case "today":
      return t(c, "deadline.today");
    default:
      if (status.workingDays === 0) return t(c, "deadline.noWorkingDayLeft");
      return t(c, status.workingDays === 1 ? "deadline.left.one" : "deadline.left", { count: status.workingDays });
  }
}

/**
 * A deadline as people read it at a glance: the date (dd/mm/yyyy) and, beside it, how it stands — red once
 * passed, amber on its last days. Compute `status` with `deadlineStatus` (holidays/rules) over the holiday set.
 */
export function Deadline(props: { c: Context<AppEnv>; dueDay: string; status: DeadlineStatus }) {
  const { status } = props;
  const tone = status.state === "overdue" ? "bad" : status.state === "today" || status.soon ? "warn" : "";
  return (
    <span class="deadline">
      <time datetime={props.dueDay}>{formatDay(props.dueDay)}</time> <span class={tone ? `badge ${tone}` : "badge"}>{deadlinePhrase(props.c, status)}</span>
    </span>
  );
}
