import { type Context, Hono } from "hono";
import { ROLES, type Role } from "../auth/roles";
import type { AppEnv } from "../env";
import { formatDay, formatInstant } from "../lib/dates";
import { decodeCursorOrStart, encodeCursor } from "../lib/pagination";
import type { MessageCode, MessageParams } from "../lib/problem";
import { readQuery } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, FilterSelect, Layout } from "../web/layout";
import { type AuditEvent, pageOfEvents } from "./rules";
import { auditQuerySchema } from "./schema";
import { type AuditPageEntry, auditPageStatement, toAuditPageEntries } from "./store";

/** Entries read per page: enough for a few dozen events of several entries each. */
const PAGE_ENTRIES = 200;

/** The logged actions people can filter by, each with what the filter calls it. */
const ACTION_KINDS: Record<string, MessageCode> = {
  "petition.view_personal_data": "audit.kind.petition_view_personal_data",
  "petition.view_photo": "audit.kind.petition_view_photo",
  "account.create": "audit.kind.account_create",
  "account.update": "audit.kind.account_update",
  "unit.create": "audit.kind.unit_create",
  "unit.import": "audit.kind.unit_import",
  "holiday.put": "audit.kind.holiday_put",
  "holiday.delete": "audit.kind.holiday_delete",
  "time_limit.put": "audit.kind.time_limit_put",
  "category.create": "audit.kind.category_create",
  "petition.export": "audit.kind.petition_export",
  "notification.view_addresses": "audit.kind.notification_view_addresses",
  "job.failed": "audit.kind.job_failed",
  "village.create": "audit.kind.village_create",
  "village.update": "audit.kind.village_update",
  "village.delete": "audit.kind.village_delete",
  "village.import": "audit.kind.village_import",
  "policy.put": "audit.kind.policy_put",
  "session.book": "audit.kind.session_book",
  "session.edit": "audit.kind.session_edit",
  "session.docket_add": "audit.kind.session_docket_add",
  "session.docket_remove": "audit.kind.session_docket_remove",
  "session.view_registrations": "audit.kind.session_view_registrations",
  "registration.create": "audit.kind.registration_create",
  "registration.cancel": "audit.kind.registration_cancel",
};

/** File kinds as people call them. */
const FILE_KINDS: Record<string, string> = { csv: "CSV", xlsx: "Excel", json: "JSON" };
const localDayText = (value: unknown) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? formatDay(value.slice(0, 10)) : null);

type C = Context<AppEnv>;
type Detail = Record<string, unknown>;

const roleWords = (c: C, role: unknown) => ((ROLES as readonly unknown[]).includes(role) ? t(c, `role.${role as Role}`) : "");
const trackingCode = (code: string) => code.match(/.{1,4}/g)?.join("-") ?? code;

/** The target as words: a petition by its tracking code, an account or a unit by name. */
function targetWords(c: C, entry: AuditPageEntry): string {
  switch (entry.targetType) {
    case "petition":
      return entry.targetName ? t(c, "audit.petition", { code: trackingCode(entry.targetName) }) : t(c, "audit.aPetition");
    case "account":
      return entry.targetName ?? t(c, "audit.anAccount");
    case "holiday":
      return formatDay(entry.targetId);
    case "village":
      return entry.targetName ?? t(c, "audit.aVillage");
    case "dialogue_session":
    case "session_registration":
      return entry.targetName ?? t(c, "audit.aSession");
    default:
      return entry.targetName ?? t(c, "audit.aUnit");
  }
}

