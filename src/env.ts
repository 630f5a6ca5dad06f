import type { SessionUser } from "./auth/sessions";
import type { Translate } from "./lib/problem";
import type { PostedForm } from "./web/form";
import type { Locale } from "./web/i18n";

/** Hono environment of the whole app: generated bindings plus per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** The signed-in official, set by `loadSession` when a valid token or cookie is present. */
    user?: SessionUser;
    /** How the user was authenticated: cookie requests need the CSRF origin check. */
    authVia?: "bearer" | "cookie";
    locale: Locale;
    /** The request's words for a message code, in `locale`. */
    translate: Translate;
    /** The form a page post sent, once `validateForm` has read it. */
    postedForm?: PostedForm;
  };
};
