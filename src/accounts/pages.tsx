import { type Context, Hono } from "hono";
import * as v from "valibot";
import { currentUser } from "../auth/access";
import { ROLES } from "../auth/roles";
import type { AppEnv } from "../env";
import { decodeCursorOrStart, toPage } from "../lib/pagination";
import { type FieldError, Problem } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { pageAccess } from "../web/guard";
import { DataTable, FormErrors, Layout, Notice, t } from "../web/layout";
import { accountIdParamSchema, createAccountSchema } from "./schema";
import { createAccount, listAccounts, toAccount, updateAccount } from "./store";

/** `/admin/accounts`: create officials' accounts, disable and enable them. */
export const accountsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await AccountsPage({ c, notice: noticeFrom(c) })))
  .post("/", async (c) => {
    const form = await c.req.parseBody();
    const unitCode = typeof form.unitCode === "string" && form.unitCode.trim() ? form.unitCode : null;
    const parsed = v.safeParse(createAccountSchema, {
      email: form.email ?? "",
      name: form.name ?? "",
      password: form.password ?? "",
      role: form.role ?? "",
      unitCode,
    });
    if (!parsed.success) return c.html(await AccountsPage({ c, errors: issuesToErrors(parsed.issues) }), 400);
    try {
      const account = await createAccount(c.env.DB, parsed.output, currentUser(c).id);
      return c.redirect(`/admin/accounts?created=${encodeURIComponent(account.email)}`, 303);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      return c.html(await AccountsPage({ c, errors: error.body.errors ?? [{ path: "email", message: error.body.detail }] }), error.status === 409 ? 409 : 400);
    }
  })
  .post("/:id/status", async (c) => {
    const id = v.safeParse(accountIdParamSchema, { id: c.req.param("id") });
    const form = await c.req.parseBody();
    if (!id.success) return c.html(await AccountsPage({ c, errors: issuesToErrors(id.issues) }), 400);
    try {
      await updateAccount(c.env.DB, id.output.id, { disabled: form.disabled === "1" }, currentUser(c).id);
      return c.redirect("/admin/accounts?updated=1", 303);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      return c.html(await AccountsPage({ c, errors: [{ path: "", message: error.body.detail }] }), error.status);
    }
  });

function noticeFrom(c: Context<AppEnv>): string | null {
  const created = c.req.query("created");
  if (created) return t(c, "accounts.created", { email: created });
  return c.req.query("updated") ? t(c, "accounts.updated") : null;
}

async function AccountsPage(props: { c: Context<AppEnv>; errors?: FieldError[]; notice?: string | null }) {
  const { c } = props;
  const cursor = c.req.query("cursor");
  const after = (decodeCursorOrStart(cursor, 1)?.[0] as string) ?? null;
  const page = toPage(await listAccounts(c.env.DB, {}, 100, after), 100, toAccount, (row) => [row.email]);
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
      <FormErrors c={c} errors={props.errors} />
      <form method="post" action="/admin/accounts" class="stack" aria-labelledby="create-account">
        <div>
          <label for="account-email">{t(c, "login.email")}</label>
          <input id="account-email" name="email" type="email" required autocomplete="off" />
        </div>
        <div>
          <label for="account-name">{t(c, "accounts.name")}</label>
          <input id="account-name" name="name" required maxlength={120} />
        </div>
        <div>
          <label for="account-password">{t(c, "password.new")}</label>
          <input id="account-password" name="password" type="password" required minlength={10} autocomplete="new-password" />
        </div>
        <div>
          <label for="account-role">{t(c, "accounts.role")}</label>
          <select id="account-role" name="role" required>
            {ROLES.map((role) => (
              <option value={role}>{t(c, `role.${role}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="account-unit">{t(c, "accounts.unit")}</label>
          <input id="account-unit" name="unitCode" maxlength={20} />
        </div>
        <button type="submit">{t(c, "accounts.create")}</button>
      </form>
    </Layout>
  );
}
