/**
 * The `notifications` queue's consumer, driven with createMessageBatch/getQueueResult: what it sends (the local
 * email file, the recording gateway on 127.0.0.1), what it records in D1, and what it acks or retries.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { gatewaySignature } from "../../src/notifications/channels/gateway";
import { isGsm7 } from "../../src/notifications/rules";
import { petitionMessage, rowById, rowsOf, subjectId, writeMessages } from "./support";

type Recorded = { method: string; path: string; headers: Record<string, string>; body: string };

let gateway = "";
beforeAll(async () => {
  gateway = ((await (await env.TEST_HOST.fetch("http://host/recorder/start")).json()) as { url: string }).url;
});

const recordedRequests = async () => (await (await env.TEST_HOST.fetch("http://host/recorder/requests")).json()) as Recorded[];
const emailFiles = async (marker: string) =>
  ((await (await env.TEST_HOST.fetch(`http://host/email/count?marker=${encodeURIComponent(marker)}`)).json()) as { count: number }).count;
const emailFile = async (marker: string) =>
  (await (await env.TEST_HOST.fetch(`http://host/email?marker=${encodeURIComponent(marker)}`)).json()) as { file: string; text: string } | null;

/** The environment with the gateway pointed at the recorder (`/status/NNN` makes it answer NNN). */
const withGateway = (path = "/send", overrides: Record<string, string> = {}) => ({ ...env, GATEWAY_URL: `${gateway}${path}`, ...overrides }) as unknown as Env;

let messageCounter = 0;
/** Runs the worker's queue handler on `ids` as the `queue` would deliver them, `attempts` times tried before. */
async function deliver(ids: string[], options: { queue?: string; attempts?: number; environment?: Env; body?: (id: string) => unknown } = {}) {
  const batch = createMessageBatch(
    options.queue ?? "notifications",
    ids.map((id) => ({ id: `m${++messageCounter}`, timestamp: new Date(), attempts: options.attempts ?? 1, body: options.body ? options.body(id) : { id } })),
  );
  // getQueueResult reports which messages were retried, not their delay: observe the calls (they still go through).
  const delays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (retryOptions) => {
      delays.push(retryOptions?.delaySeconds);
      retry(retryOptions);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, options.environment ?? env, ctx);
  const result = await getQueueResult(batch, ctx);
  return { batch, result, delays };
}

/** Seconds from the row's last update to the time the relay may take it again: the retry delay plus the grace. */
const relayWaitSeconds = (row: { next_attempt_at: string; updated_at: string } | null) =>
  row ? (Date.parse(row.next_attempt_at) - Date.parse(row.updated_at)) / 1000 : Number.NaN;

/** One fresh message about a new petition; `marker` makes its email file findable. */
async function newMessage(overrides: Parameters<typeof petitionMessage>[0] extends infer T ? Partial<T> : never = {}) {
  const petitionId = subjectId();
  const write = await writeMessages([petitionMessage({ petitionId, data: { unitName: "UBND xã An Khê", trackingCode: `MARK-${petitionId}` }, ...overrides })]);
  return { id: write.ids[0], marker: `MARK-${petitionId}`, petitionId };
}

describe("email", () => {
  it("sends through send_email (the local binding writes the file), marks the row sent with the message id, acks", async () => {
    const { id, marker } = await newMessage();
    const { result, batch } = await deliver([id]);
    expect(result.explicitAcks).toEqual([batch.messages[0].id]);
    expect(result.retryMessages).toEqual([]);
    const row = await rowById(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, error: null, claimed_until: null });
    expect(row?.provider_message_id).toMatch(/^<.+@doithoai\.example\.vn>$/);
    expect(row?.sent_at).toBeTruthy();
    const file = await emailFile(marker);
    expect(file?.file).toMatch(/email-text/);
    expect(file?.text).toContain(`UBND xã An Khê đã trả lời kiến nghị của ông/bà (mã theo dõi ${marker})`);
    expect(file?.text).toContain("https://doithoai.example.vn/track/");
  });

  it("a redelivered message of a sent row is acked without sending twice", async () => {
    const { id, marker } = await newMessage();
    await deliver([id]);
    const sentRow = await rowById(id);
    const again = await deliver([id], { attempts: 2 });
    expect(again.result.explicitAcks).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "sent", attempts: 1, provider_message_id: sentRow?.provider_message_id });
    expect(await emailFiles(marker)).toBe(1);
  });

  it("two copies in one batch (relay and redelivery) send once", async () => {
    const { id } = await newMessage();
    const { result } = await deliver([id, id]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await rowById(id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("without a sender (EMAIL_FROM empty) the email is skipped, never an error", async () => {
    const { id } = await newMessage();
    const { result } = await deliver([id], { environment: { ...env, EMAIL_FROM: "" } as unknown as Env });
    expect(result.explicitAcks).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "skipped", error: "not_configured" });
  });
});

