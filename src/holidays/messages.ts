import { defineMessages } from "../web/i18n";

/** holidays words, Vietnamese first. */
export const holidayMessages = defineMessages({
  "holidays.title": ["Ngày nghỉ lễ", "Public holidays"],
  "holidays.date": ["Ngày", "Date"],
  "holidays.name": ["Tên", "Name"],
  "holidays.provisional": ["Dự kiến (chưa công bố)", "Provisional"],
  "holidays.save": ["Lưu ngày nghỉ", "Save holiday"],
  "holidays.delete": ["Xóa", "Delete"],
  "holidays.year": ["Năm", "Year"],
});
