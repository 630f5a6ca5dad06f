import { type Context, Hono } from "hono";
import * as v from "valibot";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { auditStatement } from "../lib/audit";
import { formatDay } from "../lib/dates";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import { type FieldError, Problem } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { createUnitSchema, listUnitsQuerySchema, UNIT_LEVELS } from "./schema";
import { createUnit, importUnitsCsv, listUnits, toUnit } from "./store";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** `/admin/units`: browse, add and import administrative units. */
export const unitsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await UnitsPage({ c, notice: noticeFrom(c) })))
  .post("/", async (c) => {
    const form = await c.req.parseBody();
    const parsed = v.safeParse(createUnitSchema, {
      code: form.code ?? "",
      name: form.name ?? "",
      level: form.level ?? "",
      parentCode: blankToUndefined(form.parentCode),
      validFrom: blankToUndefined(form.validFrom),
      validTo: blankToUndefined(form.validTo),
      replacedBy: blankToUndefined(form.replacedBy),
    });
    if (!parsed.success) return c.html(await UnitsPage({ c, errors: issuesToErrors(parsed.issues) }), 400);
    try {
      const unit = await createUnit(c.env.DB, parsed.output);
      await auditStatement(c.env.DB, { actorId: currentUser(c).id, action: "unit.create", targetType: "unit", targetId: unit.code }).run();
      return c.redirect(`/admin/units?created=${encodeURIComponent(unit.code)}`, 303);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      return c.html(await UnitsPage({ c, errors: error.body.errors ?? [{ path: "code", message: error.body.detail }] }), error.status === 409 ? 409 : 400);
    }
  })
  .post("/import", async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    const text = file instanceof File ? await file.text() : typeof form.csv === "string" ? form.csv : "";
    try {
      const result = await importUnitsCsv(c.env.DB, text);
      await auditStatement(c.env.DB, { actorId: currentUser(c).id, action: "unit.import", targetType: "unit", targetId: "*", detail: result }).run();
      return c.redirect(`/admin/units?imported=${result.imported}`, 303);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      return c.html(await UnitsPage({ c, importErrors: error.body.errors ?? [{ path: "", message: error.body.detail }] }), 400);
    }
  });

function noticeFrom(c: Context<AppEnv>): string | null {
  const created = c.req.query("created");
  const imported = c.req.query("imported");
  if (created) return t(c, "units.created", { code: created });
  if (imported) return t(c, "units.imported", { count: imported });
  return null;
}

async function UnitsPage(props: { c: Context<AppEnv>; errors?: FieldError[]; importErrors?: FieldError[]; notice?: string | null }) {
  const { c } = props;
  const query = v.safeParse(listUnitsQuerySchema, c.req.query());
  const filter = query.success ? query.output : { limit: 50, q: undefined, cursor: undefined };
  const after = (decodeCursorOrStart(filter.cursor, 1)?.[0] as string) ?? null;
  const page = toPage(await listUnits(c.env.DB, { q: filter.q }, filter.limit, after), filter.limit, toUnit, (row) => [row.code]);
  return (
    <Layout c={c} title={t(c, "units.title")}>
      <Notice text={props.notice} />
      <search>
        <form method="get" action="/admin/units" class="stack">
          <div>
            <label for="q">{t(c, "units.search")}</label>
            <input id="q" name="q" type="search" value={filter.q ?? ""} />
          </div>
          <button type="submit" class="secondary">
            {t(c, "form.search")}
          </button>
        </form>
      </search>
      <DataTable
        label={t(c, "units.title")}
        columns={[t(c, "units.code"), t(c, "units.name"), t(c, "units.level"), t(c, "units.parent"), t(c, "units.validTo")]}
      >
        {page.items.map((unit) => (
          <tr>
            <td>{unit.code}</td>
            <td>{unit.name}</td>
            <td>{t(c, `level.${unit.level}`)}</td>
            <td>{unit.parentCode ?? ""}</td>
            <td>
              {formatDay(unit.validTo)}
              {unit.replacedBy ? ` → ${unit.replacedBy}` : ""}
            </td>
          </tr>
        ))}
      </DataTable>
      {page.nextCursor ? (
        <p>
          <a href={`/admin/units?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), cursor: page.nextCursor })}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}

      <h2 id="create-unit">{t(c, "units.create")}</h2>
      <FormErrors c={c} errors={props.errors} />
      <form method="post" action="/admin/units" class="stack" aria-labelledby="create-unit">
        <div>
          <label for="unit-code">{t(c, "units.code")}</label>
          <input id="unit-code" name="code" required maxlength={20} />
        </div>
        <div>
          <label for="unit-name">{t(c, "units.name")}</label>
          <input id="unit-name" name="name" required maxlength={200} />
        </div>
        <div>
          <label for="unit-level">{t(c, "units.level")}</label>
          <select id="unit-level" name="level" required>
            {UNIT_LEVELS.map((level) => (
              <option value={level}>{t(c, `level.${level}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="unit-parent">{t(c, "units.parent")}</label>
          <input id="unit-parent" name="parentCode" maxlength={20} />
        </div>
        <div>
          <label for="unit-valid-from">{t(c, "units.validFrom")}</label>
          <input id="unit-valid-from" name="validFrom" type="date" />
        </div>
        <div>
          <label for="unit-valid-to">{t(c, "units.validTo")}</label>
          <input id="unit-valid-to" name="validTo" type="date" />
        </div>
        <div>
          <label for="unit-replaced-by">{t(c, "units.replacedBy")}</label>
          <input id="unit-replaced-by" name="replacedBy" maxlength={20} />
        </div>
        <button type="submit">{t(c, "units.create")}</button>
      </form>

      <h2 id="import-units">{t(c, "units.import")}</h2>
      <p class="hint">{t(c, "units.importHelp")}</p>
      <FormErrors c={c} errors={props.importErrors} />
      <form method="post" action="/admin/units/import" enctype="multipart/form-data" class="stack" aria-labelledby="import-units">
        <div>
          <label for="unit-file">{t(c, "units.file")}</label>
          <input id="unit-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">{t(c, "units.import")}</button>
      </form>
    </Layout>
  );
}