describe("SMS and Zalo through the HTTP gateway", () => {
  it("posts one signed JSON request per message and records the gateway's id", async () => {
    const { id, marker } = await newMessage({ channel: "sms", address: "0912345678", event: `petition:${subjectId()}:v2` });
    const before = (await recordedRequests()).length;
    const { result } = await deliver([id], { environment: withGateway() });
    expect(result.explicitAcks).toHaveLength(1);
    const requests = (await recordedRequests()).slice(before);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["idempotency-key"]).toBe(id);
    const timestamp = request.headers["x-signature-timestamp"];
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers["x-signature"]).toBe(`sha256=${await gatewaySignature("test-gateway-secret", timestamp, request.body)}`);
    expect(request.headers["x-signature"]).not.toBe(`sha256=${await gatewaySignature("another-secret", timestamp, request.body)}`);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ id, channel: "sms", to: "84912345678", kind: "petition.answered" });
    expect(body.text).toContain(`UBND xa An Khe da tra loi kien nghi ${marker}`);
    expect(body.text.length).toBeLessThanOrEqual(160);
    expect(isGsm7(body.text)).toBe(true);
    const row = await rowById(id);
    expect(row).toMatchObject({ status: "sent", provider_message_id: `gw-${before + 1}` });
  });

  it("Zalo keeps the diacritics", async () => {
    const { id } = await newMessage({ channel: "zalo", address: "0987654321" });
    const before = (await recordedRequests()).length;
    await deliver([id], { environment: withGateway() });
    const [request] = (await recordedRequests()).slice(before);
    expect(JSON.parse(request.body)).toMatchObject({ channel: "zalo", to: "84987654321" });
    expect(JSON.parse(request.body).text).toContain("UBND xã An Khê đã trả lời kiến nghị");
  });

  it("an unavailable gateway (503) leaves the row pending and retries with growing delays", async () => {
    const { id } = await newMessage({ channel: "sms", address: "0912345678" });
    const first = await deliver([id], { environment: withGateway("/status/503") });
    expect(first.result.retryMessages).toEqual([{ msgId: first.batch.messages[0].id }]);
    expect(first.delays).toEqual([30]);
    const afterFirst = await rowById(id);
    expect(afterFirst).toMatchObject({ status: "pending", attempts: 1, error: "unreachable", claimed_until: null });
    // The relay leaves it alone until the queue's retry is due (30 s) plus the grace (120 s).
    expect(relayWaitSeconds(afterFirst)).toBe(150);

    const second = await deliver([id], { environment: withGateway("/status/503"), attempts: 2 });
    expect(second.delays).toEqual([60]);
    const afterSecond = await rowById(id);
    expect(afterSecond).toMatchObject({ status: "pending", attempts: 2 });
    expect(relayWaitSeconds(afterSecond)).toBe(180);

    const third = await deliver([id], { environment: withGateway(), attempts: 3 });
    expect(third.result.explicitAcks).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "sent", attempts: 3, error: null });
  });

  it("a gateway that cannot be reached at all is retried too", async () => {
    const { id } = await newMessage({ channel: "sms", address: "0912345678" });
    const { result } = await deliver([id], { environment: { ...env, GATEWAY_URL: "http://127.0.0.1:9/send" } as unknown as Env });
    expect(result.retryMessages).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "pending", error: "unreachable" });
  });

  it("a refusal (400) is final: failed, acked, not retried", async () => {
    const { id } = await newMessage({ channel: "sms", address: "0912345678" });
    const { result } = await deliver([id], { environment: withGateway("/status/400") });
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "failed", error: "rejected" });
  });

  it("without GATEWAY_URL (the default) SMS and Zalo are skipped, never an error, and nothing is posted", async () => {
    const { id } = await newMessage({ channel: "sms", address: "0912345678" });
    const before = (await recordedRequests()).length;
    const { result } = await deliver([id]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "skipped", error: "not_configured" });
    expect(await recordedRequests()).toHaveLength(before);
  });

  it("without the secret the gateway counts as not configured", async () => {
    const { id } = await newMessage({ channel: "zalo", address: "0912345678" });
    await deliver([id], { environment: withGateway("/send", { GATEWAY_SECRET: "" }) });
    expect(await rowById(id)).toMatchObject({ status: "skipped", error: "not_configured" });
  });
});

describe("what the consumer leaves alone", () => {
  it("a row held by another consumer (its lease running) is acked, not sent", async () => {
    const { id } = await newMessage();
    await env.DB.prepare("UPDATE outbox SET claimed_until = ? WHERE id = ?")
      .bind(new Date(Date.now() + 60_000).toISOString(), id)
      .run();
    const { result } = await deliver([id]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("a row whose hour has not come (a reminder) is acked and stays pending, unsent", async () => {
    const petitionId = subjectId();
    await writeMessages([petitionMessage({ petitionId, kind: "session.reminder", sendAfter: new Date(Date.now() + 3_600_000).toISOString() })]);
    const [row] = await rowsOf(petitionId);
    const { result } = await deliver([row.id]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await rowById(row.id)).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("an unknown id and a malformed body are acked", async () => {
    const { result } = await deliver(["0".repeat(32), "x"], { body: (id) => (id === "x" ? { nope: true } : { id }) });
    expect(result.explicitAcks).toHaveLength(2);
  });
});

describe("the dead-letter queue", () => {
  it("marks a row still pending after the last retry failed (undelivered); a sent row stays sent", async () => {
    const pending = await newMessage({ channel: "sms", address: "0912345678" });
    const sent = await newMessage();
    await deliver([sent.id]);
    const { result } = await deliver([pending.id, sent.id], { queue: "notifications-dlq", attempts: 6 });
    expect(result.ackAll).toBe(true);
    expect(await rowById(pending.id)).toMatchObject({ status: "failed", error: "undelivered" });
    expect(await rowById(sent.id)).toMatchObject({ status: "sent" });
  });
});
