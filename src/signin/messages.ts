import { defineMessages } from "../web/i18n";

/** Sign-in and password words. */
export const signInMessages = defineMessages({
  "login.title": ["Đăng nhập dành cho cán bộ", "Sign in for officials"],
  "login.intro": [
    "Người dân không cần đăng nhập: bạn có thể gửi kiến nghị hoặc tra cứu đơn ngay.",
    "Residents do not need to sign in: you can send a petition or track one straight away.",
  ],
  "login.email": ["Email", "Email"],
  "login.password": ["Mật khẩu", "Password"],
  "login.submit": ["Đăng nhập", "Sign in"],
  "login.forgot": [
    "Quên mật khẩu? Hãy liên hệ quản trị hệ thống của tỉnh để được đặt lại.",
    "Forgotten your password? Ask your province's system administrator to reset it.",
  ],
  "login.failed": ["Email hoặc mật khẩu chưa đúng.", "The email or the password is not right."],
  "login.disabled": ["Tài khoản này đã bị khóa. Hãy liên hệ quản trị hệ thống.", "This account is disabled. Ask your system administrator."],
  "login.throttled": ["Bạn đã đăng nhập sai nhiều lần. Hãy thử lại sau {minutes} phút.", "Too many failed attempts. Try again in {minutes} minutes."],
  "password.title": ["Đổi mật khẩu", "Change your password"],
  "password.intro": [
    "Sau khi đổi, các phiên đăng nhập trên máy khác sẽ kết thúc; máy này vẫn đăng nhập.",
    "Afterwards your sessions on other devices end; this one stays signed in.",
  ],
  "login.address_throttled": [
    "Có quá nhiều lượt đăng nhập từ địa chỉ mạng này. Hãy thử lại sau 1 phút.",
    "Too many sign-in attempts from this network. Try again in a minute.",
  ],
  "login.known_devices_only": [
    "Tài khoản này đang bị thử mật khẩu nhiều lần. Trong {minutes} phút tới chỉ đăng nhập được từ thiết bị đã từng đăng nhập; hãy dùng máy quen thuộc hoặc liên hệ quản trị hệ thống.",
    "This account is under repeated password guessing. For the next {minutes} minutes only devices that signed in to it before may sign in; use your usual device or ask your system administrator.",
  ],
  "password.current": ["Mật khẩu hiện tại", "Current password"],
  "password.new": ["Mật khẩu mới", "New password"],
  "password.newHint": ["Ít nhất 10 ký tự, có cả chữ và số.", "At least 10 characters, with letters and digits."],
  "password.submit": ["Đổi mật khẩu", "Change password"],
  "password.changed": [
    "Đã đổi mật khẩu. Các phiên đăng nhập trên máy khác đã kết thúc.",
    "Your password is changed. Your sessions on other devices have ended.",
  ],
  "password.wrong": ["Mật khẩu hiện tại chưa đúng.", "The current password is not right."],
  "password.required": ["Nhập mật khẩu.", "Enter your password."],
  "password.current_required": ["Nhập mật khẩu hiện tại.", "Enter your current password."],
});
