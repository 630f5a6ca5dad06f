/** What officials (petition page) and the resident (tracking page) see of the messages sent. */
import { env } from "cloudflare:test";
import { type Context, Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { catalog } from "../../src/messages";
import { NotificationsTable, SentMessages } from "../../src/notifications/components";
import type { OutboxRow } from "../../src/notifications/store";
import { residentNotificationsStatement, subjectNotificationsStatement, toNotificationView, toResidentNotification } from "../../src/notifications/store";
import { makeTranslate } from "../../src/web/i18n";
import { petitionMessage, subjectId, writeMessages } from "./support";

/** Renders a component as a page would, in one language. */
async function render(locale: "vi" | "en", body: (c: Context<AppEnv>) => unknown): Promise<string> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("locale", locale);
    c.set("translate", makeTranslate(catalog, locale));
    await next();
  });
  app.get("/", (c) => c.html(body(c) as string));
  return (await app.request("/")).text();
}

async function petitionWithMessages(options: { protected: boolean }) {
  const petitionId = subjectId();
  await writeMessages([
    petitionMessage({ petitionId, protected: options.protected, kind: "petition.accepted", event: `petition:${petitionId}:v2` }),
    petitionMessage({
      petitionId,
      protected: options.protected,
      kind: "petition.accepted",
      event: `petition:${petitionId}:v2`,
      channel: "sms",
      address: "0912345678",
    }),
  ]);
  await env.DB.prepare("UPDATE outbox SET status = 'skipped', error = 'not_configured' WHERE petition_id = ? AND channel = 'sms'").bind(petitionId).run();
  await env.DB.prepare("UPDATE outbox SET status = 'sent', sent_at = created_at WHERE petition_id = ? AND channel = 'email'").bind(petitionId).run();
  return petitionId;
}

const officialsItems = async (petitionId: string) =>
  (await subjectNotificationsStatement(env.DB, { petitionId }).all<OutboxRow>()).results.map(toNotificationView);

describe("on the petition page (officials)", () => {
  it("lists kind, recipient, channel, address and status in plain words", async () => {
    const html = await render("vi", async (c) => <NotificationsTable c={c} items={await officialsItems(await petitionWithMessages({ protected: false }))} />);
    expect(html).toContain("Tin nhắn đã gửi");
    expect(html).toContain("Đơn đã được thụ lý");
    expect(html).toContain("Người gửi đơn");
    expect(html).toContain("Thư điện tử");
    expect(html).toContain("binh.nguyen@example.vn");
    expect(html).toContain("Đã gửi");
    expect(html.replace(/<[^>]+>/g, "")).toContain("Không gửi (kênh này chưa được cài đặt)");
    expect(html).not.toMatch(/not_configured|petition\.accepted|skipped/);
  });

  it("masks a denouncer's addresses", async () => {
    const html = await render("vi", async (c) => <NotificationsTable c={c} items={await officialsItems(await petitionWithMessages({ protected: true }))} />);
    expect(html).toContain("09•••••678");
    expect(html).toContain("b•••@example.vn");
    expect(html).not.toContain("0912345678");
    expect(html).not.toContain("binh.nguyen");
  });

  it("says so when nothing was sent, in English too", async () => {
    expect(await render("en", (c) => <NotificationsTable c={c} items={[]} />)).toContain("No messages yet.");
  });
});

describe("on the tracking page (the resident)", () => {
  it("shows what was sent, always masked", async () => {
    const petitionId = await petitionWithMessages({ protected: false });
    const { results } = await residentNotificationsStatement(env.DB, `TRACK${petitionId}`).all<OutboxRow>();
    const html = await render("vi", (c) => <SentMessages c={c} items={results.map(toResidentNotification)} />);
    expect(html).toContain("Tin nhắn đã gửi cho ông/bà");
    expect(html).toContain("Đơn đã được thụ lý");
    expect(html).toContain("b•••@example.vn");
    expect(html).toContain("09•••••678");
    expect(html).not.toContain("0912345678");
    expect(html).not.toContain("binh.nguyen");
  });

  it("shows nothing when nothing was sent", async () => {
    expect(await render("vi", (c) => <SentMessages c={c} items={[]} />)).toBe("");
  });
});
