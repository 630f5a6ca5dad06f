// Booking and seat races as real parallel HTTP requests against `wrangler dev` (see races.test.mjs): the clash
// check and the seat count live inside single SQL statements, so the real server must hold them too.
import assert from "node:assert/strict";
import { before, test } from "node:test";

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8791";
let ipCounter = 0;
const freshIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
let phoneCounter = Math.floor(Math.random() * 10_000_000);
const freshPhone = () => `09${String(10_000_000 + (++phoneCounter % 89_999_999)).padStart(8, "0")}`;

let head;
before(async () => {
  const response = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "10.88.0.1" },
    body: JSON.stringify({ email: "chutich.ankhe@demo.doithoai.vn", password: "Demo@12345" }),
  });
  assert.equal(response.status, 200);
  head = (await response.json()).token;
});

const asHead = (method, path, body) =>
  fetch(`${BASE_URL}${path}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${head}` }, body: JSON.stringify(body) });

/** 08:00 in Hà Nội on a random day far ahead, so runs never meet each other or the demo session. */
function farSlot() {
  const day = new Date(Date.now() + (400 + Math.floor(Math.random() * 2000)) * 86_400_000).toISOString().slice(0, 10);
  return { startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T03:00:00.000Z` };
}

const booking = (title, venue, slot, extra = {}) => ({
  unitCode: "DEMO-HY-AK",
  title,
  ...slot,
  venue: { name: venue },
  mode: "in_person",
  capacity: 50,
  ...extra,
});

test("30 bookings of one hall and hour at once: exactly one 201, 29 × 409 naming the winner", async () => {
  const venue = `Hội trường đua ${crypto.randomUUID().slice(0, 8)}`;
  const slot = farSlot();
  const responses = await Promise.all(Array.from({ length: 30 }, (_, index) => asHead("POST", "/api/v1/sessions", booking(`Đua ${index}`, venue, slot))));
  const statuses = responses.map((response) => response.status);
  assert.equal(statuses.filter((status) => status === 201).length, 1, `statuses: ${statuses}`);
  assert.equal(statuses.filter((status) => status === 409).length, 29);
  const winner = await responses[statuses.indexOf(201)].json();
  for (const response of responses.filter((candidate) => candidate.status === 409)) {
    const problem = await response.json();
    assert.equal(problem.code, "session.clash");
    assert.deepEqual(problem.conflict, { id: winner.id, title: winner.title, startsAt: slot.startsAt, endsAt: slot.endsAt });
  }
  const listed = await (
    await fetch(`${BASE_URL}/api/v1/sessions?unit=DEMO-HY-AK&from=${slot.startsAt.slice(0, 10)}&to=${slot.startsAt.slice(0, 10)}`, {
      headers: { authorization: `Bearer ${head}` },
    })
  ).json();
  assert.deepEqual(
    listed.items.map((item) => item.id),
    [winner.id],
  );
});

test("200 registrations racing for the last 10 seats: exactly 10 seats, 190 waiting in order", async () => {
  const slot = farSlot();
  const created = await asHead("POST", "/api/v1/sessions", booking("Đua giành chỗ", `Nhà văn hóa ${crypto.randomUUID().slice(0, 8)}`, slot, { capacity: 25 }));
  assert.equal(created.status, 201);
  const session = await created.json();
  assert.equal((await asHead("POST", `/api/v1/sessions/${session.id}/actions`, { action: "publish" })).status, 200);
  const registerOne = () =>
    fetch(`${BASE_URL}/api/v1/sessions/${session.id}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": freshIp() },
      body: JSON.stringify({ name: "Người dân thử tải", phone: freshPhone() }),
    });
  for (let index = 0; index < 15; index++) assert.equal((await registerOne()).status, 201);
  const responses = await Promise.all(Array.from({ length: 200 }, registerOne));
  assert.deepEqual([...new Set(responses.map((response) => response.status))], [201]);
  const results = await Promise.all(responses.map((response) => response.json()));
  assert.equal(results.filter((result) => result.status === "confirmed").length, 10);
  const waiting = results.filter((result) => result.status === "waitlisted");
  assert.equal(waiting.length, 190);
  assert.deepEqual(
    waiting.map((result) => result.position).sort((a, b) => a - b),
    Array.from({ length: 190 }, (_, index) => index + 1),
  );
  const view = await (await fetch(`${BASE_URL}/api/v1/sessions/${session.id}`)).json();
  assert.equal(view.confirmed, 25);
  assert.equal(view.waitlisted, 190);

  // Each registrant was told once, of the status they got: 215 messages, one per registration.
  const messages = [];
  for (let cursor = null, first = true; first || cursor; first = false) {
    const page = await (
      await fetch(`${BASE_URL}/api/v1/notifications?session=${session.id}&limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
        headers: { authorization: `Bearer ${head}` },
      })
    ).json();
    messages.push(...page.items);
    cursor = page.nextCursor;
  }
  assert.equal(messages.length, 215);
  assert.equal(messages.filter((message) => message.kind === "registration.confirmed").length, 25);
  assert.equal(messages.filter((message) => message.kind === "registration.waitlisted").length, 190);
  assert.equal(new Set(messages.map((message) => message.address)).size, 215, "one message per registrant");
});
