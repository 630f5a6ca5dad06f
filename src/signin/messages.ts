import { defineMessages } from "../web/i18n";

/** Sign-in and password words, Vietnamese first. */
export const signInMessages = defineMessages({
  "login.title": ["Đăng nhập cán bộ", "Officials' sign-in"],
  "login.email": ["Email", "Email"],
  "login.password": ["Mật khẩu", "Password"],
  "login.submit": ["Đăng nhập", "Sign in"],
  "login.failed": ["Email hoặc mật khẩu không đúng.", "Wrong email or password."],
  "login.disabled": ["Tài khoản đã bị khóa.", "This account is disabled."],
  "login.throttled": ["Đăng nhập sai quá nhiều lần. Thử lại sau {minutes} phút.", "Too many failed sign-ins. Try again in {minutes} minutes."],
  "login.address_throttled": [
    "Có quá nhiều lượt đăng nhập từ địa chỉ mạng này. Thử lại sau 1 phút.",
    "Too many sign-in attempts from this network. Try again in a minute.",
  ],
  "login.known_devices_only": [
    "Tài khoản này đang bị thử mật khẩu nhiều lần. Trong {minutes} phút tới chỉ đăng nhập được từ thiết bị đã từng đăng nhập; hãy dùng máy quen thuộc hoặc liên hệ quản trị.",
    "This account is under repeated password guessing. For the next {minutes} minutes only devices that signed in to it before may sign in; use your usual device or contact an administrator.",
  ],
  "password.title": ["Đổi mật khẩu", "Change password"],
  "password.current": ["Mật khẩu hiện tại", "Current password"],
  "password.new": ["Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)", "New password (at least 10 characters, letters and digits)"],
  "password.submit": ["Đổi mật khẩu", "Change password"],
  "password.changed": ["Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.", "Password changed. Your other sessions have ended."],
  "password.wrong": ["Mật khẩu hiện tại không đúng.", "The current password is wrong."],
  "password.required": ["Vui lòng nhập mật khẩu.", "Enter your password."],
});
