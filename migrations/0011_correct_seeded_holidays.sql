-- Corrections to the calendar seeded by 0003 (DOMAIN.md, Counting days). Only rows nobody has edited change: a row
-- is renamed or removed only while it still has 0003's name and flag, and a date is added only where it has no entry
-- yet (an administrator's own entry wins). The petitions job recomputes the open deadlines these days move.

-- 2025: Saturday 26/4 was worked in exchange for Friday 2/5 (already a day off in 0003).
INSERT INTO holidays (date, name, kind, provisional) VALUES ('2025-04-26', 'Làm bù cho ngày nghỉ 2/5/2025', 'working_day', 0)
  ON CONFLICT (date) DO NOTHING;

-- 2026: Friday 2/1 is off, paid back by working Saturday 10/1.
INSERT INTO holidays (date, name, kind, provisional) VALUES ('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1/2026)', 'day_off', 0)
  ON CONFLICT (date) DO NOTHING;
INSERT INTO holidays (date, name, kind, provisional) VALUES ('2026-01-10', 'Làm bù cho ngày nghỉ 2/1/2026', 'working_day', 0)
  ON CONFLICT (date) DO NOTHING;

-- 2028: 30/4 is a Sunday and 1/5 is Labour Day itself, so the day in lieu is Tuesday 2/5.
UPDATE holidays SET name = 'Quốc tế Lao động 1/5', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE date = '2028-05-01' AND name = 'Nghỉ bù Ngày Chiến thắng 30/4' AND provisional = 1;
INSERT INTO holidays (date, name, kind, provisional) VALUES ('2028-05-02', 'Nghỉ bù Ngày Chiến thắng 30/4 (30/4 là Chủ nhật)', 'day_off', 1)
  ON CONFLICT (date) DO NOTHING;

-- 2030: Tết is Saturday 2/2 in Vietnam (China: 3/2). The eve, Friday 1/2, is off; the second day in lieu of the
-- weekend is Thursday 7/2, so Friday 8/2 is a working day.
DELETE FROM holidays WHERE date = '2030-02-08' AND name = 'Nghỉ bù Tết Nguyên đán Canh Tuất' AND provisional = 1;
INSERT INTO holidays (date, name, kind, provisional) VALUES ('2030-02-01', 'Tết Nguyên đán Canh Tuất (giao thừa)', 'day_off', 1)
  ON CONFLICT (date) DO NOTHING;
