import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import { ROLES } from "../auth/roles";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import { type FieldError, notFound } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { toUnitChoices, unitPickerStatement } from "../units/store";
import { ConfirmPage } from "../web/confirm";
import { ErrorSummary, Field, type FormFailure, type FormValues, searchStep, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { UnitPicker } from "../web/unit-picker";
import { accountIdParamSchema, createAccountSchema, updateAccountSchema } from "./schema";
import { type AccountListing, type AccountRow, accountStatement, listAccountsStatement, toAccountListings, toStoredAccount } from "./store";
import { createAccount, updateAccount } from "./workflow";

const PAGE_SIZE = 100;
const UNIT_CHOICES = 50;
const ACCOUNT_UNIT_LEVELS = ["province", "commune", "ward", "special_zone"] as const;

const renderNewAccount = (c: Context<AppEnv>, failure: FormFailure) => NewAccountPage({ c, ...failure });

/** `/admin/accounts`: the officials' accounts; create one (unit picked by name), disable and enable. */
export const accountsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await AccountsPage({ c })))
  .get("/new", async (c) => c.html(await NewAccountPage({ c, values: { unitq: c.req.query("unitq") } })))
  .get("/:id/disable", async (c) => {
    const id = parseOrThrow(accountIdParamSchema, { id: c.req.param("id") }).id;
    const row = await accountStatement(c.env.DB, id).first<AccountRow>();
    if (!row) throw notFound("account.not_found");
    const { name } = toStoredAccount(row);
    return c.html(
      <ConfirmPage
        c={c}
        question={t(c, "accounts.disableQuestion", { name })}
        consequence={t(c, "accounts.disableConsequence")}
        action={`/admin/accounts/${id}/status`}
        fields={{ disabled: "1" }}
        confirmLabel={t(c, "accounts.disableConfirm")}
        back="/admin/accounts"
      />,
    );
  })
  .post(
    "/",
    searchStep(renderNewAccount),
    validateForm(
      createAccountSchema,
      (form) => ({
        email: form.raw("email"),
        name: form.raw("name"),
        password: form.raw("password"),
        role: form.raw("role"),
        unitCode: form.text("unitCode") ?? null,
      }),
      renderNewAccount,
    ),
    async (c) => {
      const account = await createAccount(c.env.DB, currentUser(c), c.req.valid("form"));
      return c.redirect(`/admin/accounts?created=${account.id}`, 303);
    },
  )
  .post(
    "/:id/status",
    validateForm(
      updateAccountSchema,
      (form) => ({ disabled: form.text("disabled") === "1" }),
      (c, failure) => AccountsPage({ c, errors: failure.errors }),
    ),
    async (c) => {
      const id = parseOrThrow(accountIdParamSchema, { id: c.req.param("id") }).id;
      const account = await updateAccount(c.env.DB, currentUser(c), id, c.req.valid("form"));
      return c.redirect(`/admin/accounts?${account.disabled ? "disabled" : "enabled"}=${account.id}`, 303);
    },
  );

/** The notice after a change names the person, found in the listed page by the id the redirect carried. */
function noticeFor(c: Context<AppEnv>, accounts: AccountListing[]): string | null {
  for (const [key, code] of [
    ["created", "accounts.created"],
    ["disabled", "accounts.disabled"],
    ["enabled", "accounts.enabled"],
  ] as const) {
    const id = c.req.query(key);
    if (!id) continue;
    const account = accounts.find((candidate) => candidate.id === id);
    return account ? t(c, code, { name: account.name }) : t(c, "accounts.updated");
  }
  return null;
}

