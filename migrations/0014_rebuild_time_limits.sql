-- Time limits rebuilt without the CHECK list of rules (listed in code, time-limits/schema.ts) and with effective
-- dates: a petition keeps the rules in force on the day it was received (DOMAIN.md). Rules per kind: acknowledgement
-- of recommendations, feedback, complaints and denunciations (7 or, to be verified, 10 working days), the transfer of
-- a denunciation, and resolution. The change DOMAIN.md reports for 1/7/2026 is seeded as provisional: the admin
-- page flags it until an administrator confirms it.
CREATE TABLE time_limits_new (
  province_code TEXT NOT NULL,                           -- '*': the national rule
  rule TEXT NOT NULL,
  effective_from TEXT NOT NULL,                          -- local day from which it applies
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
  day_kind TEXT NOT NULL,                                -- working | calendar
  provisional INTEGER NOT NULL DEFAULT 0,                -- not yet checked against the statute: confirm it
  source TEXT,                                           -- the legal basis, shown on the admin page
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (province_code, rule, effective_from)
);

INSERT INTO time_limits_new (province_code, rule, effective_from, days, day_kind, provisional, source) VALUES
  ('*', 'acknowledge_recommendation', '2014-07-01', 10, 'working', 0, 'Luật Tiếp công dân 2013, Điều 28(1)'),
  ('*', 'acknowledge_feedback', '2014-07-01', 10, 'working', 0, 'Luật Tiếp công dân 2013, Điều 28(1)'),
  ('*', 'acknowledge_complaint', '2012-07-01', 10, 'calendar', 0, 'Luật Khiếu nại 2011, Điều 27'),
  ('*', 'acknowledge_complaint', '2026-07-01', 7, 'working', 1, 'Luật 136/2025/QH15 (theo báo cáo, chưa đối chiếu)'),
  ('*', 'acknowledge_denunciation', '2019-01-01', 7, 'working', 0, 'Luật Tố cáo 2018, Điều 24'),
  ('*', 'acknowledge_denunciation_verification', '2019-01-01', 10, 'working', 0, 'Luật Tố cáo 2018, Điều 24'),
  ('*', 'transfer_denunciation', '2019-01-01', 5, 'working', 0, 'Luật Tố cáo 2018, Điều 24; Thông tư 05/2021/TT-TTCP, Điều 14'),
  ('*', 'complaint', '2012-07-01', 30, 'calendar', 0, 'Luật Khiếu nại 2011, Điều 28'),
  ('*', 'complaint_complex', '2012-07-01', 45, 'calendar', 0, 'Luật Khiếu nại 2011, Điều 28'),
  ('*', 'complaint_remote', '2012-07-01', 45, 'calendar', 0, 'Luật Khiếu nại 2011, Điều 28'),
  ('*', 'complaint_remote_complex', '2012-07-01', 60, 'calendar', 0, 'Luật Khiếu nại 2011, Điều 28'),
  ('*', 'denunciation', '2019-01-01', 30, 'calendar', 0, 'Luật Tố cáo 2018, Điều 30'),
  ('*', 'denunciation_extension', '2019-01-01', 30, 'calendar', 0, 'Luật Tố cáo 2018, Điều 30'),
  ('*', 'recommendation', '2014-07-01', 15, 'working', 0, 'Không có thời hạn luật định: mặc định, có thể thay đổi'),
  ('*', 'feedback', '2014-07-01', 15, 'working', 0, 'Không có thời hạn luật định: mặc định, có thể thay đổi');

-- An administrator's own values (a province's, or a national one changed from 0004's) carry over from the day they
-- were set. 0004's single acknowledgement rule was for recommendations and feedback; 'mixed' is no longer classified.
INSERT INTO time_limits_new (province_code, rule, effective_from, days, day_kind, provisional, source, updated_at)
SELECT t.province_code, m.column2, date(t.updated_at, '+7 hours'), t.days, t.day_kind, 0, NULL, t.updated_at
FROM time_limits t
JOIN (VALUES ('acknowledge', 'acknowledge_recommendation'), ('acknowledge', 'acknowledge_feedback'), ('complaint', 'complaint'),
        ('complaint_complex', 'complaint_complex'), ('complaint_remote', 'complaint_remote'),
        ('complaint_remote_complex', 'complaint_remote_complex'), ('denunciation', 'denunciation'),
        ('denunciation_extension', 'denunciation_extension'), ('recommendation', 'recommendation'), ('feedback', 'feedback')) m
  ON m.column1 = t.rule
WHERE t.province_code <> '*'
   OR NOT EXISTS (
     SELECT 1 FROM (VALUES ('acknowledge', 10, 'working'), ('complaint', 30, 'calendar'), ('complaint_complex', 45, 'calendar'),
         ('complaint_remote', 45, 'calendar'), ('complaint_remote_complex', 60, 'calendar'), ('denunciation', 30, 'calendar'),
         ('denunciation_extension', 30, 'calendar'), ('recommendation', 15, 'working'), ('feedback', 15, 'working')) seeded
     WHERE seeded.column1 = t.rule AND seeded.column2 = t.days AND seeded.column3 = t.day_kind)
ON CONFLICT (province_code, rule, effective_from) DO NOTHING;

DROP TABLE time_limits;
ALTER TABLE time_limits_new RENAME TO time_limits;
