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
