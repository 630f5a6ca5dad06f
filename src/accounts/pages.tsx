import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import { ROLES } from "../auth/roles";
import type { AppEnv } from "../env";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import type { FieldError } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { ErrorSummary, Field, type FormFailure, type FormValues, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { accountIdParamSchema, createAccountSchema, updateAccountSchema } from "./schema";
import { listAccountsStatement, toAccount, toStoredAccounts } from "./store";
import { createAccount, updateAccount } from "./workflow";

const renderAccounts = (c: Context<AppEnv>, failure: FormFailure) => AccountsPage({ c, ...failure });

/** `/admin/accounts`: create officials' accounts, disable and enable them. */
export const accountsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await AccountsPage({ c, notice: noticeFrom(c) })))
  .post(
    "/",
    validateForm(
      createAccountSchema,
      (form) => ({
        email: form.raw("email"),
        name: form.raw("name"),
        password: form.raw("password"),
        role: form.raw("role"),
        unitCode: form.text("unitCode") ?? null,
      }),
      renderAccounts,
    ),
    async (c) => {
      const account = await createAccount(c.env.DB, currentUser(c), c.req.valid("form"));
      return c.redirect(`/admin/accounts?created=${encodeURIComponent(account.email)}`, 303);
    },
  )
  .post(
    "/:id/status",
    validateForm(updateAccountSchema, (form) => ({ disabled: form.text("disabled") === "1" }), renderAccounts),
    async (c) => {
      const id = parseOrThrow(accountIdParamSchema, { id: c.req.param("id") }).id;
      await updateAccount(c.env.DB, currentUser(c), id, c.req.valid("form"));
      return c.redirect("/admin/accounts?updated=1", 303);
    },
  );

function noticeFrom(c: Context<AppEnv>): string | null {
  const created = c.req.query("created");
  if (created) return t(c, "accounts.created", { email: created });
  return c.req.query("updated") ? t(c, "accounts.updated") : null;
}

async function AccountsPage(props: { c: Context<AppEnv>; errors?: FieldError[]; values?: FormValues; notice?: string | null }) {
  const { c } = props;
  const values = props.values ?? {};
  const cursor = c.req.query("cursor");
  const after = (decodeCursorOrStart(cursor, ["string"])?.[0] as string) ?? null;
  const page = toPage(toStoredAccounts(await listAccountsStatement(c.env.DB, {}, 100, after).all()), 100, toAccount, (row) => [row.email]);
  return (
    <Layout c={c} title={t(c, "accounts.title")}>
      <Notice text={props.notice} />
      <DataTable
        label={t(c, "accounts.title")}
        columns={[t(c, "login.email"), t(c, "accounts.name"), t(c, "accounts.role"), t(c, "accounts.unit"), t(c, "accounts.status")]}
      >
        {page.items.map((account) => (
          <tr>
            <td>{account.email}</td>
            <td>{account.name}</td>
            <td>{t(c, `role.${account.role}`)}</td>
            <td>{account.unitCode ?? ""}</td>
            <td>
              {account.disabled ? t(c, "accounts.disabledState") : t(c, "accounts.active")}{" "}
              <form method="post" action={`/admin/accounts/${account.id}/status`} class="inline">
                <input type="hidden" name="disabled" value={account.disabled ? "0" : "1"} />
                <button type="submit" class="link" aria-label={`${account.disabled ? t(c, "accounts.enable") : t(c, "accounts.disable")} ${account.email}`}>
                  {account.disabled ? t(c, "accounts.enable") : t(c, "accounts.disable")}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
      {page.nextCursor ? (
        <p>
          <a href={`/admin/accounts?cursor=${page.nextCursor}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
      <h2 id="create-account">{t(c, "accounts.create")}</h2>
      <ErrorSummary c={c} errors={props.errors} />
      <form method="post" action="/admin/accounts" class="stack" aria-labelledby="create-account">
        <Field c={c} path="email" label={t(c, "login.email")} errors={props.errors}>
          {(field) => <input {...field} name="email" type="email" required autocomplete="off" value={values.email ?? ""} />}
        </Field>
        <Field c={c} path="name" label={t(c, "accounts.name")} errors={props.errors}>
          {(field) => <input {...field} name="name" required maxlength={120} value={values.name ?? ""} />}
        </Field>
        <Field c={c} path="password" label={t(c, "password.new")} errors={props.errors}>
          {(field) => <input {...field} name="password" type="password" required minlength={10} autocomplete="new-password" />}
        </Field>
        <Field c={c} path="role" label={t(c, "accounts.role")} errors={props.errors}>
          {(field) => (
            <select {...field} name="role" required>
              {ROLES.map((role) => (
                <option value={role} selected={values.role === role}>
                  {t(c, `role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field c={c} path="unitCode" label={t(c, "accounts.unit")} errors={props.errors}>
          {(field) => <input {...field} name="unitCode" maxlength={20} value={values.unitCode ?? ""} />}
        </Field>
        <button type="submit">{t(c, "accounts.create")}</button>
      </form>
    </Layout>
  );
}
