/**
 * `/admin/open311`: administrators issue Open311 api keys (one province each; the key is shown once, on the page
 * that answers the form) and revoke them (a confirmation page first).
 */
import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { formatDay, localDay } from "../lib/dates";
import { parseOrThrow } from "../lib/validate";
import { publicOrigin } from "../notifications/rules";
import { ConfirmPage } from "../web/confirm";
import { ErrorSummary, Field, type FormFailure, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { clientIdParamSchema, createClientSchema, type Open311Client } from "./schema";
import { clientStatement, clientsOf } from "./store";
import { clientsPageData, issueClient, revokeClient } from "./workflow";

export const open311Pages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => c.html(await ClientsPage({ c, notice: c.req.query("revoked") ? t(c, "open311.admin.revokedNotice") : null })))
  .post(
    "/",
    validateForm(
      createClientSchema,
      (form) => ({ name: form.raw("name"), provinceCode: form.text("provinceCode") }),
      (c, failure) => ClientsPage({ c, ...failure }),
    ),
    async (c) => {
      // The key is shown on this page only: no redirect, so it is never in a URL or a history entry.
      const { issued, page } = await issueClient(c.env.DB, currentUser(c), c.req.valid("form"), { withPage: true });
      c.header("cache-control", "no-store");
      return c.html(await ClientsPage({ c, issued, data: page ?? undefined }));
    },
  )
  .get("/:id/revoke", async (c) => {
    const { id } = parseOrThrow(clientIdParamSchema, { id: c.req.param("id") });
    const client = clientsOf(await clientStatement(c.env.DB, id).all())[0];
    if (!client) return c.notFound();
    return c.html(
      <ConfirmPage
        c={c}
        question={t(c, "open311.admin.revokeQuestion", { name: client.name })}
        consequence={t(c, "open311.admin.revokeConsequence")}
        action={`/admin/open311/${id}/revoke`}
        confirmLabel={t(c, "open311.admin.revokeConfirm")}
        back="/admin/open311"
      />,
    );
  })
  .post("/:id/revoke", async (c) => {
    const { id } = parseOrThrow(clientIdParamSchema, { id: c.req.param("id") });
    await revokeClient(c.env.DB, currentUser(c), id);
    return c.redirect("/admin/open311?revoked=1", 303);
  });

type PageData = Awaited<ReturnType<typeof clientsPageData>>;

async function ClientsPage(
  props: { c: Context<AppEnv>; issued?: Open311Client & { apiKey: string }; notice?: string | null; data?: PageData } & Partial<FormFailure>,
) {
  const { c, issued, errors } = props;
  const { items, provinces } = props.data ?? (await clientsPageData(c.env.DB));
  return (
    <Layout c={c} title={t(c, "open311.admin.title")} hasErrors={!!errors?.length}>
      <Notice text={props.notice} />
      {issued ? (
        <div class="notice" role="status">
          <p>{t(c, "open311.admin.issued", { name: issued.name })}</p>
          <p>
            {t(c, "open311.admin.key")}: <code class="big-code">{issued.apiKey}</code>
          </p>
        </div>
      ) : null}
      <ErrorSummary c={c} errors={errors} order={["name", "provinceCode"]} />
      <p>{t(c, "open311.admin.intro")}</p>
      <p>{t(c, "open311.admin.endpoint", { url: `${publicOrigin(c.env, c.req.url)}/open311/v2/discovery.json` })}</p>
      {items.length ? (
        <DataTable
          label={t(c, "open311.admin.title")}
          columns={[
            t(c, "open311.admin.col.name"),
            t(c, "open311.admin.col.province"),
            t(c, "open311.admin.col.hint"),
            t(c, "open311.admin.col.created"),
            t(c, "open311.admin.col.state"),
          ]}
        >
          {items.map((client) => (
            <tr>
              <td>{client.name}</td>
              <td>{client.province.name}</td>
              <td>
                <code>…{client.keyHint}</code>
              </td>
              <td>{formatDay(localDay(new Date(client.createdAt)))}</td>
              <td>
                {client.revokedAt ? (
                  t(c, "open311.admin.revoked", { day: formatDay(localDay(new Date(client.revokedAt))) })
                ) : (
                  <>
                    {t(c, "open311.admin.active")} · <a href={`/admin/open311/${client.id}/revoke`}>{t(c, "open311.admin.revoke")}</a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t(c, "open311.admin.none")}</p>
      )}
      <h2 id="issue">{t(c, "open311.admin.issue")}</h2>
      <form method="post" action="/admin/open311" class="stack" aria-labelledby="issue" novalidate>
        <Field c={c} path="name" label={t(c, "open311.admin.name")} errors={errors} required>
          {(field) => <input {...field} name="name" value={issued ? "" : (props.values?.name ?? "")} maxlength={120} />}
        </Field>
        <Field c={c} path="provinceCode" label={t(c, "open311.admin.province")} errors={errors} required>
          {(field) => (
            <select {...field} name="provinceCode">
              <option value="">{t(c, "open311.admin.chooseProvince")}</option>
              {provinces.map((province) => (
                <option value={province.code} selected={!issued && props.values?.provinceCode === province.code}>
                  {province.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="submit">{t(c, "open311.admin.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}
