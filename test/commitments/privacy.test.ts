/**
 * The privacy scanner for dialogue sessions: after a whole session — registrations, check-in, minutes with a named
 * asker, results, a petition and a commitment with progress, messages sent — no public view carries a registrant's
 * or an asker's name, phone or email, or a village head's contact.
 */

import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { minutesBody, putMinutesOk, threeOpinions, uniqueTitle } from "../support/minutes";
import { PublicViews } from "../support/privacy";
import { actOk, heldSession, plusHours, publishedSession, registerFor } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  [head, staff] = await Promise.all([makeAccount("commune_head", units.commune), makeAccount("commune_staff", units.commune)]);
});

const REGISTRANT = { name: "Quách Thị Riêng Tư", phone: "0966123987", email: "rieng.tu@example.vn" };
const HEAD_OF_VILLAGE = { name: "Ông Trưởng Thôn Kín", phone: "0966555444", email: "truongthon.kin@example.vn" };
const ASKER = "Lương Văn Người Hỏi";

describe("personal data never reaches a public view of a session", () => {
  it("scans every public route of a session from announcement to promises", async () => {
    const village = await (
      await api("POST", `/api/v1/units/${units.commune}/villages`, {
        token: head.token,
        body: { name: "Thôn Kín", headName: HEAD_OF_VILLAGE.name, headPhone: HEAD_OF_VILLAGE.phone, headEmail: HEAD_OF_VILLAGE.email },
      })
    ).json<{ id: string }>();
    const session = await publishedSession(head.token, units.commune, { title: uniqueTitle(), villageIds: [village.id] });
    const registered = await registerFor(session.id, { ...REGISTRANT, villageId: village.id, question: "Đường làng bao giờ sửa?" });
    const code = (await registered.json<{ registrationCode: string }>()).registrationCode;
    await api("POST", `/api/v1/sessions/${session.id}/docket`, { token: staff.token, body: { registrationCode: code } });
    const views = new PublicViews();
    const publicRoutes = () => [
      `/api/v1/sessions/${session.id}`,
      `/api/v1/sessions?unit=${units.commune}`,
      `/api/v1/sessions/${session.id}/docket`,
      `/api/v1/sessions/${session.id}/calendar.ics`,
      `/api/v1/units/${units.commune}/sessions.ics`,
      `/api/v1/units/${units.commune}/villages`,
      "/sessions",
      `/sessions/${session.id}`,
      `/sessions/${session.id}/register`,
      `/sessions/${session.id}/notice`,
      `/sessions/${session.id}/announcement.txt`,
    ];
    for (const path of publicRoutes()) expect(await views.collect(path)).toBe(200);

    // The day: check-in, minutes with a named asker, a petition and a commitment; then the results.
    const started = new Date(Date.now() - 3_600_000).toISOString();
    await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(started, plusHours(started, 3), session.id).run();
    await api("POST", `/api/v1/sessions/${session.id}/checkins`, { token: staff.token, body: { registrationCode: code } });
    const opinions = threeOpinions({ villageId: village.id, ownerId: staff.id });
    (opinions[1].askedBy as { name?: string }).name = ASKER;
    const minutes = await putMinutesOk(staff.token, session.id, minutesBody(opinions));
    await heldSession(head.token, session.id);
    await actOk(head.token, session.id, { action: "publish_results", summary: "Đã trả lời các ý kiến." });
    const commitmentId = minutes.items[2].commitment?.id ?? "";
    await api("POST", `/api/v1/commitments/${commitmentId}/progress`, {
      token: staff.token,
      body: { status: "in_progress", note: "Đã khảo sát.", percent: 20 },
    });
    const trackingCode = minutes.items[1].petition?.trackingCode ?? "";
    expect(trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);

    for (const path of [
      ...publicRoutes(),
      `/sessions/${session.id}/results`,
      `/sessions/${session.id}/results/notice`,
      `/units/${units.commune}/promises`,
      `/api/v1/commitments?session=${session.id}`,
      `/api/v1/commitments/${commitmentId}`,
      `/api/v1/petitions/track/${trackingCode}`,
      `/track/${trackingCode}`,
    ])
      expect(await views.collect(path)).toBe(200);
    // The messages went out (the outbox holds the addresses), yet no view shows them.
    expect(await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE session_id = ?").bind(session.id).first("n")).toBeGreaterThanOrEqual(3);
    views.expectNone([REGISTRANT.name, REGISTRANT.phone, REGISTRANT.email, ASKER, HEAD_OF_VILLAGE.name, HEAD_OF_VILLAGE.phone, HEAD_OF_VILLAGE.email]);
    // The scanner itself sees what it looks for: the officials' minutes do name the asker.
    const officials = new PublicViews();
    officials.bodies.push(await (await api("GET", `/api/v1/sessions/${session.id}/minutes`, { token: staff.token })).text());
    expect(() => officials.expectNone([ASKER])).toThrow();
  });
});
