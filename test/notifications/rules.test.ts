import { describe, expect, it } from "vitest";
import { renderMessage, type StoredData } from "../../src/notifications/channels/render";
import {
  contactChannels,
  emailErrorVerdict,
  gatewayVerdict,
  internationalPhone,
  isGsm7,
  maskAddress,
  messagesForContact,
  normaliseAddress,
  outboxId,
  publicOrigin,
  reminderAt,
  reminderFor,
  retryDelaySeconds,
  SMS_LENGTH,
  toSmsText,
} from "../../src/notifications/rules";
import { NOTIFICATION_KINDS, type NotificationKind } from "../../src/notifications/schema";

describe("addresses", () => {
  it.each([
    ["sms", "0912345678", "09•••••678"],
    ["zalo", "0987654321", "09•••••321"],
    ["email", "binh.nguyen@example.vn", "b•••@example.vn"],
    ["email", "b@example.vn", "•••@example.vn"],
    ["email", "broken", "•••"],
    ["sms", "123", "•••"],
  ] as const)("masks %s %s as %s", (channel, address, masked) => {
    expect(maskAddress(channel, address)).toBe(masked);
  });

  it("never shows more than the first two and last three digits of a phone", () => {
    const masked = maskAddress("sms", "0912345678");
    expect(masked).not.toContain("12345");
    expect(masked.replace(/•/g, "")).toBe("09678");
  });

  it.each([
    ["sms", "+84 912 345 678", "0912345678"],
    ["sms", "84912345678", "0912345678"],
    ["sms", "0912.345.678", "0912345678"],
    ["email", "  Binh.Nguyen@Example.VN ", "binh.nguyen@example.vn"],
  ] as const)("normalises %s %s", (channel, address, normalised) => {
    expect(normaliseAddress(channel, address)).toBe(normalised);
  });

  it("gives gateways phones as 84 and nine digits", () => {
    expect(internationalPhone("0912345678")).toBe("84912345678");
  });

  it("reaches a contact on every channel it left, phones by the configured channel", () => {
    expect(contactChannels({ email: "A@B.vn", phone: "+84912345678" }, "sms")).toEqual([
      { channel: "email", address: "a@b.vn" },
      { channel: "sms", address: "0912345678" },
    ]);
    expect(contactChannels({ phone: "0912345678" }, "zalo")).toEqual([{ channel: "zalo", address: "0912345678" }]);
    expect(contactChannels({ email: null, phone: " " }, "sms")).toEqual([]);
  });

  it("writes one message per channel of a contact, none for an anonymous one", () => {
    const base = {
      kind: "petition.answered" as const,
      event: "petition:p1:v4",
      recipient: "submitter",
      recipientRole: "submitter" as const,
      unitCode: "C",
      provinceCode: "P",
      linkPath: "/track/ABC",
      data: { unitName: "UBND xã An Khê", trackingCode: "ABC" },
    };
    expect(messagesForContact(base, { email: "a@b.vn", phone: "0912345678" }, "zalo").map((message) => [message.channel, message.address])).toEqual([
      ["email", "a@b.vn"],
      ["zalo", "0912345678"],
    ]);
    expect(messagesForContact(base, {}, "sms")).toEqual([]);
  });
});

describe("identity and timing", () => {
  it("derives the same id from the same event, recipient and channel, and a different one otherwise", async () => {
    const id = await outboxId("petition:p1:v3", "submitter", "sms");
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await outboxId("petition:p1:v3", "submitter", "sms")).toBe(id);
    expect(await outboxId("petition:p1:v3", "submitter", "email")).not.toBe(id);
    expect(await outboxId("petition:p1:v4", "submitter", "sms")).not.toBe(id);
  });

  it("backs off 30 s, 1, 2, 4, 8 minutes and never beyond 15", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });

  it.each([
    ["2026-03-10T01:00:00.000Z", "2026-03-09T01:00:00.000Z"], // 10/03 08:00 local → 09/03 08:00 local
    ["2026-03-09T17:30:00.000Z", "2026-03-09T01:00:00.000Z"], // 10/03 00:30 local is still 10/03
    ["2026-03-10T16:30:00.000Z", "2026-03-09T01:00:00.000Z"], // 10/03 23:30 local
    ["2026-03-01T02:00:00.000Z", "2026-02-28T01:00:00.000Z"], // across a month
    ["2028-03-01T02:00:00.000Z", "2028-02-29T01:00:00.000Z"], // a leap year
  ])("reminds of a session starting %s at 08:00 local the day before (%s)", (startsAt, expected) => {
    expect(reminderAt(startsAt)).toBe(expected);
  });

  it("makes no reminder once its hour has passed", () => {
    expect(reminderFor("2026-03-10T01:00:00.000Z", new Date("2026-03-08T10:00:00Z"))).toBe("2026-03-09T01:00:00.000Z");
    expect(reminderFor("2026-03-10T01:00:00.000Z", new Date("2026-03-09T02:00:00Z"))).toBeNull();
  });

  it("links to PUBLIC_ORIGIN, else to the request's origin", () => {
    expect(publicOrigin({ PUBLIC_ORIGIN: "https://doithoai.example.vn/" }, "http://127.0.0.1:8787/api/v1/x")).toBe("https://doithoai.example.vn");
    expect(publicOrigin({ PUBLIC_ORIGIN: "" }, "http://127.0.0.1:8787/api/v1/x")).toBe("http://127.0.0.1:8787");
    expect(publicOrigin({ PUBLIC_ORIGIN: "doithoai.example.vn" }, "http://127.0.0.1:8787/x")).toBe("http://127.0.0.1:8787");
    expect(publicOrigin({ PUBLIC_ORIGIN: "javascript:alert(1)" }, "http://127.0.0.1:8787/x")).toBe("http://127.0.0.1:8787");
  });
});

