import { defineMessages } from "../web/i18n";

/** accounts words, Vietnamese first. */
export const accountMessages = defineMessages({
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
  "account.email_format": ["Email chưa đúng dạng, ví dụ: ten@xa.gov.vn.", "Enter an email address like name@example.vn."],
  "password.too_short": ["Mật khẩu cần ít nhất 10 ký tự.", "A password needs at least 10 characters."],
  "password.too_long": ["Mật khẩu tối đa 128 ký tự.", "A password has at most 128 characters."],
  "password.needs_letter": ["Mật khẩu cần có ít nhất một chữ cái.", "A password needs at least one letter."],
  "password.needs_digit": ["Mật khẩu cần có ít nhất một chữ số.", "A password needs at least one digit."],
  "person.name_required": ["Vui lòng nhập họ và tên.", "Enter the full name."],
  "account.nothing_to_change": ["Chưa có thay đổi nào để lưu.", "There is nothing to change."],
  "account.not_found": ["Không tìm thấy tài khoản này.", "No such account."],
  "account.role_needs_unit": ["Vai trò này cần chọn một đơn vị.", "This role needs a unit."],
  "account.unit_ended": ["Đơn vị này đã hết hiệu lực (đã sáp nhập hoặc giải thể).", "This unit no longer exists (merged or dissolved)."],
  "account.supervisor_needs_province": ["Giám sát viên thuộc một tỉnh, thành phố.", "A supervisor belongs to a province."],
  "account.official_needs_commune": ["Cán bộ xã thuộc một xã, phường hoặc đặc khu.", "Commune officials belong to a commune, ward or special zone."],
  "account.email_taken": ["Email này đã có tài khoản.", "This email already has an account."],
  "account.not_yourself": [
    "Bạn không thể tự khóa hoặc tự bỏ quyền quản trị của mình.",
    "You cannot disable yourself or take away your own administrator role.",
  ],
});
