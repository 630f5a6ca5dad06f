import type { Category } from "./schema";

/** A category's name in the page's language: its English name on English pages when it has one. */
export function categoryName(category: Pick<Category, "name" | "nameEn">, locale: "vi" | "en"): string {
  return locale === "en" && category.nameEn ? category.nameEn : category.name;
}
