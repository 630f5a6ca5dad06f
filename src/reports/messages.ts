import { defineMessages } from "../web/i18n";

/** Reports' words, Vietnamese first: errors, the dashboard, the lists behind its figures, printable reports. */
export const reportMessages = defineMessages({
  "report.not_found": ["Không có đơn vị này, hoặc bạn không được xem báo cáo của đơn vị này.", "No such unit, or its reports are not yours to see."],
  "report.year_format": ["Nhập năm gồm 4 chữ số, từ 2000 đến 2100.", "Enter a year of four digits, 2000 to 2100."],
  "report.period_choice": ["Chọn một kỳ báo cáo trong danh sách.", "Choose a report period from the list."],
  "report.scope_both": ["Chọn một xã hoặc một tỉnh, không chọn cả hai.", "Choose a commune or a province, not both."],
  "report.range_order": ["Ngày kết thúc không được trước ngày bắt đầu.", "The end date cannot come before the start date."],
  "report.figure_choice": ["Chọn một chỉ tiêu trong danh sách.", "Choose a figure from the list."],
  "report.province_required": ["Chọn tỉnh cần xem báo cáo.", "Choose the province to report on."],
});