/** What one logged action did, as a sentence (or several, for an account changed in more than one way). */
function sentencesOf(c: C, entry: AuditPageEntry): string[] {
  const detail = (entry.detail && typeof entry.detail === "object" ? entry.detail : {}) as Detail;
  const target = targetWords(c, entry);
  const say = (code: MessageCode, params?: MessageParams) => t(c, code, params);
  switch (entry.action) {
    case "petition.view_personal_data":
      return [say("audit.did.petition_view_personal_data", { petition: target })];
    case "petition.view_photo":
      return [say("audit.did.petition_view_photo", { petition: target })];
    case "account.create":
      return [
        entry.detailUnitName
          ? say("audit.did.account_create_unit", { name: target, role: roleWords(c, detail.role), unit: entry.detailUnitName })
          : say("audit.did.account_create", { name: target, role: roleWords(c, detail.role) }),
      ];
    case "account.update": {
      const said: string[] = [];
      if (detail.disabled === true) said.push(say("audit.did.account_disable", { name: target }));
      if (detail.disabled === false) said.push(say("audit.did.account_enable", { name: target }));
      if (detail.passwordChanged === true) said.push(say("audit.did.account_password", { name: target }));
      if (typeof detail.role === "string") said.push(say("audit.did.account_role", { name: target, role: roleWords(c, detail.role) }));
      if (detail.unitCode !== undefined) said.push(say("audit.did.account_unit", { name: target, unit: entry.detailUnitName ?? t(c, "accounts.noUnit") }));
      if (typeof detail.name === "string") said.push(say("audit.did.account_rename", { name: detail.name }));
      return said.length ? said : [say("audit.did.account_update", { name: target })];
    }
    case "unit.create":
      return [say("audit.did.unit_create", { name: target })];
    case "unit.import":
      return [
        say("audit.did.unit_import", { count: Number(detail.imported) || 0, created: Number(detail.created) || 0, updated: Number(detail.updated) || 0 }),
      ];
    case "holiday.put":
      return [say("audit.did.holiday_put", { date: target, name: typeof detail.name === "string" ? detail.name : "" })];
    case "holiday.delete":
      return [say("audit.did.holiday_delete", { date: target })];
    case "time_limit.put":
      return [say("audit.did.time_limit_put", { province: entry.detailUnitName ?? t(c, "audit.nationalDefault") })];
    case "category.create":
      return [say("audit.did.category_create", { name: target })];
    case "petition.export": {
      const format = FILE_KINDS[String(detail.format)] ?? FILE_KINDS.csv;
      const from = localDayText(detail.from);
      const to = localDayText(detail.to);
      const period =
        from && to ? say("audit.period.both", { from, to }) : from ? say("audit.period.from", { from }) : to ? say("audit.period.to", { to }) : null;
      return [period ? say("audit.did.petition_export_period", { unit: target, format, period }) : say("audit.did.petition_export", { unit: target, format })];
    }
    case "notification.view_addresses":
      if (entry.targetType === "petition") return [say("audit.did.notification_view_addresses", { petition: target })];
      return [say(entry.targetType === "session" ? "audit.did.notification_view_addresses_session" : "audit.did.notification_view_addresses_all")];
    case "village.create":
      return [
        say("audit.did.village_create", { name: typeof detail.name === "string" ? detail.name : target, unit: entry.detailUnitName ?? t(c, "audit.aUnit") }),
      ];
    case "village.update":
      return [say("audit.did.village_update", { name: target })];
    case "village.delete":
      return [say("audit.did.village_delete", { name: target })];
    case "village.import":
      return [say("audit.did.village_import", { count: Number(detail.rows) || 0, unit: target })];
    case "policy.put":
      return [say("audit.did.policy_put", { province: entry.detailUnitName ?? t(c, "audit.aUnit"), date: formatDay(entry.targetId.split("/")[1] ?? "") })];
    case "session.book":
    case "session.edit":
    case "session.docket_add":
    case "session.docket_remove":
    case "session.view_registrations":
    case "registration.create":
    case "registration.cancel":
      return [say(`audit.did.${entry.action.replace(".", "_")}` as MessageCode, { title: target })];
    case "job.failed":
      return [say("audit.did.job_failed", { attempts: Number(detail.attempts) || 1 })];
    default:
      return [say("audit.did.other")];
  }
}

/** An event in words: each of its actions once, with how many times it was logged. */
function EventWhat(props: { c: C; event: AuditEvent<AuditPageEntry> }) {
  const { c, event } = props;
  // Told in the order it happened: the event lists its actions newest first.
  const lines = [...event.actions].reverse().flatMap((group) => {
    // Views repeat the same sentence: say it once with a count. Changes each say what they changed.
    const isView = /^petition\.view_|\.view_/.test(group.action);
    const entries = isView ? [group.entries[0]] : [...group.entries].reverse();
    return entries.flatMap((entry) =>
      sentencesOf(c, entry).map((sentence) => (isView && group.count > 1 ? `${sentence} ${t(c, "audit.times", { count: group.count })}` : sentence)),
    );
  });
  const unique = [...new Set(lines)];
  return unique.length === 1 ? (
    unique[0]
  ) : (
    <ul class="plain">
      {unique.map((line) => (
        <li>{line}</li>
      ))}
    </ul>
  );
}

