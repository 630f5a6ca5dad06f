/**
 * Worked examples (issue 8, "Done when"): petitions received around Tết 2026 and 2030, 30/4/2028 and the 2/1/2026
 * swap with the working Saturday 10/1/2026 get the acknowledgement deadlines the law and the announced calendar
 * give; a petition received on 30/6/2026 and one on 1/7/2026 each keep the rules in force on their day. The clock
 * is set to 09:00 local time on the day of receipt; the petitions go through the API as a resident sends them.
 */
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RECOMPUTE_DEADLINES_JOB } from "../../src/holidays/workflow";
import { petitionJobs } from "../../src/petitions/jobs";
import { api, makeAccount, makeUnits, type TestUnits } from "../support/factory";
import { submit } from "../support/petitions";

let units: TestUnits;
beforeAll(async () => {
  units = await makeUnits();
});
afterEach(() => {
  vi.useRealTimers();
});

/** 09:00 in Asia/Ho_Chi_Minh on a local day. */
const at = (day: string) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(`${day}T02:00:00Z`));
};
const received = async (day: string, kind: string) => {
  at(day);
  return (await submit(units.commune, { kind })).acknowledgeBy;
};

describe("acknowledgement deadlines around the holidays", () => {
  it.each([
    // Tết Bính Ngọ: 16–20/2/2026 off. Thursday 12/2: Friday 13 counts, then from Monday 23/2.
    ["Tết 2026, feedback: 10 working days", "2026-02-12", "feedback", "2026-03-05"],
    ["Tết 2026, denunciation: 7 working days", "2026-02-12", "denunciation", "2026-03-02"],
    ["Tết 2026, complaint: 10 days end on Sunday 22/2 → Monday 23/2", "2026-02-12", "complaint", "2026-02-23"],
    // 2/1/2026 is off, Saturday 10/1/2026 is worked in exchange.
    ["the 2/1/2026 swap: 10 days from 31/12/2025 end on the working Saturday 10/1", "2025-12-31", "complaint", "2026-01-10"],
    ["the 2/1/2026 swap: a denunciation from Friday 9/1 counts Saturday 10/1 (7th working day: Monday 19/1)", "2026-01-09", "denunciation", "2026-01-19"],
    ["the 2/1/2026 swap: feedback from 31/12/2025 skips 1/1 and 2/1", "2025-12-31", "feedback", "2026-01-15"],
    // 30/4/2028 is a Sunday: 1/5 is Labour Day and Tuesday 2/5 the day in lieu.
    ["30/4/2028: 10 days from 20/4 end on Sunday 30/4 → Wednesday 3/5", "2028-04-20", "complaint", "2028-05-03"],
    ["30/4/2028: a denunciation from Friday 28/4 counts from Wednesday 3/5", "2028-04-28", "denunciation", "2028-05-11"],
    // Tết Canh Tuất is Saturday 2/2/2030 in Vietnam: 1/2 and 4–7/2 off, Friday 8/2 a working day.
    ["Tết 2030: a complaint from Friday 25/1 (7 working days since 1/7/2026) skips 1/2 and 4–7/2", "2030-01-25", "complaint", "2030-02-12"],
    ["Tết 2030: feedback from Thursday 31/1 counts Friday 8/2 first", "2030-01-31", "feedback", "2030-02-21"],
  ])("%s", async (_name, day, kind, expected) => {
    expect(await received(day, kind)).toBe(expected);
  });
});

describe("resolution deadlines around the holidays", () => {
  it("Tết 2030: a complaint accepted on 2/1/2030 is due 30 days later, on Friday 1/2 (the eve, off) → Friday 8/2", async () => {
    at("2030-01-02");
    const created = await submit(units.commune, { kind: "complaint" });
    const staff = await makeAccount("commune_staff", units.commune);
    const accepted = await api("POST", `/api/v1/petitions/${created.id}/actions`, { token: staff.token, body: { action: "accept" } });
    expect(accepted.status).toBe(200);
    expect((await accepted.json<{ resolveBy: string }>()).resolveBy).toBe("2030-02-08");
  });
});

describe("a petition keeps the rules in force on the day it was received", () => {
  it("complaints of 30/6/2026 (10 days) and 1/7/2026 (7 working days, provisional) follow their own rules, also after a calendar change", async () => {
    at("2026-06-30");
    const june = await submit(units.commune, { kind: "complaint" });
    at("2026-07-01");
    const july = await submit(units.commune, { kind: "complaint" });
    // Both end on Friday 10/7, by different rules: 30/6 + 10 days; 1/7 + 7 working days.
    expect([june.acknowledgeBy, july.acknowledgeBy]).toEqual(["2026-07-10", "2026-07-10"]);
    const staff = await makeAccount("commune_staff", units.commune);
    const detail = async (id: string) => (await api("GET", `/api/v1/petitions/${id}`, { token: staff.token })).json<Record<string, any>>();
    expect((await detail(june.id)).acknowledgement).toEqual({ from: "2026-06-30", days: 10, dayKind: "calendar" });
    expect((await detail(july.id)).acknowledgement).toEqual({ from: "2026-07-01", days: 7, dayKind: "working" });
    expect((await detail(july.id)).receivedOn).toBe("2026-07-01");

    // A day off on Monday 6/7 moves the working-day period, not the calendar one (10/7 stays a working day).
    const admin = await makeAccount("admin", null);
    expect((await api("PUT", "/api/v1/holidays/2026-07-06", { token: admin.token, body: { name: "Nghỉ thử" } })).status).toBe(201);
    const job = petitionJobs.find((each) => each.name === RECOMPUTE_DEADLINES_JOB);
    await job?.run(env, new Date());
    expect((await detail(june.id)).acknowledgeBy).toBe("2026-07-10");
    expect((await detail(july.id)).acknowledgeBy).toBe("2026-07-13");
    expect((await api("DELETE", "/api/v1/holidays/2026-07-06", { token: admin.token })).status).toBe(204);
    await job?.run(env, new Date());
    expect((await detail(july.id)).acknowledgeBy).toBe("2026-07-10");

    // Classified on 2/7 as a denunciation to be verified: 10 working days from receipt, by the rules of 1/7.
    await api("POST", `/api/v1/petitions/${july.id}/actions`, {
      token: staff.token,
      body: { action: "classify", kind: "denunciation", needsVerification: true },
    });
    expect((await detail(july.id)).acknowledgeBy).toBe("2026-07-15");
  });
});
