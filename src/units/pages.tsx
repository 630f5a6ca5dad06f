import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import type { FieldError } from "../lib/problem";
import { ErrorSummary, Field, type FormFailure, type FormValues, readQuery, searchStep, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { UnitPicker } from "../web/unit-picker";
import { createUnitSchema, importFormSchema, listUnitsQuerySchema, UNIT_LEVELS, type UnitLevel } from "./schema";
import { listUnitsStatement, toUnitChoices, type UnitListingRow, unitPickerStatement, unitStatement } from "./store";
import { createUnit, importUnits } from "./workflow";

const UNIT_CHOICES = 50;
const PARENT_LEVELS: readonly UnitLevel[] = ["province", "district"];

const renderNewUnit = (c: Context<AppEnv>, failure: FormFailure) => NewUnitPage({ c, ...failure });

/** `/admin/units`: browse and import administrative units; `/admin/units/new` adds one, its parent picked by name. */
export const unitsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await UnitsPage({ c })))
  .get("/new", async (c) => c.html(await NewUnitPage({ c, values: { parentq: c.req.query("parentq"), replacedq: c.req.query("replacedq") } })))
  .post(
    "/",
    searchStep(renderNewUnit),
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
      renderNewUnit,
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

/** "Đang hoạt động", "Từ 01/07/2025", "Đến 30/06/2025, nay là Xã An Khê": a unit's time in force in words. */
function validityText(c: Context<AppEnv>, unit: UnitListingRow): string {
  if (unit.valid_to) {
    const to = formatDay(unit.valid_to);
    return unit.replaced_by_name ? t(c, "units.endedReplaced", { to, name: unit.replaced_by_name }) : t(c, "units.ended", { to });
  }
  return unit.valid_from && unit.valid_from > localDay() ? t(c, "units.inForceFrom", { from: formatDay(unit.valid_from) }) : t(c, "units.inForce");
}

async function UnitsPage(props: { c: Context<AppEnv>; importErrors?: FieldError[] }) {
  const { c } = props;
  const filter = readQuery(c, listUnitsQuerySchema).value ?? { limit: 50, q: undefined, cursor: undefined };
  const after = (decodeCursorOrStart(filter.cursor, ["string"])?.[0] as string) ?? null;
  const created = c.req.query("created");
  const imported = c.req.query("imported");
  // The list, and the name of a unit just added (for the notice), in one round trip.
  const [listed, added] = await c.env.DB.batch([listUnitsStatement(c.env.DB, { q: filter.q }, filter.limit, after), unitStatement(c.env.DB, created ?? "")]);
  const page = toPage(
    listed.results as UnitListingRow[],
    filter.limit,
    (row) => row,
    (row) => [row.code],
  );
  const addedName = (added.results[0] as { name: string } | undefined)?.name;
  const notice = addedName ? t(c, "units.created", { name: addedName }) : imported ? t(c, "units.imported", { count: Number(imported) || 0 }) : null;
  return (
    <Layout c={c} title={t(c, "units.title")} hasErrors={!!props.importErrors?.length}>
      <Notice text={notice} />
      <p>{t(c, "units.intro")}</p>
      <p>
        <a class="button" href="/admin/units/new">
          {t(c, "units.new")}
        </a>
      </p>
      <search>
        <form method="get" action="/admin/units" class="row">
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
        columns={[t(c, "units.name"), t(c, "units.level"), t(c, "units.parent"), t(c, "units.validity"), t(c, "units.code")]}
      >
        {page.items.map((unit) => (
          <tr>
            <td>{unit.name}</td>
            <td>{t(c, `level.${unit.level}`)}</td>
            <td>{unit.parent_name ?? ""}</td>
            <td>{validityText(c, unit)}</td>
            <td>
              <code>{unit.code}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      {page.nextCursor ? (
        <p>
          <a href={`/admin/units?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), cursor: page.nextCursor })}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}

      <h2 id="import-units">{t(c, "units.import")}</h2>
      <p>{t(c, "units.importColumns")}</p>
      <ul>
        <li>
          <code>code,name,level,parent_code</code> — {t(c, "units.importRequired")}
        </li>
        <li>
          <code>valid_from,valid_to,replaced_by</code> — {t(c, "units.importOptionalColumns")}
        </li>
      </ul>
      <p>
        {t(c, "units.importLevels")}{" "}
        {UNIT_LEVELS.map((level, index) => (
          <>
            {index ? ", " : ""}
            <code>{level}</code> ({t(c, `level.${level}`)})
          </>
        ))}
        .
      </p>
      <p>{t(c, "units.importAllOrNothing")}</p>
      <ErrorSummary c={c} errors={props.importErrors} ids={{ header: "unit-file", row: "unit-file", csv: "unit-file" }} />
      <form method="post" action="/admin/units/import" enctype="multipart/form-data" class="stack" aria-labelledby="import-units" novalidate>
        <div>
          <label for="unit-file">{t(c, "units.file")}</label>
          <input id="unit-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div>
          <button type="submit">{t(c, "units.importButton")}</button>
        </div>
      </form>
    </Layout>
  );
}

/** `/admin/units/new`: the official code and name, the level, then the parent and the replacing unit by name. */
async function NewUnitPage(props: { c: Context<AppEnv>; errors?: FieldError[]; values?: FormValues }) {
  const { c, errors } = props;
  const values = props.values ?? {};
  const today = localDay();
  const [parents, replacements] = await c.env.DB.batch([
    unitPickerStatement(c.env.DB, { q: values.parentq, levels: PARENT_LEVELS, onDay: today, include: values.parentCode, limit: UNIT_CHOICES }),
    unitPickerStatement(c.env.DB, { q: values.replacedq, levels: UNIT_LEVELS, onDay: today, include: values.replacedBy, limit: UNIT_CHOICES }),
  ]);
  const parentChoices = toUnitChoices(parents, UNIT_CHOICES);
  const replacementChoices = toUnitChoices(replacements, UNIT_CHOICES);
  return (
    <Layout c={c} title={t(c, "units.new")} hasErrors={!!errors?.length}>
      <ErrorSummary c={c} errors={errors} order={["name", "code", "level", "parentCode", "validFrom", "validTo", "replacedBy"]} />
      <form method="post" action="/admin/units" class="stack" novalidate>
        <Field c={c} path="name" label={t(c, "units.name")} errors={errors} required>
          {(field) => <input {...field} name="name" maxlength={200} value={values.name ?? ""} />}
        </Field>
        <Field c={c} path="code" label={t(c, "units.code")} hint={t(c, "units.codeHint")} errors={errors} required>
          {(field) => <input {...field} name="code" maxlength={20} autocomplete="off" spellcheck={false} value={values.code ?? ""} />}
        </Field>
        <Field c={c} path="level" label={t(c, "units.level")} errors={errors} required>
          {(field) => (
            <select {...field} name="level">
              <option value="">{t(c, "units.chooseLevel")}</option>
              {UNIT_LEVELS.map((level) => (
                <option value={level} selected={values.level === level}>
                  {t(c, `level.${level}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UnitPicker
          c={c}
          name="parentCode"
          searchName="parentq"
          label={t(c, "units.parent")}
          hint={t(c, "units.parentHint")}
          emptyChoice={t(c, "units.chooseParent")}
          source="/admin/units/new"
          options={parentChoices.choices}
          more={parentChoices.more}
          search={values.parentq}
          selected={values.parentCode}
          errors={errors}
          optional
          findButton
        />
        <Field c={c} path="validFrom" label={t(c, "units.validFrom")} errors={errors} optional>
          {(field) => <input {...field} name="validFrom" type="date" value={values.validFrom ?? ""} />}
        </Field>
        <Field c={c} path="validTo" label={t(c, "units.validTo")} errors={errors} optional>
          {(field) => <input {...field} name="validTo" type="date" value={values.validTo ?? ""} />}
        </Field>
        <UnitPicker
          c={c}
          name="replacedBy"
          searchName="replacedq"
          label={t(c, "units.replacedBy")}
          hint={t(c, "units.replacedByHint")}
          emptyChoice={t(c, "units.chooseReplacement")}
          source="/admin/units/new"
          options={replacementChoices.choices}
          more={replacementChoices.more}
          search={values.replacedq}
          selected={values.replacedBy}
          errors={errors}
          optional
          findButton
        />
        <div>
          <button type="submit" data-main>
            {t(c, "units.create")}
          </button>
        </div>
      </form>
      <script src="/static/unit-picker.js" defer />
    </Layout>
  );
}