function EventWho(props: { c: C; entry: AuditPageEntry }) {
  const { c, entry } = props;
  if (!entry.actorId) return <>{t(c, "audit.system")}</>;
  const role = roleWords(c, entry.actorRole);
  return (
    <>
      <a href={`/admin/audit?${new URLSearchParams({ actorId: entry.actorId })}`} title={t(c, "audit.byActor", { name: entry.actorName ?? "" })}>
        {entry.actorName ?? t(c, "audit.unknownPerson")}
      </a>
      {role ? (
        <>
          <br />
          <span class="hint">{entry.actorUnitName ? t(c, "audit.actorWithRole", { role, unit: entry.actorUnitName }) : role}</span>
        </>
      ) : null}
    </>
  );
}

function whenText(event: AuditEvent<AuditPageEntry>): string {
  const first = formatInstant(event.firstAt);
  const last = formatInstant(event.lastAt);
  if (first === last) return last;
  // Same day: "12/03/2026 14:02–14:05".
  return first.slice(0, 10) === last.slice(0, 10) ? `${first}–${last.slice(11)}` : `${first} – ${last}`;
}

/** `/admin/audit`: who viewed whose personal data and every administrative change, one line per event. */
export const auditPages = new Hono<AppEnv>().use(pageAccess("admin")).get("/", async (c) => {
  const query = readQuery(c, auditQuerySchema).value ?? { limit: 50, cursor: undefined };
  const { limit: _limit, cursor, ...filter } = query;
  const before = (decodeCursorOrStart(cursor, ["number"])?.[0] as number) ?? null;
  const rows = toAuditPageEntries(await auditPageStatement(c.env.DB, filter, PAGE_ENTRIES, before).all());
  const hasMore = rows.length > PAGE_ENTRIES;
  const { events, nextBeforeId } = pageOfEvents(rows.slice(0, PAGE_ENTRIES), hasMore);
  const first = rows[0];
  const filteredBy = filter.actorId
    ? t(c, "audit.filteredByActor", { name: first?.actorName ?? t(c, "audit.unknownPerson") })
    : filter.targetId && first
      ? t(c, "audit.filteredByTarget", { target: targetWords(c, first) })
      : null;
  const keep = Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return c.html(
    <Layout c={c} title={t(c, "audit.title")}>
      <p>{t(c, "audit.intro")}</p>
      <search>
        <form method="get" action="/admin/audit" class="row">
          {filter.actorId ? <input type="hidden" name="actorId" value={filter.actorId} /> : null}
          <FilterSelect
            c={c}
            id="audit-action"
            name="action"
            label={t(c, "audit.action")}
            selected={filter.action}
            options={Object.entries(ACTION_KINDS).map(([value, label]) => ({ value, label: t(c, label) }))}
          />
          <button type="submit" class="secondary">
            {t(c, "form.filter")}
          </button>
        </form>
      </search>
      {filteredBy ? (
        <p>
          {filteredBy} <a href="/admin/audit">{t(c, "form.clearFilters")}</a>
        </p>
      ) : null}
      {events.length ? (
        <DataTable label={t(c, "audit.title")} columns={[t(c, "audit.at"), t(c, "audit.actor"), t(c, "audit.what")]}>
          {events.map((event) => (
            <tr>
              <td>
                <time datetime={event.lastAt}>{whenText(event)}</time>
              </td>
              <td>
                <EventWho c={c} entry={event.lead} />
              </td>
              <td>
                <EventWhat c={c} event={event} />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t(c, "audit.none")}</p>
      )}
      {nextBeforeId !== null ? (
        <p>
          <a href={`/admin/audit?${new URLSearchParams({ ...keep, cursor: encodeCursor([nextBeforeId]) })}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
    </Layout>,
  );
});
