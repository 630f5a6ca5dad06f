/**
 * Sends fuzz plans and checks each answer and what storage looks like after every refused request (or,
 * against a dev server where a look at storage costs a process, after every batch with no accepted write).
 */
import fc from "fast-check";
import {
  checkAnswer,
  describePlan,
  encodeText,
  FuzzReport,
  type Identity,
  KnownValues,
  materialiseBody,
  type Operation,
  operationRequests,
  pageRequests,
  planPath,
  type Received,
  type RequestPlan,
  type Sent,
  type StorageState,
  stateChanges,
} from "./harness";

export type FuzzTarget = {
  baseUrl: string;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  identities: Identity[];
  /** Rows per table and KV keys now. */
  snapshot: () => Promise<StorageState>;
  /** Tables that count refused requests on purpose (sign-in failures): left out of the comparison. */
  countsRefusals: readonly string[];
  /** KV key prefixes whose keys a refused request may remove (dead sessions). */
  forgettable?: readonly string[];
  /** Bytes of an oversized body: just over the app's limit. */
  oversizeBytes: number;
  /**
   * Called after a request by this identity was accepted (a sign-out, a password change may end its session):
   * returns the identity to use from now on — the same while its session lives, a new sign-in otherwise.
   */
  renew?: (identity: Identity) => Promise<Identity>;
};

export type FuzzSuite = { operations: Operation[]; pageRoutes: string[]; fieldNames: string[] };

/** The arbitrary of every request: each API operation and each POST page route weighs the same. */
export function allRequests(suite: FuzzSuite, identities: string[], oversizeBytes: number): fc.Arbitrary<RequestPlan> {
  const api = suite.operations.map((operation) => operationRequests(operation, identities, suite.fieldNames, oversizeBytes));
  const pages = suite.pageRoutes.map((route) => pageRequests(route, identities, suite.fieldNames, oversizeBytes));
  return fc.oneof(...api, ...pages);
}

const unsafe = (method: string) => method !== "GET" && method !== "HEAD";

export class Fuzzer {
  readonly report = new FuzzReport();
  readonly known = new KnownValues();
  private readonly templates = new Map<string, string>();

  constructor(
    private readonly target: FuzzTarget,
    suite: FuzzSuite,
  ) {
    for (const operation of suite.operations) this.templates.set(operation.key, operation.path);
    for (const route of suite.pageRoutes) this.templates.set(`PAGE POST ${route}`, route);
  }

  /** Sends one plan and records its answer; returns what was sent and received. */
  async send(plan: RequestPlan): Promise<{ sent: Sent; received: Received }> {
    const page = plan.target.startsWith("PAGE ");
    const identity = this.target.identities[plan.identity];
    const path = planPath(this.templates.get(plan.target) ?? "/", plan, this.known);
    const query = plan.query.map(([name, value]) => `${encodeText(name)}=${encodeText(value)}`).join("&");
    const url = `${this.target.baseUrl}${path}${query ? `?${query}` : ""}`;
    const origin = new URL(this.target.baseUrl).origin;
    const headers: Record<string, string> = page
      ? { ...identity.pageHeaders, accept: "text/html", origin: plan.headers.origin === "same" ? origin : (plan.headers.origin ?? origin) }
      : { ...plan.headers, ...(plan.headers.origin === "same" ? { origin } : {}), ...identity.apiHeaders };
    const { body, contentType } = materialiseBody(plan.body, this.known);
    if (contentType !== undefined) headers["content-type"] = contentType;
    const sent: Sent = { plan, url, identity: identity.name, page };
    let response: Response;
    try {
      response = await this.target.fetch(url, { method: plan.method, headers, body, redirect: "manual" });
    } catch (error) {
      // The client refused to send it (an invalid header value): not the app's answer, not counted.
      return { sent, received: { status: 0, contentType: "", text: String(error), location: null } };
    }
    const text = await response.text();
    if (response.status < 400 && unsafe(plan.method) && this.target.renew) {
      this.target.identities[plan.identity] = await this.target.renew(identity);
    }
    const received: Received = {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      text,
      location: response.headers.get("location"),
    };
    if (received.status >= 200 && received.status < 300 && received.contentType.startsWith("application/json")) {
      try {
        this.known.harvest(JSON.parse(text));
      } catch {
        // not JSON after all
      }
    }
    return { sent, received };
  }

