/**
 * Account use cases for the API and the admin page: one read for the context, then the change and its
 * audit entry in one `batch()`.
 */
import { auditStatement } from "../audit/store";
import { hashPassword } from "../auth/password";
import type { SessionUser } from "../auth/sessions";
import { localDay } from "../lib/dates";
import { conflict, fieldError, invalid, notFound, Problem } from "../lib/problem";
import { toUnit, type UnitRow, unitStatement } from "../units/store";
import { roleUnitError } from "./rules";
import type { Account, CreateAccountInput, UpdateAccountInput } from "./schema";
import {
  type AccountChanges,
  type AccountUnit,
  accountWithUnitStatement,
  insertAccountStatement,
  type NewAccount,
  toAccountWithUnit,
  updateAccountStatement,
} from "./store";

function checkRoleUnit(role: CreateAccountInput["role"], unitCode: string | null, unit: AccountUnit | null): void {
  if (unitCode && !unit) throw invalid([fieldError("unitCode", "unit.not_found")]);
  const error = roleUnitError(role, unit, localDay());
  if (error) throw invalid([fieldError("unitCode", error)]);
}

/** Creates an official's account (administrators only); a taken email is a 409. */
export async function createAccount(db: D1Database, user: SessionUser, input: CreateAccountInput): Promise<Account> {
  const unitCode = input.unitCode ?? null;
  const unitRow = unitCode ? await unitStatement(db, unitCode).first<UnitRow>() : null;
  checkRoleUnit(input.role, unitCode, unitRow ? toUnit(unitRow) : null);
  const account: NewAccount = {
    id: crypto.randomUUID(),
    email: input.email,
    name: input.name,
    role: input.role,
    unitCode,
    passwordHash: await hashPassword(input.password),
  };
  const [inserted] = await db.batch([
    insertAccountStatement(db, account),
    auditStatement(
      db,
      { actorId: user.id, action: "account.create", targetType: "account", targetId: account.id, detail: { role: account.role, unitCode } },
      { afterChange: true },
    ),
  ]);
  if (inserted.meta.changes !== 1) throw new Problem(409, "account.email_taken", { errors: [fieldError("email", "account.email_taken")] });
  return { id: account.id, email: account.email, name: account.name, role: account.role, unitCode, disabled: false };
}

/**
 * Changes an account. A new password, role or unit ends the account's sessions, so powers never
 * outlive the change; disabling is refused on the next request by the D1 check of the session.
 */
export async function updateAccount(db: D1Database, user: SessionUser, id: string, patch: UpdateAccountInput): Promise<Account> {
  const loaded = toAccountWithUnit((await accountWithUnitStatement(db, id, patch.unitCode).first()) ?? undefined);
  if (!loaded) throw notFound("account.not_found");
  const { account: current, unit } = loaded;
  const role = patch.role ?? current.role;
  const unitCode = patch.unitCode !== undefined ? patch.unitCode : current.unitCode;
  if (patch.role !== undefined || patch.unitCode !== undefined) checkRoleUnit(role, unitCode, unit);
  if (id === user.id && (patch.disabled === true || (patch.role && patch.role !== "admin"))) throw conflict("account.not_yourself");
  const changes: AccountChanges = {
    name: patch.name,
    role: patch.role,
    unitCode: patch.unitCode,
    disabled: patch.disabled,
    passwordHash: patch.password ? await hashPassword(patch.password) : undefined,
    endSessions: patch.password !== undefined || patch.role !== undefined || patch.unitCode !== undefined,
  };
  const { password: _secret, ...auditable } = patch;
  await db.batch([
    updateAccountStatement(db, id, changes),
    auditStatement(db, {
      actorId: user.id,
      action: "account.update",
      targetType: "account",
      targetId: id,
      detail: { ...auditable, passwordChanged: patch.password !== undefined },
    }),
  ]);
  return { id, email: current.email, name: patch.name ?? current.name, role, unitCode, disabled: patch.disabled ?? current.disabled };
}
