import { defineMessages } from "../web/i18n";

/** Province policy words, Vietnamese first. */
export const policyMessages = defineMessages({
  "policy.province_not_found": ["Không có tỉnh này.", "No such province."],
  "policy.month_day_format": ["Nhập ngày trong năm dạng tháng-ngày, ví dụ 06-30.", "Enter a day of the year as month-day, e.g. 06-30."],
  "policies.title": ["Chính sách đối thoại của tỉnh", "Province dialogue policy"],
  "policies.choose": ["Chọn tỉnh", "Choose a province"],
  "policies.show": ["Xem", "Show"],
  "policies.inForce": ["Đang áp dụng từ {day}", "In force since {day}"],
  "policies.default": ["Tỉnh chưa đặt chính sách riêng: áp dụng mức mặc định.", "The province has set no policy of its own: the defaults apply."],
  "policies.history": ["Các lần thay đổi", "Changes"],
  "policies.none": ["Chưa có.", "None yet."],
  "policies.add": ["Đặt chính sách mới", "Set a new policy"],
  "policies.addHelp": [
    "Chính sách áp dụng từ ngày hiệu lực; một kỳ báo cáo được đánh giá theo chính sách đang áp dụng vào ngày cuối kỳ. Lưu lại đúng ngày hiệu lực cũ sẽ thay dòng đó.",
    "A policy applies from its effective day; a report period is judged by the policy in force on its last day. Saving the same effective day again replaces that row.",
  ],
  "policies.saved": ["Đã lưu chính sách.", "Policy saved."],
  "policies.save": ["Lưu", "Save"],
  "policies.effectiveFrom": ["Áp dụng từ ngày", "Effective from"],
  "policies.minSessionsPerYear": ["Số hội nghị đối thoại tối thiểu mỗi năm", "Minimum dialogue sessions a year"],
  "policies.inYearDeadline": ["Phải tổ chức xong trước ngày (tháng-ngày, để trống nếu đến hết năm)", "Must be held by (month-day; empty for the year's end)"],
  "policies.noticeDays": ["Thông báo trước ít nhất (ngày)", "Notice at least (days)"],
  "policies.resultsDays": ["Công khai kết quả trong (ngày)", "Publish results within (days)"],
  "policies.feedbackWindowWorkingDays": ["Thời gian chờ người dân phản hồi (ngày làm việc)", "Feedback window (working days)"],
  "policies.reportPeriods": ["Kỳ báo cáo", "Report periods"],
  "policies.period.calendar": ["Theo tháng dương lịch", "Calendar months"],
  "policies.period.cutoff": ["Theo ngày chốt số liệu (15 tháng trước đến 14)", "Cut-off dates (15th to 14th)"],
  "policies.personalDataRetentionMonths": ["Giữ thông tin cá nhân người đăng ký (tháng)", "Keep registrants' personal data (months)"],
  "policies.byYearEnd": ["Đến hết năm", "By the year's end"],
});
