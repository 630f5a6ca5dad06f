import { defineMessages } from "../web/i18n";

/** audit words, Vietnamese first. */
export const auditMessages = defineMessages({
  "audit.title": ["Nhật ký truy cập và thay đổi", "Audit log"],
  "audit.at": ["Thời điểm", "When"],
  "audit.actor": ["Người thực hiện", "Who"],
  "audit.action": ["Hành động", "Action"],
  "audit.target": ["Đối tượng", "Target"],
});
