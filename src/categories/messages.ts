import { defineMessages } from "../web/i18n";

/** categories words, Vietnamese first. */
export const categoryMessages = defineMessages({
  "category.code_format": ["Chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang.", "Use lower-case letters, digits and hyphens only."],
  "category.exists": ["Lĩnh vực {code} đã có.", "The category {code} already exists."],
  "category.unknown": ["Không có lĩnh vực này.", "There is no such category."],
});