  private check(sent: Sent, received: Received): void {
    if (received.status === 0) return;
    this.report.record(sent.plan.target, received.status);
    const problem = checkAnswer(sent, received);
    if (problem) this.report.fail(sent.plan.target, problem, `${describePlan(sent)} → ${received.text.slice(0, 200)}`);
  }

  /**
   * Sends the plans one at a time; after each refused write, storage must be as it was before it (refused
   * reads are covered by the next comparison). An accepted request may change storage: the baseline is
   * taken again before the next write.
   */
  async runEach(plans: RequestPlan[], onProgress?: (done: number) => void): Promise<void> {
    let baseline: StorageState | null = null;
    for (const [index, plan] of plans.entries()) {
      onProgress?.(index);
      if (unsafe(plan.method) && !baseline) baseline = await this.settledSnapshot();
      const { sent, received } = await this.send(plan);
      this.check(sent, received);
      if (received.status > 0 && received.status < 400) {
        baseline = null;
        continue;
      }
      if (!unsafe(plan.method) || !baseline) continue;
      const after = await this.target.snapshot();
      const changes = stateChanges(baseline, after, this.target.countsRefusals, this.target.forgettable);
      if (changes.length) this.report.fail(plan.target, `refused (${received.status}) but changed storage: ${changes.join("; ")}`, describePlan(sent));
      baseline = after;
    }
  }

  /**
   * Storage once the work earlier answers left in the background (a view's audit entry, a snapshot refresh)
   * has landed: snapshots until two in a row agree, so it is not charged to the next refused request.
   */
  private async settledSnapshot(): Promise<StorageState> {
    let previous = await this.target.snapshot();
    for (let attempt = 0; attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const current = await this.target.snapshot();
      if (stateChanges(previous, current, []).length === 0) return current;
      previous = current;
    }
    return previous;
  }

  /**
   * Sends the plans in batches, `concurrency` at a time; a batch in which no write was accepted must leave
   * storage as it found it. For a dev server, where each look at storage is a separate process.
   */
  async runBatches(
    plans: RequestPlan[],
    batchSize: number,
    concurrency: number,
    onBatch?: (done: number) => void,
  ): Promise<{ checkedBatches: number; batches: number }> {
    let baseline = await this.target.snapshot();
    let checkedBatches = 0;
    let batches = 0;
    for (let start = 0; start < plans.length; start += batchSize) {
      const batch = plans.slice(start, start + batchSize);
      let acceptedWrite = false;
      const refused: Sent[] = [];
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const plan = batch[next++];
          const { sent, received } = await this.send(plan);
          this.check(sent, received);
          if (unsafe(plan.method) && received.status > 0 && received.status < 400) acceptedWrite = true;
          if (received.status >= 400) refused.push(sent);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const after = await this.target.snapshot();
      batches += 1;
      if (!acceptedWrite) {
        checkedBatches += 1;
        const changes = stateChanges(baseline, after, this.target.countsRefusals, this.target.forgettable);
        if (changes.length) {
          const suspects = refused.filter((sent) => unsafe(sent.plan.method)).map((sent) => sent.plan.target);
          this.report.fail(
            `batch of ${batch.length}`,
            `all writes refused but storage changed: ${changes.slice(0, 5).join("; ")}`,
            [...new Set(suspects)].join(", "),
          );
        }
      }
      baseline = after;
      onBatch?.(start + batch.length);
    }
    return { checkedBatches, batches };
  }
}
