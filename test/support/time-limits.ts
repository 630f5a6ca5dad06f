import type { DayKind } from "../../src/holidays/rules";
import type { TimeLimits } from "../../src/time-limits/schema";

/** One time-limit rule in force since 2019 (as the rules read it from D1). */
export const limit = (days: number, dayKind: DayKind) => ({ days, dayKind, effectiveFrom: "2019-01-01", provisional: false });

/** The national limits as seeded from DOMAIN.md, written out here so that tests check the rules against the law, not against the seed. */
export const NATIONAL_LIMITS: TimeLimits = {
  acknowledge_recommendation: limit(10, "working"),
  acknowledge_feedback: limit(10, "working"),
  acknowledge_complaint: limit(10, "calendar"),
  acknowledge_denunciation: limit(7, "working"),
  acknowledge_denunciation_verification: limit(10, "working"),
  transfer_denunciation: limit(5, "working"),
  complaint: limit(30, "calendar"),
  complaint_complex: limit(45, "calendar"),
  complaint_remote: limit(45, "calendar"),
  complaint_remote_complex: limit(60, "calendar"),
  denunciation: limit(30, "calendar"),
  denunciation_extension: limit(30, "calendar"),
  recommendation: limit(15, "working"),
  feedback: limit(15, "working"),
};
