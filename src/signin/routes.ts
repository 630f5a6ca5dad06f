import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { access, currentUser, notCrossSite, SESSION_COOKIE } from "../auth/access";
import { OFFICIAL_ROLES } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { deviceToRemember, setDeviceCookie, signInClientOf } from "./device";
import { changePasswordSchema, loginResultSchema, loginSchema, meSchema, tokenSchema } from "./schema";
import { changeOwnPassword, setSessionCookie, signIn, signOut } from "./workflow";

const toMe = (user: SessionUser) => ({ ...user, disabled: false });

/** `/api/v1/auth`: sign-in and sign-out for officials. */
export const authApi = new Hono<AppEnv>()
  .post(
    "/login",
    describeRoute({
      tags: ["Auth"],
      summary: "Sign in",
      description:
        "Returns a bearer token, sets the session cookie and the signed device cookie. 429 with Retry-After: too many attempts from one address (per minute), 5 failures for this email from this device (or, without a device cookie, this address) within 15 minutes, or — past 50 failures for the email within an hour — a device that never signed in to it.",
      responses: {
        200: { description: "Signed in", schema: loginResultSchema },
        401: { description: "Wrong email or password" },
        403: { description: "Sent from another site" },
        429: { description: "Too many attempts" },
      },
    }),
    notCrossSite(),
    validate("json", loginSchema),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const { token, user, device } = await signIn(c.env, email, password, await signInClientOf(c), () => deviceToRemember(c, null));
      setSessionCookie(c, token);
      if (device) await setDeviceCookie(c, device);
      return c.json({ token, user: toMe(user) });
    },
  )
  .post("/logout", describeRoute({ tags: ["Auth"], summary: "Sign out", responses: { 204: { description: "Signed out" } } }), async (c) => {
    await signOut(c, getCookie(c, SESSION_COOKIE));
    return c.body(null, 204);
  });

/** `/api/v1/me`: the signed-in official. */
export const meApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({ tags: ["Auth"], summary: "The signed-in official", responses: { 200: { description: "You", schema: meSchema } } }),
    access(...OFFICIAL_ROLES),
    (c) => c.json(toMe(currentUser(c))),
  )
  .post(
    "/password",
    describeRoute({
      tags: ["Auth"],
      summary: "Change your own password",
      description: "Ends every other session of the account and returns a new token for this one.",
      responses: { 200: { description: "Changed", schema: tokenSchema } },
    }),
    access(...OFFICIAL_ROLES),
    validate("json", changePasswordSchema),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid("json");
      const token = await changeOwnPassword(c.env, currentUser(c), currentPassword, newPassword);
      setSessionCookie(c, token);
      return c.json({ token });
    },
  );
