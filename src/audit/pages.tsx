import { Hono } from "hono";
import type { AppEnv } from "../env";
import { formatInstant } from "../lib/dates";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import { readQuery } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, FilterSelect, Layout } from "../web/layout";
import { auditQuerySchema } from "./schema";
import { listAudit, toAuditEntry } from "./store";

const AUDITED_ACTIONS = [
  "petition.view_personal_data",
  "petition.view_photo",
  "account.create",
  "account.update",
  "unit.create",
  "unit.import",
  "holiday.put",
  "holiday.delete",
  "time_limit.put",
  "category.create",
];

/** `/admin/audit`: who viewed whose personal data, and every administrative change. */
export const auditPages = new Hono<AppEnv>().use(pageAccess("admin")).get("/", async (c) => {
  const { limit, cursor, ...filter } = readQuery(c, auditQuerySchema).value ?? { limit: 50, cursor: undefined };
  const before = (decodeCursorOrStart(cursor, ["number"])?.[0] as number) ?? null;
  const page = toPage(await listAudit(c.env.DB, filter, limit, before), limit, toAuditEntry, (row) => [row.id]);
  return c.html(
    <Layout c={c} title={t(c, "audit.title")}>
      <search>
        <form method="get" action="/admin/audit" class="row">
          <FilterSelect
            c={c}
            id="a-action"
            name="action"
            label={t(c, "audit.action")}
            selected={c.req.query("action")}
            options={AUDITED_ACTIONS.map((action) => ({ value: action, label: action }))}
          />
          <div>
            <label for="a-target">{t(c, "audit.target")}</label>
            <input id="a-target" name="targetId" value={c.req.query("targetId") ?? ""} />
          </div>
          <button type="submit" class="secondary">
            {t(c, "petition.filters")}
          </button>
        </form>
      </search>
      <DataTable label={t(c, "audit.title")} columns={[t(c, "audit.at"), t(c, "audit.actor"), t(c, "audit.action"), t(c, "audit.target")]}>
        {page.items.map((entry) => (
          <tr>
            <td>{formatInstant(entry.at)}</td>
            <td>{entry.actorEmail ?? entry.actorId ?? ""}</td>
            <td>{entry.action}</td>
            <td>
              {entry.targetType}: {entry.targetId}
            </td>
          </tr>
        ))}
      </DataTable>
      {page.nextCursor ? (
        <p>
          <a href={`/admin/audit?${new URLSearchParams({ ...c.req.query(), cursor: page.nextCursor })}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
    </Layout>,
  );
});
