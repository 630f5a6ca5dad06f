import { Hono } from "hono";
import { access, assertReach, currentUser, reachOf } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { decodeCursor, toPage } from "../lib/pagination";
import { notFound } from "../lib/problem";
import { validate } from "../lib/validate";
import { toUnit, type UnitRow, unitStatement } from "../units/store";
import { accountIdParamSchema, accountPageSchema, accountSchema, createAccountSchema, listAccountsQuerySchema, updateAccountSchema } from "./schema";
import { type AccountRow, accountStatement, listAccountsStatement, toAccount, toStoredAccount, toStoredAccounts } from "./store";
import { createAccount, updateAccount } from "./workflow";

/** `/api/v1/accounts`: officials' accounts. Administrators manage them; others see those within their reach. */
export const accountsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Accounts"],
      summary: "List accounts",
      description: "Administrators see all; a supervisor the accounts of the province; commune officials those of their unit (to assign work).",
      responses: { 200: { description: "A page of accounts", schema: accountPageSchema } },
    }),
    access("admin", "supervisor", "commune_head", "commune_staff"),
    validate("query", listAccountsQuerySchema),
    async (c) => {
      const user = currentUser(c);
      const { limit, cursor, unit, role } = c.req.valid("query");
      const reach = reachOf(user);
      const scope = {
        unit: unit ?? (reach.kind === "unit" ? reach.unitCode : undefined),
        province: reach.kind === "province" ? reach.provinceCode : undefined,
        role,
      };
      const after = (decodeCursor(cursor, ["string"])?.[0] as string | undefined) ?? null;
      // The unit (to refuse one out of reach with 404) and the page come back in one round trip.
      const [units, accounts] = await c.env.DB.batch([unitStatement(c.env.DB, unit ?? ""), listAccountsStatement(c.env.DB, scope, limit, after)]);
      if (unit) assertReach(user, units.results[0] ? toUnit(units.results[0] as UnitRow) : null);
      return c.json(toPage(toStoredAccounts(accounts), limit, toAccount, (row) => [row.email]));
    },
  )
  .post(
    "/",
    describeRoute({ tags: ["Accounts"], summary: "Create an official's account", responses: { 201: { description: "Created", schema: accountSchema } } }),
    access("admin"),
    validate("json", createAccountSchema),
    async (c) => c.json(await createAccount(c.env.DB, currentUser(c), c.req.valid("json")), 201),
  )
  .get(
    "/:id",
    describeRoute({ tags: ["Accounts"], summary: "One account", responses: { 200: { description: "The account", schema: accountSchema } } }),
    access("admin"),
    validate("param", accountIdParamSchema),
    async (c) => {
      const row = await accountStatement(c.env.DB, c.req.valid("param").id).first<AccountRow>();
      if (!row) throw notFound("account.not_found");
      return c.json(toAccount(toStoredAccount(row)));
    },
  )
  .patch(
    "/:id",
    describeRoute({
      tags: ["Accounts"],
      summary: "Change, disable or reset an account",
      description: "A new password, role or unit ends the account's sessions; a disabled account is refused on its next request.",
      responses: { 200: { description: "The updated account", schema: accountSchema } },
    }),
    access("admin"),
    validate("param", accountIdParamSchema),
    validate("json", updateAccountSchema),
    async (c) => c.json(await updateAccount(c.env.DB, currentUser(c), c.req.valid("param").id, c.req.valid("json"))),
  );
