/** Category use cases: the list (one round trip) and adding one with its audit entry in the same batch. */
import { auditStatement } from "../audit/store";
import { conflict } from "../lib/problem";
import type { Category, NewCategory } from "./schema";
import { categoriesStatement, insertCategoryStatement, toCategories } from "./store";

export async function listCategories(db: D1Database): Promise<Category[]> {
  const [categories] = await db.batch([categoriesStatement(db)]);
  return toCategories(categories.results);
}

/** Adds a category (administrators); a taken code is a 409 and leaves no audit entry. */
export async function createCategory(db: D1Database, actorId: string, category: NewCategory): Promise<Category> {
  const [inserted] = await db.batch([
    insertCategoryStatement(db, category),
    auditStatement(db, { actorId, action: "category.create", targetType: "category", targetId: category.code }, { afterChange: true }),
  ]);
  if (inserted.meta.changes !== 1) throw conflict("category.exists", undefined, { code: category.code });
  return { code: category.code, name: category.name, nameEn: category.nameEn ?? null, description: category.description ?? null };
}
