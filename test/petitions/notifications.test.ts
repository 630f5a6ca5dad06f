/**
 * Petition events in the outbox (README, Notifications): accepted, answered, escalated — each a row per channel the
 * submitter left, written in the same guarded batch as the change, queued after it commits, never twice for one
 * change, masked for a protected identity, and shown to officials (petition page) and to the resident (tracking).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { OutboxRow } from "../../src/notifications/store";
import { formatTrackingCode } from "../../src/petitions/store";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { act, actOk, freshIp, submit } from "../support/petitions";
import { expectRoundTrips } from "../support/round-trips";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
});

const rows = async (petitionId: string) =>
  (await env.DB.prepare("SELECT * FROM outbox WHERE petition_id = ? ORDER BY created_at, channel").bind(petitionId).all<OutboxRow>()).results;

async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the submitter is told of acceptance, the answer and escalation", () => {
  it("accept: one row per channel (email, SMS), in the action's batch, with the resolve-by day and the tracking link; queued after", async () => {
    const created = await submit(units.commune, { kind: "recommendation" });
    const accepted = await act(staff.token, created.id, { action: "accept", version: 1 });
    expect(accepted.status).toBe(200);
    expectRoundTrips(accepted, 2);
    const { resolveBy } = await accepted.json<{ resolveBy: string }>();
    const written = await rows(created.id);
    expect(written.map((row) => [row.kind, row.channel, row.address, row.recipient, row.protected, row.access_code, row.event])).toEqual([
      ["petition.accepted", "email", "binh.nguyen@example.vn", "submitter", 0, created.trackingCode, `petition:${created.id}:v2`],
      ["petition.accepted", "sms", "0912345678", "submitter", 0, created.trackingCode, `petition:${created.id}:v2`],
    ]);
    expect(JSON.parse(written[0].data)).toEqual({
      unitName: "Xã An Khê",
      trackingCode: formatTrackingCode(created.trackingCode),
      resolveBy,
      link: `http://127.0.0.1/track/${created.trackingCode}`,
    });
    // The consumer delivered them (email written locally; SMS skipped: no gateway configured in tests).
    await eventually(async () => (await rows(created.id)).every((row) => row.status !== "pending"));
    // A retried request (same version) is refused and writes no second message.
    expect((await act(staff.token, created.id, { action: "accept", version: 1 })).status).toBe(409);
    expect(await rows(created.id)).toHaveLength(2);
  });

  it("answer, and a complaint's escalation, each send one message per channel; other actions none", async () => {
    const created = await submit(units.commune, { kind: "complaint" });
    await actOk(staff.token, created.id, { action: "note", text: "Ghi chú nội bộ" });
    await actOk(staff.token, created.id, { action: "accept" });
    await actOk(staff.token, created.id, { action: "start" });
    await actOk(staff.token, created.id, { action: "draft_answer", text: "Dự thảo" });
    await actOk(head.token, created.id, { action: "answer", text: "Quyết định giải quyết khiếu nại số 3." });
    const escalated = await api("POST", `/api/v1/petitions/track/${created.trackingCode}/feedback`, {
      body: { satisfied: false, comment: "Không đồng ý." },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(escalated.status).toBe(200);
    expectRoundTrips(escalated, 2);
    expect((await rows(created.id)).map((row) => `${row.kind}/${row.channel}`)).toEqual([
      "petition.accepted/email",
      "petition.accepted/sms",
      "petition.answered/email",
      "petition.answered/sms",
      "petition.escalated/email",
      "petition.escalated/sms",
    ]);
  });

  it("racing accepts: the one that wins writes the messages, the loser none", async () => {
    const created = await submit(units.commune, { kind: "feedback" });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => act(staff.token, created.id, { action: "accept", version: 1 })))).map((r) => r.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(await rows(created.id)).toHaveLength(2);
  });

  it("an anonymous petition leaves no address: no message", async () => {
    const created = await submit(units.commune, { kind: "feedback", anonymous: true, submitter: { name: "Ẩn", phone: "0911111111" } });
    await actOk(staff.token, created.id, { action: "accept" });
    expect(await rows(created.id)).toEqual([]);
  });
});

describe("who sees what was sent", () => {
  it("a denouncer's address is masked for officials and the resident; both see the messages on their pages", async () => {
    const created = await submit(units.commune, { kind: "denunciation" });
    await actOk(staff.token, created.id, { action: "accept" });
    expect((await rows(created.id)).map((row) => row.protected)).toEqual([1, 1]);
    const list = await (await api("GET", `/api/v1/notifications?petition=${created.id}`, { token: staff.token })).json<{ items: { address: string }[] }>();
    expect(list.items.map((item) => item.address).sort()).toEqual(["09•••••678", "b•••@example.vn"]);

    const staffPage = await api("GET", `/staff/petitions/${created.id}`, { headers: { cookie: `sid=${staff.token}` } });
    expectRoundTrips(staffPage, 1);
    const staffHtml = await staffPage.text();
    expect(staffHtml).toContain("Đơn đã được thụ lý");
    expect(staffHtml).toContain("09•••••678");
    expect(staffHtml).not.toContain("binh.nguyen@example.vn");

    await env.KV.delete(`track:${created.trackingCode}`);
    const trackingPage = await api("GET", `/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": freshIp() } });
    expectRoundTrips(trackingPage, 1);
    const trackingHtml = await trackingPage.text();
    expect(trackingHtml).toContain("Đơn đã được thụ lý");
    expect(trackingHtml).toContain("b•••@example.vn");
    // From the snapshot, the messages are still one round trip.
    await eventually(async () => (await env.KV.get(`track:${created.trackingCode}`)) !== null);
    expectRoundTrips(await api("GET", `/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": freshIp() } }), 1);
  });

  it("an ordinary submitter's address is shown in full to officials, masked to the resident", async () => {
    const created = await submit(units.commune, { kind: "feedback" });
    await actOk(staff.token, created.id, { action: "accept" });
    const html = await (await api("GET", `/staff/petitions/${created.id}`, { headers: { cookie: `sid=${staff.token}` } })).text();
    expect(html).toContain("binh.nguyen@example.vn");
    const tracking = await (await api("GET", `/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": freshIp() } })).text();
    expect(tracking).not.toContain("binh.nguyen@example.vn");
    expect(tracking).toContain("b•••@example.vn");
  });
});
