import { defineMessages } from "../web/i18n";

/** time-limits words, Vietnamese first. */
export const timeLimitMessages = defineMessages({
  "timeLimits.title": ["Thời hạn giải quyết theo luật", "Legal time limits"],
  "timeLimits.province": ["Mã tỉnh (* = mặc định toàn quốc)", "Province code (* = national default)"],
  "timeLimits.rule": ["Loại thời hạn", "Rule"],
  "timeLimits.days": ["Số ngày", "Days"],
  "timeLimits.dayKind": ["Cách tính", "Counting"],
  "timeLimits.working": ["Ngày làm việc", "Working days"],
  "timeLimits.calendar": ["Ngày (lùi khi rơi vào ngày nghỉ)", "Calendar days (moved off holidays)"],
  "timeLimits.save": ["Lưu", "Save"],
  "timeLimits.filter": ["Lọc", "Filter"],
  "time_limit.not_province": ["Đây không phải mã của một tỉnh, thành phố.", "This is not the code of a province."],
  "timeLimits.help": [
    "✱ = tỉnh đặt riêng. Thay đổi áp dụng cho các hạn tính từ nay; hạn đã tính giữ nguyên.",
    "✱ = set by the province. Changes apply to deadlines computed from now on.",
  ],
});
