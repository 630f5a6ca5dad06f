import type { Category, NewCategory } from "./schema";

type CategoryRow = { code: string; name: string; name_en: string | null; description: string | null };

const CATEGORY_COLUMNS = "code, name, name_en, description";

const toCategory = (row: CategoryRow): Category => ({ code: row.code, name: row.name, nameEn: row.name_en, description: row.description });

/** Every category, by name, with "Khác" (other) last: what forms and filters offer. */
export function categoriesStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(`SELECT ${CATEGORY_COLUMNS} FROM categories ORDER BY code = 'khac', name`);
}

/** One category by code (empty when there is none): to check a reference in the same batch as other reads. */
export function categoryStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = ?`).bind(code);
}

export const toCategories = (rows: unknown[]): Category[] => (rows as CategoryRow[]).map(toCategory);

/** Adds a category unless its code is taken; the batch's next statement can test `changes() = 1`. */
export function insertCategoryStatement(db: D1Database, category: NewCategory): D1PreparedStatement {
  return db
    .prepare("INSERT INTO categories (code, name, name_en, description) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING")
    .bind(category.code, category.name, category.nameEn ?? null, category.description ?? null);
}
