import { env } from "cloudflare:test";
import { it } from "vitest";
import { api, makeAccount, makeUnits } from "./support/factory";
import { act, actOk, freshIp, PNG_BYTES, petitionBody, submit } from "./support/petitions";

it("probe", async () => {
  const units = await makeUnits();
  const head = await makeAccount("commune_head", units.commune);
  const staff = await makeAccount("commune_staff", units.commune);
  // #1
  const d = await submit(units.commune, { kind: "denunciation" });
  const r1 = await act(staff.token, d.id, { action: "classify", kind: "feedback", version: 1 });
  const b1 = await r1.text();
  console.log("P1 classify", r1.status, /0912345678|Bình/.test(b1));
  const g1 = await (await api("GET", `/api/v1/petitions/${d.id}`, { token: staff.token })).text();
  console.log("P1 get after", /0912345678|Bình/.test(g1));
  // #2
  const p = await submit(units.commune, { kind: "recommendation" });
  const r2 = await act(head.token, p.id, { action: "transfer", toUnitCode: units.province, reason: "x", version: 1 });
  console.log("P2 transfer to province", r2.status, (await r2.text()).slice(0, 200));
  const dd = await submit(units.commune, { kind: "denunciation" });
  const t1 = await act(head.token, dd.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "x", version: 1 });
  console.log("P2 den transfer 1", t1.status);
  const other = await makeAccount("commune_head", units.otherCommune);
  const t2 = await act(other.token, dd.id, { action: "transfer", toUnitCode: units.commune, reason: "y", version: 2 });
  console.log("P2 den transfer 2", t2.status, (await t2.text()).slice(0, 200));
  // #5
  const a = await api("POST", "/api/v1/petitions", { body: petitionBody(units.commune, { anonymous: true, kind: "feedback" }), headers: { "cf-connecting-ip": freshIp() } });
  const ab = await a.json<{ id: string }>();
  console.log("P5 anon", a.status);
  const row = await env.DB.prepare("SELECT * FROM petition_submitters WHERE petition_id = ?").bind(ab.id).first();
  console.log("P5 stored", JSON.stringify(row));
  // #6
  const ph = await submit(units.commune);
  const up = () => { const f = new FormData(); for (let i = 0; i < 3; i++) f.append("photos", new File([PNG_BYTES], `p${i}.png`, { type: "image/png" })); return api("POST", `/api/v1/petitions/${ph.id}/attachments`, { token: staff.token, rawBody: f }); };
  const ups = await Promise.all(Array.from({ length: 5 }, up));
  const n = await env.DB.prepare("SELECT count(*) AS n FROM petition_attachments WHERE petition_id = ?").bind(ph.id).first<{ n: number }>();
  console.log("P6", ups.map((u) => u.status).join(","), n?.n);
  // #8
  const fb = await submit(units.commune);
  const ip = freshIp();
  const statuses: number[] = [];
  for (let i = 0; i < 70; i++) statuses.push((await api("POST", `/track/${fb.trackingCode}/feedback`, { rawBody: "satisfied=1", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", "cf-connecting-ip": ip, accept: "text/html" } })).status);
  const counts: Record<number, number> = {}; for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  console.log("P8", JSON.stringify(counts));
  // #4 idempotency key form field
  const big = "k".repeat(3 * 1024 * 1024);
  const fields = new URLSearchParams({ unitCode: units.commune, category: "ha-tang", title: "Đường ngập sau mưa", content: "Đoạn đường liên thôn ngập sâu mỗi khi mưa lớn.", name: "A B", phone: "0912345678", consent: "on", idempotencyKey: big });
  const r4 = await api("POST", "/petitions/new", { rawBody: fields.toString(), headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", accept: "text/html" } });
  console.log("P4 3MiB key", r4.status);
  fields.set("idempotencyKey", "a\u0000".repeat(1000));
  const r5 = await api("POST", "/petitions/new", { rawBody: fields.toString(), headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", accept: "text/html" } });
  const k = await env.DB.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE '%' || char(0) || '%'").first<{ n: number }>();
  console.log("P4 NUL key", r5.status, k?.n);
}, 60_000);
