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
  "password.title": ["Đổi mật khẩu", "Change password"],
  "password.current": ["Mật khẩu hiện tại", "Current password"],
  "password.new": ["Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)", "New password (at least 10 characters, letters and digits)"],
  "password.submit": ["Đổi mật khẩu", "Change password"],
  "password.changed": ["Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.", "Password changed. Your other sessions have ended."],
  "password.wrong": ["Mật khẩu hiện tại không đúng.", "The current password is wrong."],
  "password.required": ["Vui lòng nhập mật khẩu.", "Enter your password."],
});
