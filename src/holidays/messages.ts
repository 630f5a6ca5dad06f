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
  "holiday.year_format": ["Năm gồm 4 chữ số.", "A year has 4 digits."],
  "holiday.name_required": ["Vui lòng nhập tên ngày nghỉ.", "Enter the holiday's name."],
  "holiday.not_found": ["Không có ngày nghỉ này.", "No such holiday."],
  "holidays.saved": ["Đã lưu lịch ngày nghỉ.", "The calendar was saved."],
});
