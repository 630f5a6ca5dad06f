/**
 * A Node-side service binding for tests (`env.TEST_HOST`, wired in vitest.config.ts). It starts a recording HTTP
 * server on 127.0.0.1 — the SMS/Zalo gateway the worker posts to — and finds the files the local `send_email`
 * binding writes. It runs in the vitest process, outside workerd (hence plain JavaScript: no Node types there).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

/** @type {import("node:http").Server | null} */
let server = null;
let baseUrl = "";
/** @type {{ method: string; path: string; headers: Record<string, string>; body: string }[]} */
const recorded = [];
const startedAt = Date.now();

/** The recording gateway: `/status/NNN` answers with that status, anything else 200 with a message id. */
async function startRecorder() {
  if (server) return baseUrl;
  const recorder = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      recorded.push({ method: request.method ?? "", path: request.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = Number(request.url?.match(/^\/status\/(\d{3})/)?.[1] ?? 200);
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(status < 300 ? { messageId: `gw-${recorded.length}` } : { error: "refused" }));
    });
  });
  await new Promise((resolve) => recorder.listen(0, "127.0.0.1", () => resolve(undefined)));
  recorder.unref();
  const address = recorder.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  server = recorder;
  return baseUrl;
}

/** The text files of emails the local binding wrote (miniflare's temporary folders) that contain a marker. */
async function findEmailFiles(marker) {
  const found = [];
  const roots = (await readdir(tmpdir())).filter((name) => name.startsWith("miniflare-"));
  for (const root of roots) {
    const folder = path.join(tmpdir(), root, "files", "email-text");
    const info = await stat(folder).catch(() => null);
    if (!info || info.mtimeMs < startedAt - 60_000) continue;
    for (const name of await readdir(folder)) {
      const text = await readFile(path.join(folder, name), "utf8");
      if (text.includes(marker)) found.push({ file: path.join(folder, name), text });
    }
  }
  return found;
}

/** @param {Request} request */
export async function testHost(request) {
  const url = new URL(request.url);
  if (url.pathname === "/recorder/start") return Response.json({ url: await startRecorder() });
  if (url.pathname === "/recorder/requests") return Response.json(recorded);
  const marker = url.searchParams.get("marker") ?? "\u0000";
  if (url.pathname === "/email") return Response.json((await findEmailFiles(marker))[0] ?? null);
  if (url.pathname === "/email/count") return Response.json({ count: (await findEmailFiles(marker)).length });
  return new Response("no such route", { status: 404 });
}
