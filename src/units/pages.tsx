import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay } from "../lib/dates";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import type { FieldError } from "../lib/problem";
import { ErrorSummary, Field, type FormValues, readQuery, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { createUnitSchema, importFormSchema, listUnitsQuerySchema, UNIT_LEVELS } from "./schema";
import { listUnits, toUnit } from "./store";
import { createUnit, importUnits } from "./workflow";

/** `/admin/units`: browse, add and import administrative units. */
export const unitsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await UnitsPage({ c, notice: noticeFrom(c) })))
  .post(
    "/",
    validateForm(
      createUnitSchema,
      (form) => ({
        code: form.raw("code"),
        name: form.raw("name"),
        level: form.raw("level"),
        parentCode: form.text("parentCode"),
        validFrom: form.text("validFrom"),
        validTo: form.text("validTo"),
        replacedBy: form.text("replacedBy"),
      }),
      (c, failure) => UnitsPage({ c, ...failure }),
    ),
    async (c) => {
      const unit = await createUnit(c.env.DB, currentUser(c), c.req.valid("form"));
      return c.redirect(`/admin/units?created=${encodeURIComponent(unit.code)}`, 303);
    },
  )
  .post(
    "/import",
    validateForm(
      importFormSchema,
      async (form) => ({ csv: (await form.files("file")[0]?.text()) ?? form.text("csv") ?? "" }),
      (c, failure) => UnitsPage({ c, importErrors: failure.errors }),
    ),
    async (c) => {
      const result = await importUnits(c.env.DB, currentUser(c), c.req.valid("form").csv);
      return c.redirect(`/admin/units?imported=${result.imported}`, 303);
    },
  );

function noticeFrom(c: Context<AppEnv>): string | null {
  const created = c.req.query("created");
  const imported = c.req.query("imported");
  if (created) return t(c, "units.created", { code: created });
  if (imported) return t(c, "units.imported", { count: imported });
  return null;
}

async function UnitsPage(props: { c: Context<AppEnv>; errors?: FieldError[]; values?: FormValues; importErrors?: FieldError[]; notice?: string | null }) {
  const { c, errors } = props;
  const values = props.values ?? {};
  const filter = readQuery(c, listUnitsQuerySchema).value ?? { limit: 50, q: undefined, cursor: undefined };
  const after = (decodeCursorOrStart(filter.cursor, ["string"])?.[0] as string) ?? null;
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
      <ErrorSummary c={c} errors={errors} />
      <form method="post" action="/admin/units" class="stack" aria-labelledby="create-unit">
        <Field c={c} path="code" label={t(c, "units.code")} errors={errors}>
          {(field) => <input {...field} name="code" required maxlength={20} value={values.code ?? ""} />}
        </Field>
        <Field c={c} path="name" label={t(c, "units.name")} errors={errors}>
          {(field) => <input {...field} name="name" required maxlength={200} value={values.name ?? ""} />}
        </Field>
        <Field c={c} path="level" label={t(c, "units.level")} errors={errors}>
          {(field) => (
            <select {...field} name="level" required>
              {UNIT_LEVELS.map((level) => (
                <option value={level} selected={values.level === level}>
                  {t(c, `level.${level}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field c={c} path="parentCode" label={t(c, "units.parent")} errors={errors}>
          {(field) => <input {...field} name="parentCode" maxlength={20} value={values.parentCode ?? ""} />}
        </Field>
        <Field c={c} path="validFrom" label={t(c, "units.validFrom")} errors={errors}>
          {(field) => <input {...field} name="validFrom" type="date" value={values.validFrom ?? ""} />}
        </Field>
        <Field c={c} path="validTo" label={t(c, "units.validTo")} errors={errors}>
          {(field) => <input {...field} name="validTo" type="date" value={values.validTo ?? ""} />}
        </Field>
        <Field c={c} path="replacedBy" label={t(c, "units.replacedBy")} errors={errors}>
          {(field) => <input {...field} name="replacedBy" maxlength={20} value={values.replacedBy ?? ""} />}
        </Field>
        <button type="submit">{t(c, "units.create")}</button>
      </form>

      <h2 id="import-units">{t(c, "units.import")}</h2>
      <p class="hint">{t(c, "units.importHelp")}</p>
      <ErrorSummary c={c} errors={props.importErrors} ids={{ header: "unit-file", row: "unit-file", csv: "unit-file" }} />
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
