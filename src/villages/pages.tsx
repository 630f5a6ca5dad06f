import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { type FieldError, notFound, Problem } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { ErrorSummary, Field, type FormValues, type PostedForm, readForm, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { canManageVillages } from "./rules";
import { createVillageSchema, type Village, villageParamSchema } from "./schema";
import { createVillage, deleteVillage, importVillages, updateVillage, villagesForPage, villageUnitChoices } from "./workflow";

const unitOf = (c: Context<AppEnv>) => parseOrThrow(villageParamSchema.entries.code, c.req.param("code"));
const villageFields = (form: PostedForm) => ({
  name: form.raw("name"),
  headName: form.text("headName"),
  headPhone: form.text("headPhone"),
  headEmail: form.text("headEmail"),
});

/** `/staff/villages`: a commune's villages and their heads; the head (and administrators) add, edit, remove and import. */
export const villagesPages = new Hono<AppEnv>()
  .use(pageAccess("commune_head", "commune_staff", "supervisor", "admin"))
  .get("/", async (c) => {
    const user = currentUser(c);
    const chosen = c.req.query("unit") ?? user.unitCode ?? undefined;
    if (chosen && (user.role === "commune_head" || user.role === "commune_staff") && chosen !== user.unitCode) return c.redirect("/staff/villages", 303);
    return chosen ? c.redirect(`/staff/villages/${encodeURIComponent(chosen)}`, 303) : c.html(await ChooseUnitPage({ c }));
  })
  .get("/:code", async (c) => c.html(await VillagesPage({ c, unitCode: unitOf(c), notice: noticeFrom(c) })))
  .post(
    "/:code",
    validateForm(createVillageSchema, villageFields, (c, failure) => VillagesPage({ c, unitCode: unitOf(c), ...failure })),
    async (c) => {
      const village = await createVillage(c.env.DB, currentUser(c), unitOf(c), c.req.valid("form"));
      return c.redirect(`/staff/villages/${encodeURIComponent(unitOf(c))}?added=${encodeURIComponent(village.name)}`, 303);
    },
  )
  .post("/:code/import", async (c) => {
    const form = await readForm(c);
    const file = form.files("file")[0];
    try {
      const result = await importVillages(c.env.DB, currentUser(c), unitOf(c), file ? await file.text() : "");
      return c.redirect(`/staff/villages/${encodeURIComponent(unitOf(c))}?imported=${result.imported}`, 303);
    } catch (error) {
      if (!(error instanceof Problem) || error.status !== 400) throw error;
      return c.html(await VillagesPage({ c, unitCode: unitOf(c), importErrors: error.errors ?? [{ path: "", code: error.code }] }), 400);
    }
  })
  .get("/:code/:id/edit", async (c) => c.html(await EditVillagePage({ c })))
  .post(
    "/:code/:id/edit",
    validateForm(
      createVillageSchema,
      (form) => villageFields(form),
      (c, failure) => EditVillagePage({ c, ...failure }),
    ),
    async (c) => {
      const { code, id } = parseOrThrow(villageParamSchema, c.req.param());
      const input = c.req.valid("form");
      await updateVillage(c.env.DB, currentUser(c), code, id, {
        name: input.name,
        headName: input.headName ?? null,
        headPhone: input.headPhone ?? null,
        headEmail: input.headEmail ?? null,
      });
      return c.redirect(`/staff/villages/${encodeURIComponent(code)}?saved=1`, 303);
    },
  )
  .post("/:code/:id/delete", async (c) => {
    const { code, id } = parseOrThrow(villageParamSchema, c.req.param());
    await deleteVillage(c.env.DB, currentUser(c), code, id);
    return c.redirect(`/staff/villages/${encodeURIComponent(code)}?deleted=1`, 303);
  });

function noticeFrom(c: Context<AppEnv>): string | null {
  const added = c.req.query("added");
  if (added) return t(c, "villages.added", { name: added });
  if (c.req.query("imported")) return t(c, "villages.imported", { count: c.req.query("imported") ?? "0" });
  if (c.req.query("saved")) return t(c, "villages.saved");
  return c.req.query("deleted") ? t(c, "villages.deleted") : null;
}

async function ChooseUnitPage(props: { c: Context<AppEnv> }) {
  const { c } = props;
  const communes = await villageUnitChoices(c.env.DB, currentUser(c));
  return (
    <Layout c={c} title={t(c, "villages.title")}>
      <form method="get" action="/staff/villages" class="row">
        <div>
          <label for="village-unit">{t(c, "villages.chooseUnit")}</label>
          <select id="village-unit" name="unit">
            {communes.map((unit) => (
              <option value={unit.code}>{unit.name}</option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          {t(c, "form.search")}
        </button>
      </form>
    </Layout>
  );
}

function VillageFields(props: { c: Context<AppEnv>; errors?: FieldError[]; values: FormValues }) {
  const { c, errors, values } = props;
  return (
    <>
      <Field c={c} path="name" label={t(c, "villages.name")} errors={errors} required>
        {(field) => <input {...field} name="name" maxlength={120} value={values.name ?? ""} />}
      </Field>
      <Field c={c} path="headName" label={t(c, "villages.headName")} errors={errors} optional>
        {(field) => <input {...field} name="headName" maxlength={120} autocomplete="off" value={values.headName ?? ""} />}
      </Field>
      <Field c={c} path="headPhone" label={t(c, "villages.headPhone")} errors={errors} optional>
        {(field) => <input {...field} name="headPhone" type="tel" inputmode="tel" autocomplete="off" value={values.headPhone ?? ""} />}
      </Field>
      <Field c={c} path="headEmail" label={t(c, "villages.headEmail")} errors={errors} optional>
        {(field) => <input {...field} name="headEmail" type="email" autocomplete="off" value={values.headEmail ?? ""} />}
      </Field>
    </>
  );
}

async function VillagesPage(props: {
  c: Context<AppEnv>;
  unitCode: string;
  notice?: string | null;
  errors?: FieldError[];
  values?: FormValues;
  importErrors?: FieldError[];
}) {
  const { c, unitCode } = props;
  const user = currentUser(c);
  const { unitName, villages } = await villagesForPage(c.env.DB, user, unitCode);
  const manage = canManageVillages(user, unitCode);
  const base = `/staff/villages/${encodeURIComponent(unitCode)}`;
  return (
    <Layout c={c} title={`${t(c, "villages.title")} · ${unitName}`}>
      <Notice text={props.notice} />
      <p class="hint">{t(c, "villages.intro")}</p>
      {villages.length ? (
        <DataTable
          label={t(c, "villages.title")}
          columns={[t(c, "villages.name"), t(c, "villages.headName"), t(c, "villages.headPhone"), t(c, "villages.headEmail"), ...(manage ? [""] : [])]}
        >
          {villages.map((village: Village) => (
            <tr>
              <td>{village.name}</td>
              <td>{village.headName ?? ""}</td>
              <td>{village.headPhone ?? ""}</td>
              <td>{village.headEmail ?? ""}</td>
              {manage ? (
                <td>
                  <a href={`${base}/${village.id}/edit`}>{t(c, "villages.edit", { name: village.name })}</a>{" "}
                  <form method="post" action={`${base}/${village.id}/delete`} class="inline">
                    <button type="submit" class="link">
                      {t(c, "villages.delete", { name: village.name })}
                    </button>
                  </form>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t(c, "villages.none")}</p>
      )}
      {manage ? (
        <>
          <h2 id="add-village">{t(c, "villages.add")}</h2>
          <ErrorSummary c={c} errors={props.errors} />
          <form method="post" action={base} class="stack" aria-labelledby="add-village" novalidate>
            <VillageFields c={c} errors={props.errors} values={props.values ?? {}} />
            <button type="submit">{t(c, "villages.add")}</button>
          </form>
          <h2 id="import-villages">{t(c, "villages.import")}</h2>
          <p class="hint">
            {t(c, "villages.importHeader")} <code>name,head_name,head_phone,head_email</code>. {t(c, "villages.importHelp")}
          </p>
          <ErrorSummary c={c} errors={props.importErrors} ids={{ header: "village-file", row: "village-file", name: "village-file" }} />
          <form method="post" action={`${base}/import`} enctype="multipart/form-data" class="stack" aria-labelledby="import-villages">
            <div>
              <label for="village-file">{t(c, "villages.file")}</label>
              <input id="village-file" name="file" type="file" accept=".csv,text/csv" required />
            </div>
            <button type="submit">{t(c, "villages.import")}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

async function EditVillagePage(props: { c: Context<AppEnv>; errors?: FieldError[]; values?: FormValues }) {
  const { c } = props;
  const { code, id } = parseOrThrow(villageParamSchema, c.req.param());
  const user = currentUser(c);
  const village = (await villagesForPage(c.env.DB, user, code)).villages.find((candidate) => candidate.id === id);
  if (!village || !canManageVillages(user, code)) throw notFound("village.not_found");
  const values = props.values ?? {
    name: village.name,
    headName: village.headName ?? "",
    headPhone: village.headPhone ?? "",
    headEmail: village.headEmail ?? "",
  };
  return (
    <Layout c={c} title={t(c, "villages.edit", { name: village.name })}>
      <ErrorSummary c={c} errors={props.errors} />
      <form method="post" action={`/staff/villages/${encodeURIComponent(code)}/${id}/edit`} class="stack" novalidate>
        <VillageFields c={c} errors={props.errors} values={values} />
        <button type="submit">{t(c, "villages.save")}</button>
      </form>
    </Layout>
  );
}
