// Concurrency cases as real parallel HTTP requests against `wrangler dev` (the vitest pool interleaves
// requests only at awaits inside one isolate; this is the same race through the real server).
import assert from "node:assert/strict";
import { before, test } from "node:test";

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8791";
let ipCounter = 0;
const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function signIn(email) {
  const response = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": freshIp() },
    body: JSON.stringify({ email, password: "Demo@12345" }),
  });
  assert.equal(response.status, 200, `sign-in ${email}`);
  return (await response.json()).token;
}

const petition = (title) => ({
  unitCode: "DEMO-HY-AK",
  category: "ha-tang",
  kind: "recommendation",
  title,
  content: "Cống thoát nước trước chợ bị tắc, nước tràn lên mặt đường.",
  submitter: { name: "Người dân thử tải", phone: "0987654321" },
  consent: true,
});

const post = (path, body, headers = {}) =>
  fetch(`${BASE_URL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": freshIp(), ...headers },
    body: JSON.stringify(body),
  });

let staff;
let head;
before(async () => {
  staff = await signIn("canbo.ankhe@demo.doithoai.vn");
  head = await signIn("chutich.ankhe@demo.doithoai.vn");
});

test("a phone retrying one submission 5 times at once makes exactly one petition", async () => {
  const key = `race-${crypto.randomUUID()}`;
  const title = `Cống tắc ${key.slice(-8)}`;
  const responses = await Promise.all(Array.from({ length: 5 }, () => post("/api/v1/petitions", petition(title), { "idempotency-key": key })));
  const statuses = responses.map((response) => response.status).sort();
  assert.deepEqual(statuses, [200, 200, 200, 200, 201]);
  const ids = new Set(await Promise.all(responses.map(async (response) => (await response.json()).id)));
  assert.equal(ids.size, 1);
  const inbox = await fetch(`${BASE_URL}/api/v1/petitions?q=${encodeURIComponent(key.slice(-8))}`, { headers: { authorization: `Bearer ${staff}` } });
  assert.equal((await inbox.json()).items.length, 1);
});

test("20 officials acting at once on one petition: exactly one wins, the rest get 409", async () => {
  const created = await (await post("/api/v1/petitions", petition("Đua xử lý cùng một đơn"))).json();
  const actions = Array.from({ length: 20 }, (_, index) =>
    fetch(`${BASE_URL}/api/v1/petitions/${created.id}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${index % 2 ? staff : head}` },
      body: JSON.stringify(index % 3 ? { action: "accept", version: 1 } : { action: "file", reason: `lý do ${index}`, version: 1 }),
    }),
  );
  const statuses = (await Promise.all(actions)).map((response) => response.status);
  assert.equal(statuses.filter((status) => status === 200).length, 1, `statuses: ${statuses}`);
  assert.equal(statuses.filter((status) => status === 409).length, 19);
  const detail = await (await fetch(`${BASE_URL}/api/v1/petitions/${created.id}`, { headers: { authorization: `Bearer ${head}` } })).json();
  assert.equal(detail.version, 2);
  assert.equal(detail.history.filter((entry) => entry.action === "accept" || entry.action === "file").length, 1);
});

test("parallel password guesses from one address never get past the failure limit, and the official's usual browser signs in meanwhile", async () => {
  const email = "giamsat@demo.doithoai.vn";
  const login = (password, headers) =>
    fetch(`${BASE_URL}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password }),
    });
  // The official signs in once at their own browser: it keeps the signed device cookie.
  const first = await login("Demo@12345", { "cf-connecting-ip": freshIp() });
  assert.equal(first.status, 200);
  const device = first.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("did="))
    ?.split(";")[0];
  assert.ok(device, "a device cookie");
  const stranger = freshIp();
  const [usual, ...guesses] = await Promise.all([
    login("Demo@12345", { cookie: device, "cf-connecting-ip": freshIp() }),
    ...Array.from({ length: 9 }, () => login("Wrong-guess-1", { "cf-connecting-ip": stranger })),
  ]);
  const statuses = guesses.map((response) => response.status);
  assert.equal(statuses.filter((status) => status === 401).length, 5, `statuses: ${statuses}`);
  assert.equal(statuses.filter((status) => status === 429).length, 4);
  assert.equal(usual.status, 200);
  // Still locked for the stranger's address, even with the right password; still open for the official.
  assert.equal((await login("Demo@12345", { "cf-connecting-ip": stranger })).status, 429);
  assert.equal((await login("Demo@12345", { cookie: device, "cf-connecting-ip": freshIp() })).status, 200);
});

test("a flood of sign-ins from one address is throttled before any password is hashed", async () => {
  const address = freshIp();
  const responses = await Promise.all(
    Array.from({ length: 30 }, (_, index) =>
      fetch(`${BASE_URL}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": address },
        body: JSON.stringify({ email: `flood${index}@demo.doithoai.vn`, password: "Wrong-guess-1" }),
      }),
    ),
  );
  const throttled = responses.filter((response) => response.status === 429);
  assert.ok(throttled.length >= 20, `throttled ${throttled.length} of 30`);
  for (const response of throttled) assert.equal(response.headers.get("x-d1-round-trips"), "0");
});

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

test("five parallel uploads of three photos never pass the cap of ten", async () => {
  const created = await (await post("/api/v1/petitions", petition("Đua tải ảnh lên cùng một đơn"))).json();
  const upload = () => {
    const form = new FormData();
    for (let index = 0; index < 3; index++) form.append("photos", new File([PNG], `anh-${index}.png`, { type: "image/png" }));
    return fetch(`${BASE_URL}/api/v1/petitions/${created.id}/attachments`, { method: "POST", headers: { authorization: `Bearer ${staff}` }, body: form });
  };
  const statuses = (await Promise.all(Array.from({ length: 5 }, upload))).map((response) => response.status);
  assert.equal(statuses.filter((status) => status === 201).length, 3, `statuses: ${statuses}`);
  assert.equal(statuses.filter((status) => status === 400).length, 2, `statuses: ${statuses}`);
  const detail = await (await fetch(`${BASE_URL}/api/v1/petitions/${created.id}`, { headers: { authorization: `Bearer ${head}` } })).json();
  assert.equal(detail.attachments.length, 9);
});

test("two officials splitting one letter at once: one split, one set of parts", async () => {
  const created = await (await post("/api/v1/petitions", { ...petition("Đơn nhiều nội dung đua tách"), kind: "mixed" })).json();
  const parts = [
    { kind: "complaint", title: "Khiếu nại quyết định xử phạt", content: "Khiếu nại quyết định xử phạt hành chính số 5." },
    { kind: "feedback", title: "Phản ánh cống tắc", content: "Cống trước chợ tắc, nước tràn mặt đường." },
  ];
  const split = (token) =>
    fetch(`${BASE_URL}/api/v1/petitions/${created.id}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: "split", version: 1, parts }),
    });
  const statuses = (await Promise.all([split(staff), split(head), split(staff), split(head)])).map((response) => response.status);
  assert.deepEqual(statuses.sort(), [200, 409, 409, 409]);
  const detail = await (await fetch(`${BASE_URL}/api/v1/petitions/${created.id}`, { headers: { authorization: `Bearer ${head}` } })).json();
  assert.equal(detail.parts.length, 2);
});
