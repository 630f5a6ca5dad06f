import type { Context } from "hono";
import { getCookie } from "hono/cookie";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "lang";

/** Interface text: Vietnamese first; English for visitors and foreign partners. */
const MESSAGES = {
  "app.name": ["Đối thoại", "Đối thoại (Citizen dialogue)"],
  "app.tagline": [
    "Người dân gửi kiến nghị, theo dõi trả lời và tham gia đối thoại với chính quyền xã.",
    "Residents send petitions, follow the answers and take part in dialogue with their commune.",
  ],
  "nav.home": ["Trang chủ", "Home"],
  "nav.login": ["Đăng nhập", "Sign in"],
  "nav.logout": ["Đăng xuất", "Sign out"],
  "nav.password": ["Đổi mật khẩu", "Change password"],
  "nav.units": ["Đơn vị hành chính", "Administrative units"],
  "nav.accounts": ["Tài khoản", "Accounts"],
  "nav.api": ["Tài liệu API", "API reference"],
  "nav.skip": ["Bỏ qua đến nội dung chính", "Skip to main content"],
  "lang.switch": ["English", "Tiếng Việt"],
  "home.intro": [
    "Đây là hệ thống UBND xã dùng để tổ chức hội nghị đối thoại với Nhân dân và trả lời kiến nghị, phản ánh đúng thời hạn pháp luật quy định. Người dân không cần tài khoản để gửi kiến nghị; cán bộ đăng nhập để tiếp nhận, phân loại và trả lời.",
    "Communes use this system to hold dialogue sessions with residents and to answer petitions within the legal time limits. Residents need no account to send a petition; officials sign in to receive, classify and answer them.",
  ],
  "home.officials": ["Dành cho cán bộ", "For officials"],
  "login.title": ["Đăng nhập cán bộ", "Officials' sign-in"],
  "login.email": ["Email", "Email"],
  "login.password": ["Mật khẩu", "Password"],
  "login.submit": ["Đăng nhập", "Sign in"],
  "login.failed": ["Email hoặc mật khẩu không đúng.", "Wrong email or password."],
  "login.disabled": ["Tài khoản đã bị khóa.", "This account is disabled."],
  "login.throttled": ["Đăng nhập sai quá nhiều lần. Thử lại sau {minutes} phút.", "Too many failed sign-ins. Try again in {minutes} minutes."],
  "password.title": ["Đổi mật khẩu", "Change password"],
  "password.current": ["Mật khẩu hiện tại", "Current password"],
  "password.new": ["Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)", "New password (at least 10 characters, letters and digits)"],
  "password.submit": ["Đổi mật khẩu", "Change password"],
  "password.changed": ["Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.", "Password changed. Your other sessions have ended."],
  "password.wrong": ["Mật khẩu hiện tại không đúng.", "The current password is wrong."],
  "dashboard.title": ["Bàn làm việc", "Dashboard"],
  "dashboard.welcome": ["Xin chào, {name}.", "Hello, {name}."],
  "role.admin": ["Quản trị", "Administrator"],
  "role.supervisor": ["Giám sát cấp tỉnh", "Provincial supervisor"],
  "role.commune_head": ["Chủ tịch UBND xã", "Commune head"],
  "role.commune_staff": ["Cán bộ xã", "Commune staff"],
  "level.province": ["Tỉnh/thành phố", "Province"],
  "level.district": ["Huyện (trước 2025)", "District (before 2025)"],
  "level.commune": ["Xã", "Commune"],
  "level.ward": ["Phường", "Ward"],
  "level.special_zone": ["Đặc khu", "Special zone"],
  "units.title": ["Đơn vị hành chính", "Administrative units"],
  "units.code": ["Mã", "Code"],
  "units.name": ["Tên", "Name"],
  "units.level": ["Cấp", "Level"],
  "units.parent": ["Đơn vị cấp trên", "Parent unit"],
  "units.validFrom": ["Hiệu lực từ", "Valid from"],
  "units.validTo": ["Hiệu lực đến", "Valid to"],
  "units.replacedBy": ["Thay thế bởi", "Replaced by"],
  "units.create": ["Thêm đơn vị", "Add a unit"],
  "units.created": ["Đã thêm đơn vị {code}.", "Unit {code} added."],
  "units.import": ["Nhập danh sách từ tệp CSV", "Import a list from a CSV file"],
  "units.importHelp": [
    "Tiêu đề: code,name,level,parent_code[,valid_from,valid_to,replaced_by]. Lỗi ở bất kỳ dòng nào thì không dòng nào được lưu.",
    "Header: code,name,level,parent_code[,valid_from,valid_to,replaced_by]. An error on any line stores no line at all.",
  ],
  "units.imported": ["Đã nhập {count} đơn vị.", "Imported {count} units."],
  "units.file": ["Tệp CSV", "CSV file"],
  "units.search": ["Tìm theo tên (không dấu cũng được)", "Search by name (diacritics optional)"],
  "accounts.title": ["Tài khoản cán bộ", "Officials' accounts"],
  "accounts.name": ["Họ tên", "Name"],
  "accounts.role": ["Vai trò", "Role"],
  "accounts.unit": ["Mã đơn vị", "Unit code"],
  "accounts.status": ["Trạng thái", "Status"],
  "accounts.active": ["Đang hoạt động", "Active"],
  "accounts.disabledState": ["Đã khóa", "Disabled"],
  "accounts.create": ["Tạo tài khoản", "Create an account"],
  "accounts.created": ["Đã tạo tài khoản {email}.", "Account {email} created."],
  "accounts.disable": ["Khóa", "Disable"],
  "accounts.enable": ["Mở khóa", "Enable"],
  "accounts.updated": ["Đã cập nhật tài khoản.", "Account updated."],
  "form.errors": ["Vui lòng sửa các lỗi sau:", "Please fix the following:"],
  "form.search": ["Tìm", "Search"],
  "form.next": ["Trang sau", "Next page"],
  "common.none": ["—", "—"],
  "error.notFound": ["Không tìm thấy trang.", "Page not found."],
  "error.forbidden": ["Bạn không có quyền xem trang này.", "You may not see this page."],
  "error.internal": ["Đã có lỗi. Vui lòng thử lại.", "Something went wrong. Please try again."],
  "demo.notice": ["Dữ liệu minh họa", "Demo data"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof MESSAGES;

/** Translates a key, filling `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  const text: string = MESSAGES[key][locale === "en" ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The visitor's language: the `lang` cookie, else Vietnamese. */
export function localeOf(c: Context): Locale {
  return getCookie(c, LOCALE_COOKIE) === "en" ? "en" : "vi";
}
