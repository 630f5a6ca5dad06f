import { defineMessages } from "../web/i18n";

/** Village words (thôn, tổ dân phố), Vietnamese first. */
export const villageMessages = defineMessages({
  "contact.phone_format": ["Số điện thoại gồm 10 chữ số bắt đầu bằng 0 (hoặc +84).", "A phone number has 10 digits starting with 0 (or +84)."],
  "contact.email_format": ["Địa chỉ email chưa đúng.", "That email address is not valid."],
  "village.name_required": ["Vui lòng nhập tên thôn, tổ dân phố.", "Enter the village's name."],
  "village.nothing_to_change": ["Không có gì để thay đổi.", "There is nothing to change."],
  "village.not_found": ["Không có thôn, tổ dân phố này.", "No such village."],
  "village.unit_not_found": ["Không có xã, phường này.", "No such commune."],
  "village.name_taken": ["Xã đã có thôn, tổ dân phố tên {name}.", "The commune already has a village called {name}."],
  "village.csv_header": [
    "Dòng tiêu đề phải là {columns} (cột name bắt buộc); không nhận ra: {unknown}.",
    "The header must be {columns} (name is required); unknown: {unknown}.",
  ],
  "village.csv_too_many": ["Tối đa {max} dòng mỗi lần nhập.", "At most {max} rows per import."],
  "village.csv_duplicate": ["Thôn {name} đã có ở dòng {line}.", "{name} already appears on line {line}."],
  "villages.title": ["Thôn, tổ dân phố", "Villages and residential groups"],
  "villages.intro": [
    "Danh sách thôn, tổ dân phố của xã và trưởng thôn, tổ trưởng: đối tượng mời dự hội nghị đối thoại và nơi nhận kết quả đối thoại.",
    "The commune's villages and residential groups with their heads: a dialogue session's audience and the recipients of its results.",
  ],
  "villages.name": ["Tên thôn, tổ dân phố", "Name"],
  "villages.headName": ["Trưởng thôn, tổ trưởng", "Head"],
  "villages.headPhone": ["Điện thoại", "Phone"],
  "villages.headEmail": ["Email", "Email"],
  "villages.add": ["Thêm thôn, tổ dân phố", "Add a village"],
  "villages.added": ["Đã thêm {name}.", "{name} added."],
  "villages.saved": ["Đã lưu.", "Saved."],
  "villages.deleted": ["Đã xóa khỏi danh sách.", "Removed from the list."],
  "villages.save": ["Lưu", "Save"],
  "villages.edit": ["Sửa {name}", "Edit {name}"],
  "villages.delete": ["Xóa {name}", "Remove {name}"],
  "villages.none": ["Chưa có thôn, tổ dân phố nào.", "No villages yet."],
  "villages.import": ["Nhập danh sách từ tệp CSV", "Import a list from a CSV file"],
  "villages.importHeader": ["Dòng tiêu đề của tệp:", "The file's header line:"],
  "villages.importHelp": [
    "Tên đã có thì cập nhật người đứng đầu; lỗi ở bất kỳ dòng nào thì không dòng nào được lưu.",
    "Known names get the file's heads; an error on any line stores no line at all.",
  ],
  "villages.imported": ["Đã nhập {count} thôn, tổ dân phố.", "Imported {count} villages."],
  "villages.file": ["Tệp CSV", "CSV file"],
  "villages.chooseUnit": ["Chọn xã, phường", "Choose a commune"],
});
