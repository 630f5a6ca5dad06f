/**
 * A petition in every state a page can show, made the way officials and residents make them (the API), for the
 * page tests: the plain-words scan, the pages' behaviour, the round trips.
 */
import { env } from "cloudflare:test";
import { api, type TestAccount, type TestUnits } from "./factory";
import { actOk, type Created, freshIp, submit } from "./petitions";

export type PetitionStates = Record<
  | "received"
  | "classified"
  | "accepted"
  | "inProgress"
  | "answered"
  | "answeredLongAgo"
  | "resolved"
  | "reopened"
  | "escalated"
  | "returned"
  | "transferred"
  | "transferredOut"
  | "filed"
  | "duplicate"
  | "split"
  | "part"
  | "denunciation"
  | "extended"
  | "overdue"
  | "anonymous",
  Created
>;

const feedback = (code: string, body: unknown) =>
  api("POST", `/api/v1/petitions/track/${code}/feedback`, { body, headers: { "cf-connecting-ip": freshIp() } }).then((response) => {
    if (response.status !== 200) throw new Error(`feedback failed ${response.status}`);
  });

/** People's words in every petition, so that a page's text is a person's (the scanner flags raw codes). */
const words = (title: string, content: string) => ({ title, content });

export async function makePetitionStates(units: TestUnits, head: TestAccount, staff: TestAccount): Promise<PetitionStates> {
  const answered = async (kind: string, title: string) => {
    const created = await submit(units.commune, { kind, ...words(title, `${title}: người dân đề nghị UBND xã xem xét giải quyết sớm.`) });
    await actOk(staff.token, created.id, { action: "accept" });
    await actOk(staff.token, created.id, { action: "start" });
    await actOk(staff.token, created.id, { action: "draft_answer", text: "UBND xã đã cho sửa xong trong tuần." });
    await actOk(head.token, created.id, { action: "answer", text: "UBND xã đã cho sửa xong trong tuần." });
    return created;
  };
  const received = await submit(units.commune, { kind: "mixed", ...words("Đường thôn 3 bị ngập sau mưa", "Đường thôn 3 bị ngập sâu sau mỗi trận mưa lớn.") });
  const classified = await submit(units.commune, { kind: "feedback", ...words("Rác thải chưa thu gom ở chợ", "Rác ở chợ xã ba ngày chưa được thu gom.") });
  const accepted = await submit(units.commune, { kind: "feedback", ...words("Đèn đường hỏng ở xóm Bắc", "Ba cột đèn đầu xóm Bắc không sáng.") });
  await actOk(staff.token, accepted.id, { action: "accept" });
  const inProgress = await submit(units.commune, {
    kind: "recommendation",
    ...words("Xin làm lại cống thoát nước", "Cống thoát nước ở ngõ 5 bị vỡ, nước tràn vào nhà."),
  });
  await actOk(staff.token, inProgress.id, { action: "accept" });
  await actOk(head.token, inProgress.id, { action: "assign", accountId: staff.id });
  await actOk(staff.token, inProgress.id, { action: "start" });
  await actOk(staff.token, inProgress.id, { action: "note", text: "Đã gọi điện cho người dân, hẹn xuống xem hiện trường." });
  await actOk(staff.token, inProgress.id, { action: "draft_answer", text: "UBND xã sẽ làm lại cống trong tháng này." });
  const answeredNow = await answered("feedback", "Nước sinh hoạt bị đục");
  const answeredLongAgo = await answered("feedback", "Biển báo giao thông bị đổ");
  const resolved = await answered("feedback", "Cây đổ chắn đường liên thôn");
  const reopened = await answered("recommendation", "Đề nghị lắp thêm đèn ở ngõ 7");
  const escalated = await answered("complaint", "Khiếu nại về mức bồi thường");
  // The resident's window passed long ago: officials may close.
  await env.DB.prepare("UPDATE petitions SET answered_at = ? WHERE id IN (?, ?)")
    .bind(new Date(Date.now() - 60 * 86_400_000).toISOString(), answeredLongAgo.id, resolved.id)
    .run();
  await actOk(staff.token, resolved.id, { action: "resolve" });
  await feedback(reopened.trackingCode, { satisfied: false, comment: "Đèn mới lắp vẫn chưa sáng." });
  await feedback(escalated.trackingCode, { satisfied: false, comment: "Tôi không đồng ý với mức bồi thường." });

  const returned = await submit(units.commune, { kind: "feedback", ...words("Tranh chấp ranh giới với hàng xóm", "Hai nhà tranh chấp ranh giới đất vườn.") });
  await actOk(staff.token, returned.id, {
    action: "return",
    guidance: "Việc này thuộc Tòa án nhân dân; anh/chị gửi đơn đến Tòa án huyện.",
    letterNumber: "12/HD-UBND",
  });
  const transferred = await submit(units.commune, { kind: "recommendation", ...words("Đường tỉnh lộ bị sụt lún", "Đoạn tỉnh lộ qua xã bị sụt lún.") });
  await actOk(staff.token, transferred.id, { action: "transfer", toUnitCode: units.otherCommune, reason: "Đoạn đường thuộc địa bàn xã bên cạnh." });
  const transferredOut = await submit(units.commune, { kind: "feedback", ...words("Cơ sở kinh doanh gây ô nhiễm", "Xưởng sản xuất thải khói đen cả ngày.") });
  await actOk(staff.token, transferredOut.id, {
    action: "transfer",
    toBody: "Sở Tài nguyên và Môi trường",
    reason: "Thuộc thẩm quyền của Sở.",
    letterNumber: "15/CV-UBND",
  });
  const filed = await submit(units.commune, { kind: "feedback", ...words("Góp ý chung về xã", "Xã nên làm đẹp hơn.") });
  await actOk(staff.token, filed.id, { action: "file", reason: "Nội dung chung chung, không có việc cụ thể." });
  const duplicate = await submit(units.commune, { kind: "mixed", ...words("Đường thôn 3 ngập nước", "Đường thôn 3 lại ngập sau mưa.") });
  await actOk(staff.token, duplicate.id, { action: "mark_duplicate", of: received.trackingCode });
  const split = await submit(units.commune, { kind: "mixed", ...words("Nhiều việc ở thôn Tây", "Đường hỏng và cán bộ thôn thu tiền sai.") });
  const splitAnswer = await actOk(staff.token, split.id, {
    action: "split",
    parts: [
      { kind: "feedback", title: "Đường thôn Tây hỏng", content: "Đường thôn Tây có nhiều ổ gà." },
      { kind: "denunciation", title: "Thu tiền sai ở thôn Tây", content: "Cán bộ thôn thu tiền không có biên lai." },
    ],
  });
  const part = (splitAnswer.parts as { id: string; trackingCode: string }[])[0];
  const denunciation = await submit(units.commune, {
    kind: "denunciation",
    ...words("Tố cáo lấn chiếm đất công", "Một hộ xây tường lấn ra đất công ở thôn Tây."),
  });
  const extended = await submit(units.commune, { kind: "denunciation", ...words("Tố cáo sai phạm xây dựng", "Công trình xây sai giấy phép ở thôn Đông.") });
  await actOk(staff.token, extended.id, { action: "classify", kind: "denunciation", complexity: "especially_complex" });
  await actOk(staff.token, extended.id, { action: "accept" });
  await actOk(head.token, extended.id, { action: "extend", days: 30, reason: "Cần thêm thời gian xác minh tại hiện trường." });
  const overdue = await submit(units.commune, { kind: "feedback", ...words("Ống nước vỡ ở ngõ 2", "Ống nước vỡ, nước chảy lênh láng.") });
  await env.DB.batch([
    env.DB.prepare("UPDATE petitions SET due_on = '2026-01-05', acknowledge_by = '2026-01-05' WHERE id = ?").bind(overdue.id),
    env.DB.prepare(
      `INSERT INTO petition_events (petition_id, at, actor_kind, action, from_status, to_status, note, public) VALUES
         (?1, '2026-01-03T02:00:00.000Z', 'system', 'deadline_recomputed', 'received', 'received', '2026-01-02 → 2026-01-05', 0),
         (?1, '2026-01-06T17:00:00.000Z', 'system', 'overdue', 'received', 'received', 'Quá hạn 2026-01-05', 1)`,
    ).bind(overdue.id),
  ]);
  // Its first snapshot is written after the answer to the submission: wait for it, then drop it for D1's truth.
  for (let tries = 0; tries < 100 && !(await env.KV.get(`track:${overdue.trackingCode}`)); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  await env.KV.delete(`track:${overdue.trackingCode}`);
  const anonymous = await submit(units.commune, {
    kind: "feedback",
    anonymous: true,
    submitter: {},
    ...words("Quán hát karaoke ồn ào", "Quán hát karaoke mở loa to sau 23 giờ."),
  });
  return {
    received,
    classified,
    accepted,
    inProgress,
    answered: answeredNow,
    answeredLongAgo,
    resolved,
    reopened,
    escalated,
    returned,
    transferred,
    transferredOut,
    filed,
    duplicate,
    split,
    part: { ...split, id: part.id, trackingCode: part.trackingCode },
    denunciation,
    extended,
    overdue,
    anonymous,
  };
}
