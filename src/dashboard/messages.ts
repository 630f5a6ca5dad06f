import { defineMessages } from "../web/i18n";

/** dashboard words, Vietnamese first. */
export const dashboardMessages = defineMessages({
  "dashboard.title": ["Bàn làm việc", "Dashboard"],
  "dashboard.overdue": ["đơn quá hạn", "overdue"],
  "dashboard.dueSoon": ["đơn sắp đến hạn (3 ngày)", "due within 3 days"],
  "dashboard.received": ["đơn mới chưa thụ lý", "new, not yet accepted"],
  "dashboard.awaiting": ["đơn đã trả lời, chờ người dân phản hồi", "answered, awaiting the resident"],
  "dashboard.open": ["đơn đang xử lý", "open"],
  "dashboard.welcome": ["Xin chào, {name}.", "Hello, {name}."],
});
