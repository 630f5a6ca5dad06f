/** GET /api/v1/notifications: who sees which messages, masking, filters, pagination, one round trip. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { NotificationView } from "../../src/notifications/schema";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { roundTripsOf } from "../support/round-trips";
import { eventually, petitionMessage, subjectId, writeMessages } from "./support";

let units: TestUnits;
let staff: TestAccount;
let head: TestAccount;
let otherHead: TestAccount;
let supervisor: TestAccount;
let foreignSupervisor: TestAccount;
let admin: TestAccount;
/** A petition of the commune (email + SMS), a denunciation of the commune (protected), one of the other commune. */
let ownPetition: string;
let denunciation: string;
let otherPetition: string;

type Page = { items: NotificationView[]; nextCursor: string | null };

beforeAll(async () => {
  units = await makeUnits();
  [staff, head, otherHead, supervisor, foreignSupervisor, admin] = await Promise.all([
    makeAccount("commune_staff", units.commune),
    makeAccount("commune_head", units.commune),
    makeAccount("commune_head", units.otherCommune),
    makeAccount("supervisor", units.province),
    makeAccount("supervisor", units.otherProvince),
    makeAccount("admin", null),
  ]);
  ownPetition = subjectId();
  denunciation = subjectId();
  otherPetition = subjectId();
  const scope = { unitCode: units.commune, provinceCode: units.province };
  await writeMessages([
    petitionMessage({ petitionId: ownPetition, ...scope, kind: "petition.accepted", event: `petition:${ownPetition}:v2` }),
    petitionMessage({
      petitionId: ownPetition,
      ...scope,
      kind: "petition.accepted",
      event: `petition:${ownPetition}:v2`,
      channel: "sms",
      address: "0912345678",
    }),
  ]);
  await writeMessages([
    petitionMessage({ petitionId: ownPetition, ...scope, kind: "petition.answered", event: `petition:${ownPetition}:v5` }),
    petitionMessage({
      petitionId: denunciation,
      ...scope,
      protected: true,
      channel: "sms",
      address: "0987654321",
      event: `petition:${denunciation}:v3`,
    }),
    petitionMessage({ petitionId: denunciation, ...scope, protected: true, address: "to.giac@example.vn", event: `petition:${denunciation}:v3` }),
    petitionMessage({ petitionId: otherPetition, unitCode: units.otherCommune, provinceCode: units.province, address: "khac@example.vn" }),
  ]);
  await env.DB.prepare("UPDATE outbox SET status = 'sent' WHERE petition_id = ? AND kind = 'petition.accepted'").bind(ownPetition).run();
});

const list = (token: string, query = "") => api("GET", `/api/v1/notifications${query}`, { token });
async function page(token: string, query = ""): Promise<Page> {
  const response = await list(token, query);
  expect(response.status).toBe(200);
  return response.json();
}

