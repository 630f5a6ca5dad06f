-- Categories get an English name, shown on English pages (one language per page). Administrators give it when they
-- add a category; the seeded ones are named here. A category without one shows its Vietnamese name.
ALTER TABLE categories ADD COLUMN name_en TEXT;
UPDATE categories SET name_en = CASE code
    WHEN 'dat-dai' THEN 'Land and construction'
    WHEN 'ha-tang' THEN 'Roads and infrastructure'
    WHEN 'moi-truong' THEN 'Environment'
    WHEN 'an-ninh' THEN 'Public order and safety'
    WHEN 'chinh-sach' THEN 'Social policy'
    WHEN 'hanh-chinh' THEN 'Administrative procedures'
    WHEN 'khac' THEN 'Other'
  END
WHERE code IN ('dat-dai', 'ha-tang', 'moi-truong', 'an-ninh', 'chinh-sach', 'hanh-chinh', 'khac');
