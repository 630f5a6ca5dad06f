import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { requestDatabaseOf } from "../lib/database";
import { attachDoc } from "../lib/openapi";
import { forbidden, notFound, Problem, unauthorized } from "../lib/problem";
import { errorResponse } from "../web/errors";
import type { Role } from "./roles";
import { deleteSession, resolveSession, type SessionUser } from "./sessions";

export const SESSION_COOKIE = "sid";

/**
 * Reads a bearer token or the session cookie and, when KV knows it, puts the user on the context. The D1
 * check of the account rides along with the request's first read (one round trip for both); a request that
 * reads nothing from D1 gets the check on its own before its answer leaves.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function loadSessionMiddleware(c, next) {
    const header = c.req.header("authorization");
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? getCookie(c, SESSION_COOKIE);
    const database = requestDatabaseOf(c.env.DB);
    let refused = false;
    if (token) {
      const session = await resolveSession(c.env, token, {
        confirmed: (user) => c.set("user", user),
        refused: () => {
          refused = true;
        },
      });
      if (session) {
        c.set("user", session.user);
        c.set("authVia", bearer ? "bearer" : "cookie");
        if (session.check && database) database.rideWithFirstTrip(session.check);
        else if (session.check) session.check.accept((await c.env.DB.batch([session.check.statement]))[0]);
      }
    }
    await next();
    if (database?.hasPendingCheck) {
      try {
        await database.flushCheck();
      } catch (error) {
        c.set("user", undefined);
        c.res = await errorResponse(c, error);
      }
    }
    if (refused && token) {
      // The sign-in ended (disabled, password changed): forget it here and in KV.
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      const forget = deleteSession(c.env, token);
      try {
        c.executionCtx.waitUntil(forget);
      } catch {
        await forget; // no execution context (app.request in tests)
      }
    }
  };
}

/**
 * CSRF protection for cookie-authenticated unsafe requests: the browser must show that the request
 * comes from our own origin (Origin, or Sec-Fetch-Site). Bearer requests cannot be forged by a
 * third-party page and pass; anonymous requests carry no authority to abuse.
 */
export function csrfGuard(): MiddlewareHandler<AppEnv> {
  return async function csrfGuardMiddleware(c, next) {
    // Only a bearer token that opened a session proves the request is not a forged browser request; any other
    // Authorization header (a bogus `Basic`) leaves the cookie in charge, and the cookie needs our origin.
    if (isUnsafe(c) && c.get("authVia") !== "bearer" && getCookie(c, SESSION_COOKIE) !== undefined && !isSameOrigin(c)) {
      throw new Problem(403, "request.cross_site");
    }
    await next();
  };
}

/**
 * For the sign-in form: it must come from our own pages, or a foreign page could sign the browser into an
 * account of its choosing (login CSRF) even though no cookie is sent yet.
 */
export function sameOriginOnly(): MiddlewareHandler<AppEnv> {
  return async function sameOriginOnlyMiddleware(c, next) {
    if (isUnsafe(c) && !isSameOrigin(c)) throw new Problem(403, "request.cross_site");
    await next();
  };
}

/**
 * For the sign-in API, which also sets the session cookie: refused when the browser says it comes from
 * another site; API clients that send no Origin nor Sec-Fetch-Site pass.
 */
export function notCrossSite(): MiddlewareHandler<AppEnv> {
  return async function notCrossSiteMiddleware(c, next) {
    const saysWhere = c.req.header("origin") !== undefined || c.req.header("sec-fetch-site") !== undefined;
    if (isUnsafe(c) && saysWhere && !isSameOrigin(c)) throw new Problem(403, "request.cross_site");
    await next();
  };
}

const isUnsafe = (c: Context) => c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS";

function isSameOrigin(c: Context): boolean {
  const origin = c.req.header("origin");
  if (origin) return origin === new URL(c.req.url).origin;
  const site = c.req.header("sec-fetch-site");
  return site === "same-origin" || site === "none";
}

/** How far each role reaches: every unit, a province, or its own unit. */
export type Reach = { kind: "all" } | { kind: "province"; provinceCode: string } | { kind: "unit"; unitCode: string };

export function reachOf(user: SessionUser): Reach {
  if (user.role === "admin") return { kind: "all" };
  if (user.role === "supervisor") return { kind: "province", provinceCode: user.provinceCode ?? "" };
  return { kind: "unit", unitCode: user.unitCode ?? "" };
}

/** Whether a unit lies within the user's reach (same unit; within the supervisor's province). */
export function canReach(user: SessionUser, unit: { code: string; provinceCode: string }): boolean {
  const reach = reachOf(user);
  if (reach.kind === "all") return true;
  if (reach.kind === "province") return unit.provinceCode === reach.provinceCode;
  return unit.code === reach.unitCode;
}

/** Throws 404 for a unit outside the caller's reach: API.md says never reveal that it exists. */
export function assertReach(user: SessionUser, unit: { code: string; provinceCode: string } | null): asserts unit {
  if (!unit || !canReach(user, unit)) throw notFound();
}

/**
 * The one authorisation gate: the roles that may call a route. Not signed in → 401,
 * wrong role → 403. Unit scoping is then checked against the target with `assertReach`.
 */
export function access(...roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async function accessMiddleware(c, next) {
    const user = c.get("user");
    if (!user) throw unauthorized();
    if (!roles.includes(user.role)) throw forbidden();
    await next();
  };
  return attachDoc(middleware, { roles });
}

/** The signed-in user, for handlers behind `access()`. */
export function currentUser(c: Context<AppEnv>): SessionUser {
  const user = c.get("user");
  if (!user) throw unauthorized();
  return user;
}
