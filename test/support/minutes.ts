import { env } from "cloudflare:test";
import { api, type TestAccount } from "./factory";
import { localAt, plusHours, publishedSession, type SessionJson } from "./sessions";

export type MinutesJson = {
  sessionId: string;
  version: number;
  attendance: number;
  summary: string;
  items: {
    id: string;
    position: number;
    question: string;
    askedBy: { name?: string | null; village: { id: string; name: string } | null };
    answer: string | null;
    answeredOnSpot: boolean;
    followUp: "petition" | "commitment" | null;
    petition: { id: string; trackingCode?: string; status: string; dueOn: string } | null;
    commitment: { id: string; owner: string; dueDate: string; status: string; percent: number; late: boolean } | null;
  }[];
};

/** A session that is under way (published, started an hour ago): minutes and check-in are open. */
export async function sessionUnderWay(token: string, unitCode: string, overrides: Record<string, unknown> = {}): Promise<SessionJson> {
  const session = await publishedSession(token, unitCode, overrides);
  const startsAt = new Date(Date.now() - 3_600_000).toISOString();
  await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(startsAt, plusHours(startsAt, 3), session.id).run();
  return { ...session, startsAt };
}

/** Three opinions: one answered on the spot, one that becomes a petition, one that becomes a commitment. */
export function threeOpinions(options: { ownerId?: string; villageId?: string; dueDate?: string } = {}) {
  return [
    {
      question: "Bao giờ làm đường liên thôn Đông – Tây?",
      askedBy: { villageId: options.villageId },
      answer: "Đường được khởi công trong tháng 5, đã có vốn.",
      answeredOnSpot: true,
    },
    {
      question: "Hộ tôi chưa được nhận hỗ trợ hộ nghèo năm nay.",
      askedBy: { name: "Phạm Văn Hỏi", villageId: options.villageId },
      answeredOnSpot: false,
      followUp: "petition",
      petition: { kind: "recommendation", category: "chinh-sach" },
    },
    {
      question: "Đèn đường ngõ 5 hỏng đã ba tháng.",
      answeredOnSpot: false,
      followUp: "commitment",
      commitment: {
        owner: options.ownerId ? { accountId: options.ownerId } : { name: "Ban quản lý dự án xã" },
        dueDate: options.dueDate ?? localAt(30, 8).slice(0, 10),
        description: "Thay bóng đèn và sửa dây điện ngõ 5.",
      },
    },
  ];
}

export function minutesBody(items: unknown[], extra: Record<string, unknown> = {}) {
  return {
    attendance: 120,
    summary: "Hội nghị diễn ra dân chủ; chủ trì kết luận các ý kiến.",
    secretary: "Lê Thư Ký",
    frontRepresentative: "Bà Trần Mặt Trận",
    items,
    ...extra,
  };
}

export const putMinutes = (token: string, sessionId: string, body: unknown) => api("PUT", `/api/v1/sessions/${sessionId}/minutes`, { token, body });

export async function putMinutesOk(token: string, sessionId: string, body: unknown): Promise<MinutesJson> {
  const response = await putMinutes(token, sessionId, body);
  if (response.status !== 200) throw new Error(`minutes failed ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Counts what a session's minutes made: petitions (found by the session's unique title in their text), commitments, items. */
export async function followUpCounts(session: { id: string; [key: string]: unknown }) {
  const petitions = await env.DB.prepare("SELECT count(*) AS n FROM petitions WHERE content LIKE ?")
    .bind(`%${String(session.title)}%`)
    .first<number>("n");
  const commitments = await env.DB.prepare("SELECT count(*) AS n FROM commitments WHERE session_id = ?").bind(session.id).first<number>("n");
  const items = await env.DB.prepare("SELECT count(*) AS n FROM minutes_items WHERE session_id = ?").bind(session.id).first<number>("n");
  return { petitions, commitments, items };
}

let titles = 0;
/** A session title no other test uses (petitions made from its minutes quote it). */
export const uniqueTitle = () => `Hội nghị đối thoại ${Date.now().toString(36)}-${++titles}`;

export const asUser = (account: TestAccount, provinceCode: string | null) => ({
  id: account.id,
  email: account.email,
  name: "Cán bộ",
  role: account.role,
  unitCode: account.unitCode,
  provinceCode,
});
