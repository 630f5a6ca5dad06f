// The routes `npm run bench` loads. Each feature adds its own here; the first row is the baseline.
export async function benchScenarios({ baseUrl }) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "canbo.ankhe@demo.doithoai.vn", password: "Demo@12345" }),
  });
  const { token } = await login.json();
  const bearer = { headers: { authorization: `Bearer ${token}` } };
  return [
    { name: "GET /healthz (baseline)", path: "/healthz" },
    { name: "GET /api/v1/units?parent=DEMO-HY", path: "/api/v1/units?parent=DEMO-HY" },
    { name: "GET /api/v1/me (KV session + D1 account)", path: "/api/v1/me", options: bearer },
    { name: "GET /api/v1/accounts (signed in, scoped)", path: "/api/v1/accounts", options: bearer },
    { name: "GET /login (server-rendered page)", path: "/login" },
  ];
}