async function AccountsPage(props: { c: Context<AppEnv>; errors?: FieldError[] }) {
  const { c } = props;
  const after = (decodeCursorOrStart(c.req.query("cursor"), ["string"])?.[0] as string) ?? null;
  const accounts = toAccountListings(await listAccountsStatement(c.env.DB, {}, PAGE_SIZE, after).all());
  const page = toPage(
    accounts,
    PAGE_SIZE,
    (account) => account,
    (account) => [account.email],
  );
  return (
    <Layout c={c} title={t(c, "accounts.title")} hasErrors={!!props.errors?.length}>
      <Notice text={noticeFor(c, page.items)} />
      <ErrorSummary c={c} errors={props.errors} />
      <p>{t(c, "accounts.intro")}</p>
      <p>
        <a class="button" href="/admin/accounts/new">
          {t(c, "accounts.new")}
        </a>
      </p>
      <DataTable
        label={t(c, "accounts.title")}
        columns={[t(c, "accounts.name"), t(c, "accounts.email"), t(c, "accounts.role"), t(c, "accounts.unit"), t(c, "accounts.status")]}
      >
        {page.items.map((account) => (
          <tr>
            <td>{account.name}</td>
            <td>{account.email}</td>
            <td>{t(c, `role.${account.role}`)}</td>
            <td>{account.unitName ?? t(c, "accounts.noUnit")}</td>
            <td>
              {account.disabled ? t(c, "accounts.disabledState") : t(c, "accounts.active")}{" "}
              {account.disabled ? (
                <form method="post" action={`/admin/accounts/${account.id}/status`} class="inline">
                  <input type="hidden" name="disabled" value="0" />
                  <button type="submit" class="link">
                    {t(c, "accounts.enable")}
                    <span class="visually-hidden"> {account.name}</span>
                  </button>
                </form>
              ) : account.id === currentUser(c).id ? null : (
                <a href={`/admin/accounts/${account.id}/disable`}>
                  {t(c, "accounts.disable")}
                  <span class="visually-hidden"> {account.name}</span>
                </a>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {page.nextCursor ? (
        <p>
          <a href={`/admin/accounts?cursor=${page.nextCursor}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** `/admin/accounts/new`: role first, then the unit by name (the picker), then who the person is. */
async function NewAccountPage(props: { c: Context<AppEnv>; errors?: FieldError[]; values?: FormValues }) {
  const { c, errors } = props;
  const values = props.values ?? {};
  const { choices, more } = toUnitChoices(
    await unitPickerStatement(c.env.DB, {
      q: values.unitq,
      levels: ACCOUNT_UNIT_LEVELS,
      onDay: localDay(),
      include: values.unitCode,
      limit: UNIT_CHOICES,
    }).all(),
    UNIT_CHOICES,
  );
  return (
    <Layout c={c} title={t(c, "accounts.new")} hasErrors={!!errors?.length}>
      <ErrorSummary c={c} errors={errors} order={["role", "unitCode", "name", "email", "password"]} />
      <form method="post" action="/admin/accounts" class="stack" novalidate>
        <Field c={c} path="role" label={t(c, "accounts.role")} hint={t(c, "accounts.roleHint")} errors={errors} required>
          {(field) => (
            <select {...field} name="role">
              <option value="">{t(c, "accounts.chooseRole")}</option>
              {ROLES.map((role) => (
                <option value={role} selected={values.role === role}>
                  {t(c, `role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UnitPicker
          c={c}
          name="unitCode"
          searchName="unitq"
          label={t(c, "accounts.unit")}
          hint={t(c, "accounts.unitHint")}
          emptyChoice={t(c, "accounts.chooseUnit")}
          source="/admin/accounts/new"
          options={choices}
          more={more}
          search={values.unitq}
          selected={values.unitCode}
          errors={errors}
          optional
          findButton
        />
        <Field c={c} path="name" label={t(c, "accounts.name")} errors={errors} required>
          {(field) => <input {...field} name="name" maxlength={120} autocomplete="off" value={values.name ?? ""} />}
        </Field>
        <Field c={c} path="email" label={t(c, "accounts.email")} errors={errors} required>
          {(field) => <input {...field} name="email" type="email" autocomplete="off" spellcheck={false} value={values.email ?? ""} />}
        </Field>
        <Field c={c} path="password" label={t(c, "password.new")} hint={t(c, "accounts.passwordHint")} errors={errors} required>
          {(field) => <input {...field} name="password" type="password" autocomplete="new-password" />}
        </Field>
        <div>
          <button type="submit" data-main>
            {t(c, "accounts.create")}
          </button>
        </div>
      </form>
      <script src="/static/unit-picker.js" defer />
    </Layout>
  );
}
