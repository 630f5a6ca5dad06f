import { defineMessages } from "../web/i18n";

/** Words of the holiday calendar: the admin page and the API's errors. */
export const holidayMessages = defineMessages({
  "holidays.title": ["Ngày nghỉ lễ và làm bù {year}", "Days off and working weekend days {year}"],
  "holidays.intro": [
    "Thời hạn giải quyết đơn tính theo ngày làm việc: thứ Bảy, Chủ nhật và các ngày nghỉ dưới đây không được tính. Khi Nhà nước công bố lịch nghỉ của năm, hãy cập nhật tại đây.",
    "Time limits count working days: Saturdays, Sundays and the days below do not count. When the government announces a year's days off, update them here.",
  ],
  "holidays.years": ["Chọn năm", "Choose a year"],
  "holidays.year": ["Năm {year}", "{year}"],
  "holidays.date": ["Ngày", "Date"],
  "holidays.name": ["Tên ngày nghỉ", "Name"],
  "holidays.state": ["Tình trạng", "Status"],
  "holidays.provisional": ["Dự kiến, chờ công bố", "Provisional, not yet announced"],
  "holidays.announced": ["Đã công bố", "Announced"],
  "holidays.provisionalLabel": ["Chưa có thông báo chính thức (dự kiến)", "Not officially announced yet (provisional)"],
  "holidays.none": ["Chưa có ngày nghỉ nào trong năm này.", "No days off recorded for this year."],
  "holidays.add": ["Thêm hoặc sửa ngày nghỉ", "Add or change a day off"],
  "holidays.addHint": [
    "Nếu ngày này đã có trong lịch, tên và tình trạng sẽ được cập nhật.",
    "If the day is already in the calendar, its name and status are updated.",
  ],
  "holidays.save": ["Lưu ngày nghỉ", "Save the day off"],
  "holidays.delete": ["Xóa", "Delete"],
  "holidays.kind": ["Loại ngày", "Kind of day"],
  "holidays.kind.day_off": ["Ngày nghỉ", "Day off"],
  "holidays.kind.working_day": ["Ngày làm bù (thứ Bảy, Chủ nhật đi làm)", "Working weekend day (worked in exchange)"],
  "holiday.working_day_on_weekday": [
    "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật; ngày thường đã là ngày làm việc.",
    "A working day in exchange must be a Saturday or Sunday; weekdays are working days already.",
  ],
  "holidays.deleteQuestion": ["Xóa “{name}” ({date}) khỏi lịch nghỉ?", "Remove “{name}” ({date}) from the calendar?"],
  "holidays.deleteConsequence": [
    "Từ nay ngày này được tính là ngày làm việc khi tính thời hạn giải quyết đơn.",
    "From now on the day counts as a working day in petitions' time limits.",
  ],
  "holidays.deleteConfirm": ["Có, xóa ngày nghỉ", "Yes, remove the day off"],
  "holidays.saved": ["Đã lưu ngày nghỉ {date}.", "The day off on {date} is saved."],
  "holidays.deleted": ["Đã xóa ngày nghỉ {date} khỏi lịch.", "The day off on {date} is removed."],
  "holiday.date_required": ["Nhập ngày nghỉ.", "Enter the date."],
  "holiday.year_format": ["Năm gồm 4 chữ số, ví dụ 2026.", "A year has 4 digits, for example 2026."],
  "holiday.name_required": ["Nhập tên ngày nghỉ, ví dụ: Tết Dương lịch.", "Enter the day's name, for example New Year's Day."],
  "holiday.not_found": ["Ngày này không có trong lịch nghỉ.", "That day is not in the calendar."],
});
