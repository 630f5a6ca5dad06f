// Demo data: small and labelled as such. Place names come from the source article (Thái Bình, 2023, before the
// 2025 reform) and are shown twice: the 2023 structure with districts (ended 30/06/2025) and the units that
// replaced them under the merged Hưng Yên province. Codes are demo codes, not the official list.
export const DEMO_PASSWORD = "Demo@12345";

export const demoUnits = [
  { code: "DEMO-TB", name: "Tỉnh Thái Bình (minh họa, cấu trúc 2023)", level: "province", parent: null, validTo: "2025-06-30", replacedBy: "DEMO-HY" },
  { code: "DEMO-TB-QP", name: "Huyện Quỳnh Phụ (minh họa, cấu trúc 2023)", level: "district", parent: "DEMO-TB", validTo: "2025-06-30" },
  { code: "DEMO-TB-HH", name: "Huyện Hưng Hà (minh họa, cấu trúc 2023)", level: "district", parent: "DEMO-TB", validTo: "2025-06-30" },
  { code: "DEMO-TB-TH", name: "Huyện Tiền Hải (minh họa, cấu trúc 2023)", level: "district", parent: "DEMO-TB", validTo: "2025-06-30" },
  { code: "DEMO-TB-AK", name: "Xã An Khê (minh họa, cấu trúc 2023)", level: "commune", parent: "DEMO-TB-QP", validTo: "2025-06-30", replacedBy: "DEMO-HY-AK" },
  { code: "DEMO-TB-AT", name: "Xã An Thái (minh họa, cấu trúc 2023)", level: "commune", parent: "DEMO-TB-QP", validTo: "2025-06-30", replacedBy: "DEMO-HY-AT" },
  {
    code: "DEMO-TB-TD",
    name: "Xã Tiến Đức (minh họa, cấu trúc 2023)",
    level: "commune",
    parent: "DEMO-TB-HH",
    validTo: "2025-06-30",
    replacedBy: "DEMO-HY-TD",
  },
  {
    code: "DEMO-TB-DT",
    name: "Xã Đông Trà (minh họa, cấu trúc 2023)",
    level: "commune",
    parent: "DEMO-TB-TH",
    validTo: "2025-06-30",
    replacedBy: "DEMO-HY-DT",
  },
  { code: "DEMO-HY", name: "Tỉnh Hưng Yên (minh họa)", level: "province", parent: null, validFrom: "2025-07-01" },
  { code: "DEMO-HY-AK", name: "Xã An Khê (minh họa)", level: "commune", parent: "DEMO-HY", validFrom: "2025-07-01" },
  { code: "DEMO-HY-AT", name: "Xã An Thái (minh họa)", level: "commune", parent: "DEMO-HY", validFrom: "2025-07-01" },
  { code: "DEMO-HY-TD", name: "Xã Tiến Đức (minh họa)", level: "commune", parent: "DEMO-HY", validFrom: "2025-07-01" },
  { code: "DEMO-HY-DT", name: "Xã Đông Trà (minh họa)", level: "commune", parent: "DEMO-HY", validFrom: "2025-07-01" },
];

export const demoAccounts = [
  { email: "giamsat@demo.doithoai.vn", name: "Trần Thị Giám Sát (minh họa)", role: "supervisor", unit: "DEMO-HY" },
  { email: "chutich.ankhe@demo.doithoai.vn", name: "Nguyễn Văn Chủ Tịch (minh họa)", role: "commune_head", unit: "DEMO-HY-AK" },
  { email: "canbo.ankhe@demo.doithoai.vn", name: "Lê Thị Cán Bộ (minh họa)", role: "commune_staff", unit: "DEMO-HY-AK" },
  { email: "chutich.anthai@demo.doithoai.vn", name: "Phạm Văn An Thái (minh họa)", role: "commune_head", unit: "DEMO-HY-AT" },
];

/** Villages of the demo commune An Khê, with demo heads (fixed ids: seeding twice changes nothing). */
export const demoVillages = [
  { id: "5e55a0a0-0000-4000-8000-000000000001", unit: "DEMO-HY-AK", name: "Thôn Đông", headName: "Trần Văn Đông (minh họa)", headPhone: "0912000001" },
  { id: "5e55a0a0-0000-4000-8000-000000000002", unit: "DEMO-HY-AK", name: "Thôn Tây", headName: "Lê Thị Tây (minh họa)", headPhone: "0912000002" },
  { id: "5e55a0a0-0000-4000-8000-000000000003", unit: "DEMO-HY-AK", name: "Tổ dân phố Chợ", headName: "Phạm Văn Chợ (minh họa)", headPhone: "0912000003" },
];

/** One announced dialogue session of An Khê, a month after the first seeding, with a bridge point. */
export const demoSession = {
  id: "5e55a0a0-0000-4000-8000-0000000000a1",
  bridgePointId: "5e55a0a0-0000-4000-8000-0000000000b1",
  unit: "DEMO-HY-AK",
  province: "DEMO-HY",
  chairEmail: "chutich.ankhe@demo.doithoai.vn",
  title: "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2026 (minh họa)",
  agenda: "1. Tiến độ làm đường liên thôn Đông – Tây.\n2. Nước sạch và thu gom rác thải.\n3. Chính sách hỗ trợ hộ nghèo, người có công.",
  venue: "Hội trường UBND xã An Khê",
  venueAddress: "Trụ sở UBND xã An Khê",
  capacity: 200,
  bridgePoint: { name: "Nhà văn hóa thôn Tây", address: "Thôn Tây, xã An Khê", capacity: 60 },
  coChair: { name: "Đỗ Văn Hội (minh họa)", title: "Phó Chủ tịch HĐND xã" },
  coOrganiser: "Ủy ban MTTQ Việt Nam xã An Khê",
  daysAhead: 30,
};
