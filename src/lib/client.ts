import type { Context } from "hono";

/** The client a throttle counts: Cloudflare's CF-Connecting-IP (tests and benches set it per simulated client). */
export const clientKey = (c: Context) => c.req.header("cf-connecting-ip") ?? "unknown";
