/** The activity log's events: one person's consecutive entries on one target, close in time, are one event. */
import { describe, expect, it } from "vitest";
import { groupAuditEntries, pageOfEvents } from "../../src/audit/rules";

let id = 1000;
/** Entries newest first, as the log lists them; `minute` counts back from 10:30. */
const entry = (actorId: string | null, target: string, action: string, minute: number) => ({
  id: id--,
  at: new Date(Date.UTC(2026, 2, 12, 3, 30 - minute)).toISOString(),
  actorId,
  targetType: target.split(":")[0],
  targetId: target.split(":")[1],
  action,
});

describe("grouping the log into events", () => {
  it("makes one event of a head opening a petition, its photos, acting and coming back to it", () => {
    const entries = [
      entry("head", "petition:p1", "petition.view_photo", 0),
      entry("head", "petition:p1", "petition.view_photo", 0),
      entry("head", "petition:p1", "petition.view_personal_data", 0),
      entry("head", "petition:p1", "petition.view_photo", 2),
      entry("head", "petition:p1", "petition.view_photo", 2),
      entry("head", "petition:p1", "petition.view_personal_data", 3),
      entry("head", "petition:p1", "petition.view_photo", 8),
      entry("head", "petition:p1", "petition.view_photo", 8),
      entry("head", "petition:p1", "petition.view_personal_data", 9),
    ];
    const [event, ...rest] = groupAuditEntries(entries);
    expect(rest).toEqual([]);
    expect(event.entries).toHaveLength(9);
    expect(event.actions.map(({ action, count }) => [action, count])).toEqual([
      ["petition.view_photo", 6],
      ["petition.view_personal_data", 3],
    ]);
    expect(event.firstAt < event.lastAt).toBe(true);
  });

  it.each([
    ["another person", [entry("head", "petition:p1", "petition.view_personal_data", 0), entry("staff", "petition:p1", "petition.view_personal_data", 1)], 2],
    ["another target", [entry("head", "petition:p1", "petition.view_personal_data", 0), entry("head", "petition:p2", "petition.view_personal_data", 1)], 2],
    [
      "a gap longer than ten minutes",
      [entry("head", "petition:p1", "petition.view_personal_data", 0), entry("head", "petition:p1", "petition.view_personal_data", 11)],
      2,
    ],
    ["gaps of ten minutes each", [entry("head", "petition:p1", "x", 0), entry("head", "petition:p1", "x", 10), entry("head", "petition:p1", "x", 20)], 1],
    [
      "someone else in between",
      [entry("admin", "account:a1", "account.update", 0), entry("head", "petition:p1", "x", 1), entry("admin", "account:a1", "account.update", 2)],
      3,
    ],
    ["the system twice", [entry(null, "unit:*", "unit.import", 0), entry(null, "unit:*", "unit.import", 1)], 1],
  ])("splits or joins on %s", (_, entries, events) => {
    expect(groupAuditEntries(entries)).toHaveLength(events);
  });

  it("keeps the last event of a full page for the next page, which starts below it", () => {
    const entries = [entry("a", "unit:u1", "unit.create", 0), entry("b", "unit:u2", "unit.create", 1), entry("b", "unit:u2", "unit.create", 2)];
    const full = pageOfEvents(entries, true);
    expect(full.events).toHaveLength(1);
    expect(full.nextBeforeId).toBe(entries[0].id);
    const last = pageOfEvents(entries, false);
    expect(last.events).toHaveLength(2);
    expect(last.nextBeforeId).toBeNull();
    // A single event that fills the page is shown; the next page goes on below it.
    const alone = pageOfEvents(entries.slice(1), true);
    expect(alone.events).toHaveLength(1);
    expect(alone.nextBeforeId).toBe(entries[2].id);
  });
});
