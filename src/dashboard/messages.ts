import { defineMessages } from "../web/i18n";

/** Words of the officials' first page. */
export const dashboardMessages = defineMessages({
  "dashboard.title": ["Bàn làm việc", "Dashboard"],
  "dashboard.welcome": ["Xin chào, {name}.", "Hello, {name}."],
  "dashboard.youAre": ["Bạn đang làm việc với vai trò {role}, {unit}.", "You work as {role}, {unit}."],
  "dashboard.youAreAdmin": ["Bạn đang làm việc với vai trò {role}.", "You work as {role}."],
  "dashboard.figures": ["Đơn cần chú ý", "Petitions that need attention"],
  "dashboard.figuresOf": ["Đơn của {unit}", "Petitions of {unit}"],
  "dashboard.overdue": ["đơn quá hạn", "overdue"],
  "dashboard.dueSoon": ["đơn đến hạn trong 3 ngày làm việc tới", "due within the next 3 working days"],
  "dashboard.received": ["đơn mới, chưa tiếp nhận", "new, not yet accepted"],
  "dashboard.inProgress": ["đơn đang giải quyết", "being dealt with"],
  "dashboard.awaiting": ["đơn đã trả lời, chờ người dân phản hồi", "answered, waiting for the resident"],
  "dashboard.commune": ["Xã, phường", "Commune or ward"],
  "dashboard.allCommunes": ["— Tất cả xã, phường trong tỉnh —", "— Every commune in the province —"],
  "dashboard.communeHint": ["Để trống để xem số liệu của cả tỉnh.", "Leave empty to see the whole province."],
  "dashboard.show": ["Xem số liệu", "Show figures"],
  "dashboard.adminTasks": ["Việc quản trị", "Administration"],
  "dashboard.adminUnits": ["Danh sách xã, phường, tỉnh và việc sáp nhập", "Communes, provinces and mergers"],
  "dashboard.adminAccounts": ["Tài khoản của cán bộ: tạo mới, khóa, mở khóa", "Officials' accounts: create, disable, enable"],
  "dashboard.adminHolidays": ["Lịch nghỉ lễ dùng để tính thời hạn", "The holiday calendar used for time limits"],
  "dashboard.adminTimeLimits": ["Thời hạn giải quyết theo từng loại đơn", "Time limits for each kind of petition"],
  "dashboard.adminAudit": ["Nhật ký: ai đã xem thông tin cá nhân, ai đã thay đổi gì", "Activity log: who viewed personal data, who changed what"],
});
