// The routes `npm run bench` loads. Each feature adds its own here; the first row is the baseline.
import { demoSession } from "./demo-data.mjs";

let ipCounter = 0;
/** A new client address per request, so the per-IP throttles measure the route, not the limiter. */
const withFreshIp = (request) => ({
  ...request,
  headers: { ...request.headers, "cf-connecting-ip": `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}` },
});

let phoneCounter = 0;
/** A new registrant per request (one live registration per phone and session), from a new address. */
const asNewRegistrant = (request) =>
  withFreshIp({
    ...request,
    body: JSON.stringify({ name: "Người dân thử tải", phone: `09${String(10_000_000 + phoneCounter++).padStart(8, "0")}` }),
  });

async function signIn(baseUrl, email) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "Demo@12345" }),
  });
  return (await response.json()).token;
}

export async function benchScenarios({ baseUrl }) {
  const token = await signIn(baseUrl, "canbo.ankhe@demo.doithoai.vn");
  const supervisor = await signIn(baseUrl, "giamsat@demo.doithoai.vn");
  const bearer = (value) => ({ headers: { authorization: `Bearer ${value}` } });
  const petition = {
    unitCode: "DEMO-HY-AK",
    category: "ha-tang",
    title: "Đường ngập sau mưa (bench)",
    content: "Đoạn đường liên thôn ngập sâu mỗi khi mưa lớn, đề nghị nạo vét cống.",
    submitter: { name: "Người dân thử tải", phone: "0912345678" },
    consent: true,
  };
  const created = await (
    await fetch(`${baseUrl}/api/v1/petitions`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "10.255.0.1" },
      body: JSON.stringify(petition),
    })
  ).json();
  const session = demoSession.id;
  const registration = await (
    await fetch(`${baseUrl}/api/v1/sessions/${session}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "10.255.0.2" },
      body: JSON.stringify({ name: "Người dân thử tải", phone: "0987654321" }),
    })
  ).json();
  const head = await signIn(baseUrl, "chutich.ankhe@demo.doithoai.vn");
  const followUp = await sessionWithPromises(baseUrl, head, token);
  return [
    { name: "GET /healthz (baseline)", path: "/healthz" },
    { name: "GET /api/v1/units?parent=DEMO-HY", path: "/api/v1/units?parent=DEMO-HY" },
    { name: "GET /api/v1/me (KV session + D1 account)", path: "/api/v1/me", options: bearer(token) },
    { name: "GET /login (server-rendered page)", path: "/login" },
    {
      name: "POST /api/v1/petitions (submission)",
      path: "/api/v1/petitions",
      options: { requests: [{ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(petition), setupRequest: withFreshIp }] },
    },
    {
      name: "GET /api/v1/petitions/track/:code (KV snapshot)",
      path: `/api/v1/petitions/track/${created.trackingCode}`,
      options: { requests: [{ setupRequest: withFreshIp }] },
    },
    { name: "GET /track/:code (tracking page)", path: `/track/${created.trackingCode}`, options: { requests: [{ setupRequest: withFreshIp }] } },
    { name: "GET /api/v1/petitions (inbox, ~60k in the unit)", path: "/api/v1/petitions", options: bearer(token) },
    { name: "GET /api/v1/petitions?status=in_progress", path: "/api/v1/petitions?status=in_progress", options: bearer(token) },
    { name: "GET /api/v1/petitions?overdue=true", path: "/api/v1/petitions?overdue=true", options: bearer(token) },
    { name: "GET /api/v1/petitions?q=duong ngap (folded text)", path: "/api/v1/petitions?q=duong%20ngap", options: bearer(token) },
    { name: "GET /api/v1/petitions (supervisor, province, 100k)", path: "/api/v1/petitions", options: bearer(supervisor) },
    { name: "GET /api/v1/sessions?province= (public session list)", path: "/api/v1/sessions?province=DEMO-HY" },
    { name: "GET /sessions?province= (public list page)", path: "/sessions?province=DEMO-HY" },
    { name: "GET /api/v1/sessions/:id (a session)", path: `/api/v1/sessions/${session}` },
    { name: "GET /sessions/:id (public session page)", path: `/sessions/${session}` },
    { name: "GET /staff/sessions/:id (officials' page, registrations)", path: `/staff/sessions/${session}`, options: { headers: { cookie: `sid=${head}` } } },
    {
      name: "POST /api/v1/sessions/:id/registrations (registration)",
      path: `/api/v1/sessions/${session}/registrations`,
      options: { requests: [{ method: "POST", headers: { "content-type": "application/json" }, setupRequest: asNewRegistrant }] },
    },
    {
      name: "GET /registrations/:code (registration page)",
      path: `/registrations/${registration.registrationCode}`,
      options: { requests: [{ setupRequest: withFreshIp }] },
    },
    { name: "GET /api/v1/units/:code/sessions.ics (commune feed)", path: "/api/v1/units/DEMO-HY-AK/sessions.ics" },
    { name: "GET /sessions/:id/results (public promises, a session)", path: `/sessions/${followUp.sessionId}/results` },
    { name: "GET /units/:code/promises (public promises, a commune)", path: "/units/DEMO-HY-AK/promises" },
    { name: "GET /api/v1/commitments?unit= (commitments list)", path: "/api/v1/commitments?unit=DEMO-HY-AK" },
    {
      name: "POST /api/v1/commitments/:id/progress (progress update)",
      path: `/api/v1/commitments/${followUp.commitmentId}/progress`,
      options: {
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify({ status: "in_progress", note: "Đang thực hiện (bench)", percent: 50 }),
          },
        ],
      },
    },
    // The supervisor's dashboard reads the daily KV copy (the first request, which counts the round trips, leaves it there).
    { name: "GET /oversight (dashboard, KV copy)", path: "/oversight", options: { headers: { cookie: `sid=${supervisor}` } } },
    // Live reports sum a province's year of petitions (100,000 here) in D1, whose one database runs one query at a
    // time: a few clients at once, not 50 (at 50 each waits longer than autocannon's 10 s timeout).
    {
      name: "GET /oversight?live=1 (dashboard from D1, 100k, 4 connections)",
      path: "/oversight?live=1",
      options: { headers: { cookie: `sid=${supervisor}` }, connections: 4 },
    },
    {
      name: "GET /api/v1/reports/compliance (province, live, 100k, 4 connections)",
      path: "/api/v1/reports/compliance",
      options: { ...bearer(supervisor), connections: 4 },
    },
    {
      name: "GET /api/v1/reports/summary (province, live, 100k, 4 connections)",
      path: "/api/v1/reports/summary",
      options: { ...bearer(supervisor), connections: 4 },
    },
    // A whole province's petitions (100,000) as one file, downloaded by one client at a time.
    {
      name: "GET /api/v1/exports/petitions.csv (100k, 1 connection)",
      path: "/api/v1/exports/petitions.csv",
      options: { ...bearer(supervisor), connections: 1 },
      once: true,
    },
    {
      name: "GET /api/v1/exports/petitions.xlsx (100k, 1 connection)",
      path: "/api/v1/exports/petitions.xlsx",
      options: { ...bearer(supervisor), connections: 1 },
      once: true,
    },
  ];
}

/**
 * A session held a while ago whose results are out: recorded afterwards by the head, minutes with three opinions by
 * staff (one answered, one petition, one commitment), then the results published. Its id and its commitment's.
 */
async function sessionWithPromises(baseUrl, head, staff) {
  const call = async (token, method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const day = new Date(Date.now() - (3 + Math.floor(Math.random() * 300)) * 86_400_000).toISOString().slice(0, 10);
  const session = await call(head, "POST", "/api/v1/sessions", {
    unitCode: "DEMO-HY-AK",
    title: "Hội nghị đối thoại đã tổ chức (bench)",
    startsAt: `${day}T01:00:00.000Z`,
    endsAt: `${day}T03:00:00.000Z`,
    venue: { name: `Nhà văn hóa bench ${crypto.randomUUID().slice(0, 8)}` },
    mode: "in_person",
    capacity: 100,
  });
  const minutes = await call(staff, "PUT", `/api/v1/sessions/${session.id}/minutes`, {
    attendance: 90,
    summary: "Hội nghị dân chủ; chủ trì kết luận từng ý kiến.",
    items: [
      { question: "Bao giờ làm đường liên thôn?", answer: "Khởi công tháng 5.", answeredOnSpot: true },
      { question: "Hộ tôi chưa được hỗ trợ.", answeredOnSpot: false, followUp: "petition", petition: { kind: "recommendation", category: "chinh-sach" } },
      {
        question: "Đèn đường ngõ 5 hỏng.",
        answeredOnSpot: false,
        followUp: "commitment",
        commitment: { owner: { name: "Ban quản lý dự án xã" }, dueDate: "2099-12-31", description: "Thay đèn ngõ 5." },
      },
    ],
  });
  await call(head, "POST", `/api/v1/sessions/${session.id}/actions`, { action: "publish_results", summary: "Đã trả lời 1 ý kiến, ghi nhận 2 việc." });
  return { sessionId: session.id, commitmentId: minutes.items[2].commitment.id };
}
