import type { Role } from "../auth/roles";
import { type SqlScalar, scalarSql, Where } from "../lib/sql";
import type { UnitLevel } from "../units/schema";
import type { Account } from "./schema";

export type AccountRow = {
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

export function toStoredAccount(row: AccountRow): StoredAccount {
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

export function accountStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`).bind(id);
}

/** The accounts of one unit, by name, to batch; the unit may be found by a subquery (the unit handling a petition). */
export function unitAccountsStatement(db: D1Database, unitCode: SqlScalar): D1PreparedStatement {
  const unit = scalarSql(unitCode);
  return db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE unit_code = ${unit.sql} ORDER BY name`).bind(...unit.params);
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

/**
 * Lists accounts ordered by email, after `afterEmail` (keyset), scoped by unit or province; `limit + 1` rows.
 * Each row carries its unit's name too, for pages (the API's mapper leaves it out).
 */
export function listAccountsStatement(db: D1Database, filter: AccountFilter, limit: number, afterEmail: string | null): D1PreparedStatement {
  const where = new Where()
    .optional(filter.unit, "a.unit_code = ?")
    .optional(filter.province, "a.unit_code IN (SELECT code FROM units WHERE province_code = ?)")
    .optional(filter.role, "a.role = ?")
    .optional(afterEmail, "a.email > ?");
  return db
    .prepare(
      `SELECT ${ACCOUNT_COLUMNS.split(", ")
        .map((column) => `a.${column}`)
        .join(", ")}, u.name AS unit_name FROM accounts a LEFT JOIN units u ON u.code = a.unit_code${where} ORDER BY a.email LIMIT ?`,
    )
    .bind(...where.params, limit + 1);
}

/** An account as the admin page lists it: with its unit's name, never its code. */
export type AccountListing = Account & { unitName: string | null };

export const toAccountListings = (result: D1Result): AccountListing[] =>
  (result.results as (AccountRow & { unit_name: string | null })[]).map((row) => ({ ...toAccount(toStoredAccount(row)), unitName: row.unit_name }));

export const toStoredAccounts = (result: D1Result) => (result.results as AccountRow[]).map((row) => toStoredAccount(row));

/** The unit an account is (or would be) attached to, as the role rules need it. */
export type AccountUnit = { level: UnitLevel; validTo: string | null };

/**
 * One read for a change of an account: the account, and the unit it will belong to — `unitCode` when the
 * change names one, else its current unit. Null when there is no such account.
 */
export function accountWithUnitStatement(db: D1Database, id: string, unitCode: string | null | undefined): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${ACCOUNT_COLUMNS.split(", ")
        .map((column) => `a.${column}`)
        .join(", ")}, u.level AS unit_level, u.valid_to AS unit_valid_to
       FROM accounts a LEFT JOIN units u ON u.code = (CASE WHEN ?2 THEN ?3 ELSE a.unit_code END) WHERE a.id = ?1`,
    )
    .bind(id, unitCode !== undefined ? 1 : 0, unitCode ?? null);
}

export function toAccountWithUnit(row: Record<string, unknown> | undefined): { account: StoredAccount; unit: AccountUnit | null } | null {
  if (!row) return null;
  const unit = row.unit_level ? { level: row.unit_level as UnitLevel, validTo: (row.unit_valid_to as string | null) ?? null } : null;
  return { account: toStoredAccount(row as AccountRow), unit };
}

export type UnitOfficialRow = { id: string; name: string; role: Role };

/** The active officials of a commune by name: who may chair its sessions. */
export function unitOfficialsStatement(db: D1Database, unitCode: string): D1PreparedStatement {
  return db
    .prepare("SELECT id, name, role FROM accounts WHERE unit_code = ? AND disabled = 0 AND role IN ('commune_head', 'commune_staff') ORDER BY name LIMIT 200")
    .bind(unitCode);
}
