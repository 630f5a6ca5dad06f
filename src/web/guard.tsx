import type { MiddlewareHandler } from "hono";
import type { Role } from "../auth/roles";
import type { AppEnv } from "../env";
import { t } from "./i18n";
import { Layout } from "./layout";

/** Pages' counterpart of `access()`: not signed in → the sign-in page, wrong role → a 403 page. */
export function pageAccess(...roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async function pageAccessMiddleware(c, next) {
    const user = c.get("user");
    if (!user) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (!roles.includes(user.role)) {
      return c.html(
        <Layout c={c} title={t(c, "error.forbidden")}>
          <p>{t(c, "error.forbidden")}</p>
        </Layout>,
        403,
      );
    }
    await next();
  };
}

/** Only local paths may be redirect targets (no open redirect through `next`). */
export function safeNext(next: string | undefined, fallback: string): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}
