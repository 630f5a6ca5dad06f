import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { currentUser, SESSION_COOKIE, sameOriginOnly } from "../auth/access";
import { OFFICIAL_ROLES } from "../auth/roles";
import type { AppEnv } from "../env";
import type { FieldError } from "../lib/problem";
import { ErrorSummary, Field, postedForm, validateForm } from "../web/form";
import { pageAccess, safeNext } from "../web/guard";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { deviceToRemember, setDeviceCookie, signInClientOf } from "./device";
import { changePasswordSchema, loginSchema } from "./schema";
import { changeOwnPassword, setSessionCookie, signIn, signOut } from "./workflow";

const dashboardPath = "/dashboard";

/** Sign-in, sign-out and the official's own password. */
export const signInPages = new Hono<AppEnv>()
  .get("/login", (c) => c.html(<LoginPage c={c} next={c.req.query("next")} />))
  .post(
    "/login",
    sameOriginOnly(),
    validateForm(
      loginSchema,
      (form) => ({ email: form.raw("email"), password: form.raw("password") }),
      (c, failure) => <LoginPage c={c} next={failure.values.next} email={failure.values.email} errors={failure.errors} />,
      { alsoShow: [401, 403] },
    ),
    async (c) => {
      const { email, password } = c.req.valid("form");
      const { token, device } = await signIn(c.env, email, password, await signInClientOf(c), () => deviceToRemember(c, null));
      setSessionCookie(c, token);
      if (device) await setDeviceCookie(c, device);
      return c.redirect(safeNext(postedForm(c).text("next"), dashboardPath), 303);
    },
  )
  .post("/logout", async (c) => {
    await signOut(c, getCookie(c, SESSION_COOKIE));
    return c.redirect("/login", 303);
  })
  .get("/account/password", pageAccess(...OFFICIAL_ROLES), (c) => c.html(<PasswordPage c={c} done={c.req.query("done") === "1"} />))
  .post(
    "/account/password",
    pageAccess(...OFFICIAL_ROLES),
    validateForm(
      changePasswordSchema,
      (form) => ({ currentPassword: form.raw("currentPassword"), newPassword: form.raw("newPassword") }),
      (c, failure) => <PasswordPage c={c} errors={failure.errors} />,
    ),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid("form");
      setSessionCookie(c, await changeOwnPassword(c.env, currentUser(c), currentPassword, newPassword));
      return c.redirect("/account/password?done=1", 303);
    },
  );

/** A wrong email or password belongs by the password field, the one a person retypes. */
const besidePassword = (errors: FieldError[] | undefined) =>
  errors?.map((error) => (error.path === "" && error.code === "login.failed" ? { ...error, path: "password" } : error));

function LoginPage(props: { c: Parameters<typeof t>[0]; next?: string; email?: string; errors?: FieldError[] }) {
  const { c } = props;
  const errors = besidePassword(props.errors);
  return (
    <Layout c={c} title={t(c, "login.title")} hasErrors={!!errors?.length}>
      <ErrorSummary c={c} errors={errors} />
      <p>{t(c, "login.intro")}</p>
      <form method="post" action="/login" class="stack" novalidate>
        <input type="hidden" name="next" value={safeNext(props.next, dashboardPath)} />
        <Field c={c} path="email" label={t(c, "login.email")} errors={errors} required>
          {(field) => <input {...field} name="email" type="email" autocomplete="username" spellcheck={false} value={props.email ?? ""} />}
        </Field>
        <Field c={c} path="password" label={t(c, "login.password")} errors={errors} required>
          {(field) => <input {...field} name="password" type="password" autocomplete="current-password" />}
        </Field>
        <div>
          <button type="submit">{t(c, "login.submit")}</button>
        </div>
      </form>
      <p class="hint">{t(c, "login.forgot")}</p>
    </Layout>
  );
}

function PasswordPage(props: { c: Parameters<typeof t>[0]; errors?: FieldError[]; done?: boolean }) {
  const { c, errors } = props;
  return (
    <Layout c={c} title={t(c, "password.title")} hasErrors={!!errors?.length}>
      <Notice text={props.done ? t(c, "password.changed") : null} />
      <ErrorSummary c={c} errors={errors} />
      <p>{t(c, "password.intro")}</p>
      <form method="post" action="/account/password" class="stack" novalidate>
        <Field c={c} path="currentPassword" label={t(c, "password.current")} errors={errors} required>
          {(field) => <input {...field} name="currentPassword" type="password" autocomplete="current-password" />}
        </Field>
        <Field c={c} path="newPassword" label={t(c, "password.new")} hint={t(c, "password.newHint")} errors={errors} required>
          {(field) => <input {...field} name="newPassword" type="password" autocomplete="new-password" />}
        </Field>
        <div>
          <button type="submit">{t(c, "password.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}
