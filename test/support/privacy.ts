import { expect } from "vitest";
import { api } from "./factory";
import { freshIp } from "./sessions";

/** Public responses collected for a privacy scan: each with the request that produced it. */
export class PublicViews {
  readonly bodies: string[] = [];

  /** Fetches a public route as an anonymous visitor (pages as a browser asks for them) and keeps what it answered. */
  async collect(path: string, init: { method?: string; body?: unknown } = {}) {
    const response = await api(init.method ?? "GET", path, { body: init.body, headers: { "cf-connecting-ip": freshIp(), accept: "text/html, */*" } });
    this.bodies.push(`${init.method ?? "GET"} ${path} → ${response.status}\n${await response.text()}`);
    return response.status;
  }

  /**
   * No personal value appears in any of them, in any common spelling: phones also as +84… and without the leading
   * 0, emails in any case, names also folded to lower case.
   */
  expectNone(secrets: string[]) {
    const spellings = secrets.flatMap((secret) => {
      const variants = [secret, secret.toLowerCase()];
      if (/^0\d{9}$/.test(secret)) variants.push(secret.slice(1), `+84${secret.slice(1)}`, `84${secret.slice(1)}`);
      return variants;
    });
    for (const body of this.bodies) for (const secret of spellings) expect(body, `${body.slice(0, 120)} … must not contain ${secret}`).not.toContain(secret);
  }
}
