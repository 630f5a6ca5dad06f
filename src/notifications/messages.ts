import { defineMessages } from "../web/i18n";
import type { NotificationKind } from "./schema";

/** The notifications' words on pages and in the API, Vietnamese first. */
export const notificationMessages = defineMessages({
  "notifications.title": ["Tin nhắn đã gửi", "Messages sent"],
  "notifications.residentTitle": ["Tin nhắn đã gửi cho ông/bà", "Messages sent to you"],
  "notifications.none": ["Chưa có tin nhắn nào.", "No messages yet."],
  "notifications.at": ["Thời gian", "Time"],
  "notifications.kind": ["Nội dung", "About"],
  "notifications.channel": ["Kênh", "Channel"],
  "notifications.recipient": ["Người nhận", "Recipient"],
  "notifications.address": ["Gửi đến", "Sent to"],
  "notifications.status": ["Trạng thái", "Status"],
  "notifications.kind.petition.accepted": ["Đơn đã được thụ lý", "Petition accepted"],
  "notifications.kind.petition.answered": ["Đơn đã có trả lời", "Petition answered"],
  "notifications.kind.petition.escalated": ["Hướng dẫn khiếu nại tiếp", "How to appeal further"],
  "notifications.kind.registration.confirmed": ["Xác nhận đăng ký dự đối thoại", "Registration confirmed"],
  "notifications.kind.registration.waitlisted": ["Vào danh sách chờ", "Put on the waiting list"],
  "notifications.kind.registration.promoted": ["Đã có chỗ dự đối thoại", "A seat became free"],
  "notifications.kind.session.rescheduled": ["Hội nghị đổi thời gian", "Session rescheduled"],
  "notifications.kind.session.cancelled": ["Hội nghị bị hủy", "Session cancelled"],
  "notifications.kind.session.changed": ["Hội nghị có thay đổi", "Session changed"],
  "notifications.kind.session.reminder": ["Nhắc lịch hội nghị", "Session reminder"],
  "notifications.kind.session.results": ["Kết quả hội nghị", "Session results"],
  "notifications.channel.email": ["Thư điện tử", "Email"],
  "notifications.channel.sms": ["Tin nhắn SMS", "SMS"],
  "notifications.channel.zalo": ["Zalo", "Zalo"],
  "notifications.status.pending": ["Đang gửi", "Sending"],
  "notifications.status.sent": ["Đã gửi", "Sent"],
  "notifications.status.failed": ["Không gửi được", "Could not be sent"],
  "notifications.status.skipped": ["Không gửi", "Not sent"],
  "notifications.role.submitter": ["Người gửi đơn", "Petitioner"],
  "notifications.role.registrant": ["Người đăng ký", "Registrant"],
  "notifications.role.village_head": ["Trưởng thôn, tổ dân phố", "Village head"],
  "notifications.error.not_configured": ["kênh này chưa được cài đặt", "this channel is not set up"],
  "notifications.error.rejected": ["nhà cung cấp từ chối địa chỉ hoặc nội dung", "the provider refused the address or the text"],
  "notifications.error.unreachable": ["chưa kết nối được nhà cung cấp; đang thử lại", "the provider could not be reached; trying again"],
  "notifications.error.undelivered": ["đã thử nhiều lần không được", "several attempts failed"],
  "notifications.error.expired": ["quá hạn gửi", "too late to send"],
});

/** A failure or skip reason stored on a row; each has words above. */
export const NOTIFICATION_ERRORS = ["not_configured", "rejected", "unreachable", "undelivered", "expired"] as const;
export type NotificationError = (typeof NOTIFICATION_ERRORS)[number];

/**
 * What residents receive, in Vietnamese (one language: residents' messages are Vietnamese). `{placeholders}`
 * are filled from the event's data: unit, code, title, date, time, venue, position, due, reason, link.
 * - `body`: the email, one paragraph per line; a line whose values are missing is left out.
 * - `short`: SMS and Zalo, best first; SMS takes the first one whose values exist and that fits one SMS
 *   (160 characters once the diacritics are removed), Zalo the first whose values exist.
 */
