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

/**
 * Only a path of our own site may be a redirect target (no open redirect through `next`). Browsers drop tabs
 * and newlines from URLs and read `\` as `/`, so `/\t/evil.example` would leave the site: the value, and the
 * value once percent-decoded, must be a plain path — one leading `/`, no backslash, no control or
 * whitespace character — that resolves to our own origin. Anything else gives the fallback. (Once decoded,
 * only the path is held to that: a search for two words is `?q=a%20b`.)
 */
export function safeNext(next: string | undefined, fallback: string): string {
  if (!next || next.length > 2000) return fallback;
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(next.split(/[?#]/, 1)[0]);
  } catch {
    return fallback;
  }
  return isLocalPath(next) && isLocalPath(decodedPath) ? next : fallback;
}

const UNSAFE_IN_PATH = /[\\\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function isLocalPath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || UNSAFE_IN_PATH.test(path)) return false;
  const base = "http://local.invalid";
  try {
    return new URL(path, base).origin === base;
  } catch {
    return false;
  }
}