describe("who sees what", () => {
  it("officials see their unit's messages, newest first: one round trip, and one more (off the response) to log the addresses shown", async () => {
    const response = await list(staff.token);
    expect(response.status).toBe(200);
    expect(roundTripsOf(response)).toBe(2);
    const masked = await list(staff.token, `?petition=${denunciation}`);
    expect(roundTripsOf(masked)).toBe(1);
    const { items } = (await response.json()) as Page;
    expect(items).toHaveLength(5);
    expect(items.every((item) => item.unitCode === units.commune)).toBe(true);
    expect(items.map((item) => item.at)).toEqual([...items.map((item) => item.at)].sort().reverse());
    expect(items[0]).toMatchObject({ recipientRole: "submitter", attempts: 0, sentAt: null, error: null });
  });

  it("a petition's messages: its unit's officials and the province's supervisors; another unit's → 404", async () => {
    const own = await page(head.token, `?petition=${ownPetition}`);
    expect(own.items.map((item) => [item.kind, item.channel]).sort()).toEqual([
      ["petition.accepted", "email"],
      ["petition.accepted", "sms"],
      ["petition.answered", "email"],
    ]);
    const response = await list(otherHead.token, `?petition=${ownPetition}`);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
    expect((await page(supervisor.token, `?petition=${otherPetition}`)).items).toHaveLength(1);
    expect((await list(foreignSupervisor.token, `?petition=${ownPetition}`)).status).toBe(404);
  });

  it("a supervisor's list covers the province; another province's supervisor sees none of it", async () => {
    const { items } = await page(supervisor.token);
    expect(new Set(items.map((item) => item.unitCode))).toEqual(new Set([units.commune, units.otherCommune]));
    expect((await page(foreignSupervisor.token)).items).toEqual([]);
  });

  it("a petition without messages is an empty list, not an error", async () => {
    expect((await page(staff.token, `?petition=${subjectId()}`)).items).toEqual([]);
  });

  it("administrators (not officials of a unit) get 403, strangers 401", async () => {
    expect((await list(admin.token)).status).toBe(403);
    const anonymous = await api("GET", "/api/v1/notifications");
    expect(anonymous.status).toBe(401);
  });
});

describe("privacy", () => {
  it("masks a protected identity's address everywhere, for every official", async () => {
    for (const token of [staff.token, head.token, supervisor.token]) {
      const response = await list(token, `?petition=${denunciation}`);
      const text = await response.clone().text();
      expect(text).not.toContain("0987654321");
      expect(text).not.toContain("to.giac@");
      const { items } = (await response.json()) as Page;
      expect(items.map((item) => item.address).sort()).toEqual(["09•••••321", "t•••@example.vn"]);
      expect(items.every((item) => item.addressMasked)).toBe(true);
    }
  });

  it("shows other addresses to the unit's officials and logs that view of personal data", async () => {
    const { items } = await page(staff.token, `?petition=${ownPetition}`);
    expect(items.map((item) => item.address)).toContain("0912345678");
    const entry = await eventually(() =>
      env.DB.prepare("SELECT target_type, target_id, detail FROM audit_log WHERE action = 'notification.view_addresses' AND actor_id = ? AND target_id = ?")
        .bind(staff.id, ownPetition)
        .first<{ target_type: string; target_id: string; detail: string }>(),
    );
    expect(entry).toMatchObject({ target_type: "petition", target_id: ownPetition });
    expect(JSON.parse(entry.detail).count).toBe(3);
  });

  it("a list of only masked addresses logs nothing", async () => {
    await page(otherHead.token, "?status=failed");
    await page(head.token, `?petition=${denunciation}`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a log entry would be written from waitUntil
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'notification.view_addresses' AND (actor_id = ? OR (actor_id = ? AND target_id = ?))",
    )
      .bind(otherHead.id, head.id, denunciation)
      .first<number>("n");
    expect(count).toBe(0);
  });
});

describe("filters and pages", () => {
  it("filters by status", async () => {
    const sent = await page(staff.token, "?status=sent");
    expect(sent.items.map((item) => item.status)).toEqual(["sent", "sent"]);
    expect((await page(staff.token, "?status=failed")).items).toEqual([]);
  });

  it("pages with a cursor: every message once, in order", async () => {
    const first = await page(staff.token, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await page(staff.token, `?limit=2&cursor=${first.nextCursor}`);
    const third = await page(staff.token, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual((await page(staff.token)).items.map((item) => item.id));
  });

  it.each([
    ["?status=delivered", "status", "choice"],
    ["?limit=0", "limit", "too_small"],
    ["?cursor=not-a-cursor", "cursor", "cursor.invalid"],
    ["?petition=a%20b", "petition", "format"],
  ])("%s → 400 naming the field", async (query, path, code) => {
    const response = await list(staff.token, query);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.[0]).toMatchObject({ path, code });
    expect(problem.errors?.[0].message).toBeTruthy();
  });
});