describe("verdicts on a channel's answer", () => {
  it.each([
    [200, "sent"],
    [202, "sent"],
    [400, "failed"],
    [401, "failed"],
    [404, "failed"],
    [422, "failed"],
    [408, "retry"],
    [425, "retry"],
    [429, "retry"],
    [500, "retry"],
    [503, "retry"],
  ] as const)("gateway %i → %s", (status, verdict) => {
    expect(gatewayVerdict(status)).toBe(verdict);
  });

  it.each([
    ["E_SENDER_NOT_VERIFIED", "", "skipped"],
    ["E_SENDER_DOMAIN_NOT_AVAILABLE", "", "skipped"],
    ["E_RECIPIENT_SUPPRESSED", "", "failed"],
    ["E_VALIDATION_ERROR", "", "failed"],
    ["E_RATE_LIMIT_EXCEEDED", "", "retry"],
    ["E_DAILY_LIMIT_EXCEEDED", "", "retry"],
    ["E_INTERNAL_SERVER_ERROR", "", "retry"],
    [undefined, "email to x@y.vn not allowed", "failed"],
    [undefined, "network connection lost", "retry"],
  ] as const)("email error %s %s → %s", (code, message, verdict) => {
    expect(emailErrorVerdict(code, message)).toBe(verdict);
  });
});

describe("texts", () => {
  it("writes Vietnamese SMS without diacritics in the GSM alphabet", () => {
    expect(toSmsText("Đã trả lời kiến nghị “đường ngập” – xem…")).toBe('Da tra loi kien nghi "duong ngap" - xem...');
    expect(isGsm7(toSmsText("Ủy ban nhân dân phường Nguyễn Thái Bình"))).toBe(true);
    expect(toSmsText("漢")).toBe("?");
  });

  // The longest realistic values: a long ward name, venue and title, a full tracking code and a 36-character origin.
  const LONG_ORIGIN = "https://doithoai.thanhphohochiminh.vn";
  const petition = {
    unitName: "UBND phường Nguyễn Thái Bình",
    trackingCode: "ABCD-EFGH-JKLM",
    resolveBy: "2026-04-15",
    link: `${LONG_ORIGIN}/track/ABCDEFGHJKLM`,
  };
  const session = {
    unitName: "UBND phường Nguyễn Thái Bình",
    title: "Đối thoại về chỉnh trang đô thị và giải phóng mặt bằng dự án mở rộng đường Nguyễn Văn Cừ",
    startsAt: "2026-03-10T01:30:00.000Z",
    venue: "Hội trường Ủy ban nhân dân phường, số 2 đường Nguyễn Thái Bình",
    registrationCode: "K7M2-P9QX",
    position: 12,
    reason: "Trùng lịch tiếp công dân của thành phố",
    link: `${LONG_ORIGIN}/registrations/K7M2P9QXR4TW`,
  };
  const dataOf = (kind: NotificationKind): StoredData => (kind.startsWith("petition.") ? petition : session);

  it.each(NOTIFICATION_KINDS)("%s: one SMS of at most 160 GSM characters, with the link", (kind) => {
    const { text } = renderMessage(kind, "sms", dataOf(kind));
    expect(text.length).toBeLessThanOrEqual(SMS_LENGTH);
    expect(isGsm7(text)).toBe(true);
    expect(text).toContain(dataOf(kind).link);
  });

  it.each(NOTIFICATION_KINDS)("%s: an email with a subject, the details and the link", (kind) => {
    const { subject, text } = renderMessage(kind, "email", dataOf(kind));
    expect(subject.length).toBeGreaterThan(10);
    expect(subject).not.toMatch(/[{}]/);
    expect(text).not.toMatch(/[{}]/);
    expect(text).toContain(dataOf(kind).link);
    expect(text).toContain("UBND phường Nguyễn Thái Bình");
    expect(text).toContain("Kính gửi ông/bà");
  });

  it("fills dates and times in Asia/Ho_Chi_Minh", () => {
    const { text } = renderMessage("session.reminder", "email", dataOf("session.reminder"));
    expect(text).toContain("08:30 ngày mai (10/03/2026)");
    expect(renderMessage("petition.accepted", "email", petition).text).toContain("Hạn trả lời: 15/04/2026.");
  });

  it("leaves out a line whose value is missing, and prefers the fullest SMS that fits", () => {
    const withoutDue = { ...petition, resolveBy: undefined };
    const email = renderMessage("petition.accepted", "email", withoutDue).text;
    expect(email).not.toContain("Hạn trả lời");
    expect(email).toContain("mã theo dõi ABCD-EFGH-JKLM");
    expect(renderMessage("petition.accepted", "sms", petition).text).toContain("han tra loi 15/04/2026");
    expect(renderMessage("petition.accepted", "sms", withoutDue).text).toBe(
      `UBND phuong Nguyen Thai Binh da thu ly kien nghi ABCD-EFGH-JKLM. Theo doi: ${petition.link}`,
    );
  });

  it("keeps the diacritics on Zalo", () => {
    expect(renderMessage("petition.answered", "zalo", petition).text).toBe(
      `UBND phường Nguyễn Thái Bình đã trả lời kiến nghị ABCD-EFGH-JKLM. Xem trả lời: ${petition.link}`,
    );
  });
});