export const OUTGOING_TEXTS: Record<NotificationKind, { subject: string; body: string[]; short: string[] }> = {
  "petition.accepted": {
    subject: "Kiến nghị {code} đã được thụ lý",
    body: ["{unit} đã thụ lý kiến nghị của ông/bà (mã theo dõi {code}).", "Hạn trả lời: {due}.", "Theo dõi tiến độ xử lý tại: {link}"],
    short: [
      "{unit} đã thụ lý kiến nghị {code}, hạn trả lời {due}. Theo dõi: {link}",
      "{unit} đã thụ lý kiến nghị {code}. Theo dõi: {link}",
      "Kiến nghị {code} đã được thụ lý. Theo dõi: {link}",
    ],
  },
  "petition.answered": {
    subject: "Kiến nghị {code} đã có trả lời",
    body: ["{unit} đã trả lời kiến nghị của ông/bà (mã theo dõi {code}).", "Xem câu trả lời và cho biết ông/bà có đồng ý không tại: {link}"],
    short: ["{unit} đã trả lời kiến nghị {code}. Xem trả lời: {link}", "Kiến nghị {code} đã có trả lời. Xem: {link}"],
  },
  "petition.escalated": {
    subject: "Kiến nghị {code}: hướng dẫn khiếu nại tiếp",
    body: ["{unit} đã ghi nhận ông/bà chưa đồng ý với câu trả lời cho kiến nghị {code}.", "Cách khiếu nại lần hai hoặc khởi kiện được hướng dẫn tại: {link}"],
    short: ["{unit} đã ghi nhận ông/bà chưa đồng ý trả lời đơn {code}. Hướng dẫn bước tiếp: {link}", "Đơn {code}: hướng dẫn khiếu nại tiếp tại {link}"],
  },
  "registration.confirmed": {
    subject: "Đã đăng ký dự hội nghị đối thoại ngày {date}",
    body: [
      "Ông/bà đã đăng ký dự hội nghị đối thoại “{title}” của {unit}.",
      "Thời gian: {time} ngày {date}.",
      "Địa điểm: {venue}.",
      "Mã đăng ký: {code} (dùng khi đến dự hoặc khi hủy đăng ký).",
      "Chi tiết: {link}",
    ],
    short: ["Đã đăng ký dự đối thoại {unit} {time} {date} tại {venue}. Mã {code}. {link}", "Đã đăng ký dự đối thoại {time} {date}. Mã {code}. {link}"],
  },
  "registration.waitlisted": {
    subject: "Đăng ký dự đối thoại ngày {date}: danh sách chờ",
    body: [
      "Hội nghị đối thoại “{title}” của {unit} đã đủ chỗ; ông/bà ở vị trí số {position} trong danh sách chờ.",
      "Chúng tôi sẽ báo ngay khi có chỗ.",
      "Thời gian: {time} ngày {date}. Địa điểm: {venue}.",
      "Mã đăng ký: {code}. Chi tiết: {link}",
    ],
    short: [
      "Đối thoại {unit} {date} đã đủ chỗ; ông/bà ở số {position} danh sách chờ, sẽ báo khi có chỗ. {link}",
      "Ông/bà ở số {position} danh sách chờ dự đối thoại {date}. {link}",
    ],
  },
  "registration.promoted": {
    subject: "Đã có chỗ cho ông/bà dự hội nghị đối thoại ngày {date}",
    body: [
      "Đã có chỗ cho ông/bà dự hội nghị đối thoại “{title}” của {unit}.",
      "Thời gian: {time} ngày {date}.",
      "Địa điểm: {venue}.",
      "Mã đăng ký: {code}. Chi tiết: {link}",
    ],
    short: ["Đã có chỗ cho ông/bà dự đối thoại {unit} {time} {date} tại {venue}. Mã {code}. {link}", "Đã có chỗ dự đối thoại {time} {date}. Mã {code}. {link}"],
  },
  "session.rescheduled": {
    subject: "Hội nghị đối thoại của {unit} đổi thời gian",
    body: ["Hội nghị đối thoại “{title}” của {unit} chuyển sang {time} ngày {date}.", "Địa điểm: {venue}.", "Lý do: {reason}.", "Chi tiết: {link}"],
    short: ["Đối thoại {unit} dời sang {time} {date} tại {venue}. {link}", "Đối thoại dời sang {time} {date}. {link}"],
  },
  "session.cancelled": {
    subject: "Hội nghị đối thoại của {unit} ngày {date} bị hủy",
    body: ["Hội nghị đối thoại “{title}” của {unit} dự kiến {time} ngày {date} đã bị hủy.", "Lý do: {reason}.", "Chi tiết: {link}"],
    short: ["Đối thoại {unit} ngày {date} đã hủy. {link}", "Đối thoại ngày {date} đã hủy. {link}"],
  },
  "session.changed": {
    subject: "Hội nghị đối thoại của {unit} ngày {date} có thay đổi",
    body: ["Hội nghị đối thoại “{title}” của {unit} có thay đổi.", "Thời gian: {time} ngày {date}.", "Địa điểm: {venue}.", "Xem chi tiết: {link}"],
    short: ["Đối thoại {unit} {time} {date} có thay đổi; địa điểm {venue}. Xem: {link}", "Đối thoại ngày {date} có thay đổi. Xem: {link}"],
  },
  "session.reminder": {
    subject: "Nhắc lịch: hội nghị đối thoại ngày mai {date}",
    body: ["Xin nhắc ông/bà: hội nghị đối thoại “{title}” của {unit} diễn ra lúc {time} ngày mai ({date}).", "Địa điểm: {venue}.", "Chi tiết: {link}"],
    short: ["Nhắc lịch: đối thoại {unit} {time} ngày mai {date} tại {venue}. {link}", "Nhắc lịch: đối thoại {time} ngày mai {date}. {link}"],
  },
  "session.results": {
    subject: "Kết quả hội nghị đối thoại của {unit} ngày {date}",
    body: ["{unit} đã công bố kết quả hội nghị đối thoại “{title}” ngày {date}.", "Xem kết quả và các việc chính quyền đã cam kết tại: {link}"],
    short: ["{unit} đã công bố kết quả đối thoại ngày {date}: {link}", "Kết quả đối thoại ngày {date}: {link}"],
  },
};

export const EMAIL_GREETING = "Kính gửi ông/bà,";
export const EMAIL_FOOTER = "Đây là thư tự động của hệ thống Đối thoại; xin đừng trả lời thư này.";
export const EMAIL_SENDER_NAME = "Đối thoại";
