/**
 * Folds Vietnamese text for search: lower case, no diacritics, "đ" → "d".
 * NFD splits most marks off their letters; "đ" is a letter of its own and needs a rule.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
