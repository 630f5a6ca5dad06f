import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";
import { auditStatement } from "../lib/audit";
import { localDay } from "../lib/dates";
import { conflict, fieldError, invalid, notFound, Problem } from "../lib/problem";
import { getUnit } from "../units/store";
import { roleUnitError } from "./rules";
import type { Account, CreateAccountInput, UpdateAccountInput } from "./schema";

type AccountRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unit_code: string | null;
  disabled: number;
  password_hash: string;
  session_epoch: number;
};

export type StoredAccount = Account & { passwordHash: string; sessionEpoch: number };

const ACCOUNT_COLUMNS = "id, email, name, role, unit_code, disabled, password_hash, session_epoch";

function toStoredAccount(row: AccountRow): StoredAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    unitCode: row.unit_code,
    disabled: row.disabled === 1,
    passwordHash: row.password_hash,
    sessionEpoch: row.session_epoch,
  };
}

/** The public shape: never the hash. */
export function toAccount({ passwordHash: _hash, sessionEpoch: _epoch, ...account }: StoredAccount): Account {
  return account;
}

export async function getAccountById(db: D1Database, id: string): Promise<StoredAccount | null> {
  const row = await db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`).bind(id).first<AccountRow>();
  return row ? toStoredAccount(row) : null;
}

export async function getAccountByEmail(db: D1Database, email: string): Promise<StoredAccount | null> {
  const row = await db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = ?`).bind(email).first<AccountRow>();
  return row ? toStoredAccount(row) : null;
}

export type NewAccount = { id: string; email: string; name: string; role: Role; unitCode: string | null; passwordHash: string };

/** Inserts an account unless the email is taken (case-insensitively); returns whether it was created. */
export function insertAccountStatement(db: D1Database, account: NewAccount): D1PreparedStatement {
  const now = new Date().toISOString();
  return db
    .prepare(
      `INSERT INTO accounts (id, email, name, role, unit_code, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING`,
    )
    .bind(account.id, account.email, account.name, account.role, account.unitCode, account.passwordHash, now, now);
}

export type AccountChanges = {
  name?: string;
  role?: Role;
  unitCode?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  /** Ends every session of the account (password reset, role or unit change). */
  endSessions?: boolean;
};

export function updateAccountStatement(db: D1Database, id: string, changes: AccountChanges): D1PreparedStatement {
  const sets: string[] = ["updated_at = ?"];
  const params: unknown[] = [new Date().toISOString()];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (changes.name !== undefined) set("name", changes.name);
  if (changes.role !== undefined) set("role", changes.role);
  if (changes.unitCode !== undefined) set("unit_code", changes.unitCode);
  if (changes.disabled !== undefined) set("disabled", changes.disabled ? 1 : 0);
  if (changes.passwordHash !== undefined) set("password_hash", changes.passwordHash);
  if (changes.endSessions) sets.push("session_epoch = session_epoch + 1");
  return db.prepare(`UPDATE accounts SET ${sets.join(", ")} WHERE id = ?`).bind(...params, id);
}

export type AccountFilter = { unit?: string; province?: string; role?: Role };

/** Lists accounts ordered by email, after `afterEmail` (keyset), scoped by unit or province. */
export async function listAccounts(db: D1Database, filter: AccountFilter, limit: number, afterEmail: string | null): Promise<StoredAccount[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (filter.unit) add("a.unit_code = ?", filter.unit);
  if (filter.province) add("a.unit_code IN (SELECT code FROM units WHERE province_code = ?)", filter.province);
  if (filter.role) add("a.role = ?", filter.role);
  if (afterEmail !== null) add("a.email > ?", afterEmail);
  const { results } = await db
    .prepare(
      `SELECT ${ACCOUNT_COLUMNS.split(", ")
        .map((column) => `a.${column}`)
        .join(", ")} FROM accounts a
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY a.email LIMIT ?`,
    )
    .bind(...params, limit + 1)
    .all<AccountRow>();
  return results.map(toStoredAccount);
}

async function checkRoleUnit(db: D1Database, role: Role, unitCode: string | null): Promise<void> {
  const unit = unitCode ? await getUnit(db, unitCode) : null;
  if (unitCode && !unit) throw invalid([fieldError("unitCode", "unit.not_found")]);
  const error = roleUnitError(role, unit, localDay());
  if (error) throw invalid([fieldError("unitCode", error)]);
}

/** Creates an official's account (administrators only); a taken email is a 409. */
export async function createAccount(db: D1Database, input: CreateAccountInput, actorId: string): Promise<Account> {
  const unitCode = input.unitCode ?? null;
  await checkRoleUnit(db, input.role, unitCode);
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
    auditStatement(db, { actorId, action: "account.create", targetType: "account", targetId: account.id, detail: { role: account.role, unitCode } }),
  ]);
  if (inserted.meta.changes !== 1) throw new Problem(409, "account.email_taken", { errors: [fieldError("email", "account.email_taken")] });
  return { id: account.id, email: account.email, name: account.name, role: account.role, unitCode, disabled: false };
}

/**
 * Changes an account. A new password, role or unit ends the account's sessions, so powers never
 * outlive the change; disabling is refused on the next request by the D1 check in `resolveSession`.
 */
export async function updateAccount(db: D1Database, id: string, patch: UpdateAccountInput, actorId: string): Promise<Account> {
  const current = await getAccountById(db, id);
  if (!current) throw notFound("account.not_found");
  const role = patch.role ?? current.role;
  const unitCode = patch.unitCode !== undefined ? patch.unitCode : current.unitCode;
  if (patch.role !== undefined || patch.unitCode !== undefined) await checkRoleUnit(db, role, unitCode);
  if (id === actorId && (patch.disabled === true || (patch.role && patch.role !== "admin"))) {
    throw conflict("account.not_yourself");
  }
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
      actorId,
      action: "account.update",
      targetType: "account",
      targetId: id,
      detail: { ...auditable, passwordChanged: patch.password !== undefined },
    }),
  ]);
  return {
    id,
    email: current.email,
    name: patch.name ?? current.name,
    role,
    unitCode,
    disabled: patch.disabled ?? current.disabled,
  };
}
