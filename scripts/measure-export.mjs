// `node scripts/measure-export.mjs`: does a large export stream in constant memory? Starts `wrangler dev` on
// 127.0.0.1 with its own local state, generates petitions (100,000 by default, with submitters), signs in as the
// demo supervisor and downloads petitions.csv and petitions.xlsx, each over one connection: about 10,000 rows
// (30 days of the generated spread) and all 100,000 (the province), then the 10,000 again. For each it reports
// wall time, rows per second, bytes, the time to the first byte, and memory:
// - the workerd process that runs the worker (and local D1): VmRSS sampled every 25 ms and the kernel's peak
//   VmHWM, reset before each export (`clear_refs`);
// - the worker isolate's JS heap (Runtime.getHeapUsage over the dev server's inspector): what Cloudflare's
//   128 MB per-isolate limit is about;
// - the peak of wrangler's own proxy process (the other workerd, which only relays the response locally).
// Flat from 10k to 100k means the export streams.
// MEASURE_ROWS (default 100000), MEASURE_PORT (else BENCH_PORT, else 8794), MEASURE_KEEP_STATE=1 reuses the state.
// Absolute figures depend on this machine (2 cores; client, wrangler and D1's SQLite on the same machine).
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import WebSocket from "ws";
import { DEMO_PASSWORD } from "./demo-data.mjs";
import { generatePetitions } from "./generate-petitions.mjs";
import { applyLocalMigrations, executeLocalSql, queryLocal, root, startDevServer } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

const total = Number(process.env.MEASURE_ROWS ?? 100_000);
const port = Number(process.env.MEASURE_PORT ?? process.env.BENCH_PORT ?? 8794);
const persistTo = join(root, ".wrangler", "measure-state");

/** Submitters for the generated petitions, so the export joins personal data the way real ones do. */
function generateSubmitters(count) {
  const statements = [];
  for (let from = 1; from <= count; from += 5_000) {
    const to = Math.min(count, from + 4_999);
    statements.push(`INSERT INTO petition_submitters (petition_id, name, phone, email, address, citizen_id)
      SELECT id, 'Nguyễn Thị Bình ' || substr(id, -6), '0912' || substr(id, -6), 'dan' || substr(id, -6) || '@example.vn',
        'Thôn Đông, xã An Khê, tỉnh Hưng Yên', '0341900' || substr(id, -5)
      FROM petitions WHERE id BETWEEN printf('00000000-0000-4000-8000-%012d', ${from}) AND printf('00000000-0000-4000-8000-%012d', ${to})
      ON CONFLICT (petition_id) DO NOTHING;`);
  }
  const file = join(mkdtempSync(join(tmpdir(), "measure-")), "submitters.sql");
  writeFileSync(file, statements.join("\n"));
  executeLocalSql(file, persistTo);
}

/** The workerd processes this dev server started (its process group). */
function workerdPids(groupId) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      if (stat.slice(stat.indexOf("(") + 1, close) === "workerd" && Number(fields[2]) === groupId) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** TCP ports a process listens on (from /proc/net/tcp and its socket descriptors). */
function listeningPorts(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /socket:\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === "0A" && inodes.has(fields[9]))
    .map((fields) => Number.parseInt(fields[1].split(":")[1], 16));
}

/** A memory figure of a process in MiB (0 once the process is gone, so a sampler never throws). */
function mib(pid, field) {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) a process has used: the worker's JS, D1's SQLite and the runtime together. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Resets the kernel's peak-RSS counter (VmHWM) to the current RSS. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * The worker isolate's heap, read over the dev server's inspector (Chrome DevTools Protocol). workerd does not
 * offer `HeapProfiler.collectGarbage`, but a heap snapshot starts with a full collection: the heap used right
 * after one is what the isolate really retains.
 */
async function openInspector(inspectorPort) {
  const [target] = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  // The inspector proxy only accepts local origins.
  const socket = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: "http://localhost" } });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let id = 0;
  const pending = new Map();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    if (message.id === undefined) return; // events, such as the snapshot's chunks: not needed
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const messageId = ++id;
      pending.set(messageId, resolve);
      socket.send(JSON.stringify({ id: messageId, method, params }));
    });
  return {
    heapUsage: () => call("Runtime.getHeapUsage"),
    /** MiB of JS heap in use after a full collection. */
    retainedHeap: async () => {
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      return (await call("Runtime.getHeapUsage")).usedSize / 1_048_576;
    },
    close: () => socket.close(),
  };
}

/**
 * The rows of an XLSX file's sheet: the sheet entry found through the ZIP's central directory, inflated, its
 * `<row` elements counted (the header row not included). Reading the file back this way also proves it whole.
 */
function xlsxRows(file) {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = file.readUInt32LE(end + 16);
  for (let entry = 0; entry < file.readUInt16LE(end + 10); entry++) {
    const nameLength = file.readUInt16LE(at + 28);
    const name = file.toString("utf8", at + 46, at + 46 + nameLength);
    if (name === "xl/worksheets/sheet1.xml") {
      const local = file.readUInt32LE(at + 42);
      const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
      const xml = inflateRawSync(file.subarray(start, start + file.readUInt32LE(at + 20))).toString("utf8");
      return (xml.match(/<row /g)?.length ?? 1) - 1;
    }
    at += 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  throw new Error("no sheet in the XLSX file");
}

async function measure({ url, token, worker, proxy, inspector, format, slow = false }) {
  // The snapshot (a full collection) first, then a pause, then the peak counter: the snapshot's own memory is not counted.
  const heapBefore = await inspector.retainedHeap();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const peakReset = resetPeak(worker);
  const before = { rss: mib(worker, "VmRSS"), heap: heapBefore };
  // Heap samples are answered only when the isolate is between tasks: during a busy export there may be none.
  const peak = { rss: before.rss, heapUsed: 0, heapTotal: 0, proxy: mib(proxy, "VmRSS") };
  let asking = false;
  const sampler = setInterval(() => {
    peak.rss = Math.max(peak.rss, mib(worker, "VmRSS"));
    peak.proxy = Math.max(peak.proxy, mib(proxy, "VmRSS"));
    if (asking) return;
    asking = true;
    inspector.heapUsage().then((usage) => {
      asking = false;
      peak.heapUsed = Math.max(peak.heapUsed, usage.usedSize / 1_048_576);
      peak.heapTotal = Math.max(peak.heapTotal, usage.totalSize / 1_048_576);
    });
  }, 25);
  const cpuBefore = cpuSeconds(worker);
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  const firstByteMs = performance.now() - started;
  let bytes = 0;
  let lineEnds = 0;
  // The XLSX file is kept (deflated, about a tenth of its sheet) to count its rows once it is whole.
  const kept = [];
  for await (const chunk of response.body) {
    bytes += chunk.length;
    if (format === "csv") for (const byte of chunk) if (byte === 10) lineEnds++;
    if (format === "xlsx") kept.push(chunk);
    // A slow client (a phone on a poor line): if the worker read ahead of it, its memory would grow.
    if (slow) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const rows = format === "csv" ? lineEnds - 1 : xlsxRows(Buffer.concat(kept));
  return {
    rows,
    seconds,
    firstByteMs,
    rowsPerSecond: rows / seconds,
    megabytes: bytes / 1_048_576,
    workerCpuSeconds: cpuSeconds(worker) - cpuBefore,
    tripsBeforeStreaming: response.headers.get("x-d1-round-trips"),
    workerRssBefore: before.rss,
    workerRssPeakSampled: Math.max(peak.rss, mib(worker, "VmRSS")),
    workerVmHwm: peakReset ? mib(worker, "VmHWM") : null,
    heapRetainedBefore: before.heap,
    heapUsedPeak: peak.heapUsed,
    heapTotalPeak: peak.heapTotal,
    heapRetainedAfter: await inspector.retainedHeap(),
    proxyRssPeak: peak.proxy,
  };
}

if (!process.env.MEASURE_KEEP_STATE) rmSync(persistTo, { recursive: true, force: true });
applyLocalMigrations(persistTo);
seed(persistTo);
const generationStarted = Date.now();
const generated = generatePetitions(total, persistTo);
generateSubmitters(total);
const submitters = queryLocal("SELECT count(*) AS n FROM petition_submitters", persistTo)[0].n;
console.log(`${generated} petitions, ${submitters} submitters (generated in ${((Date.now() - generationStarted) / 1000).toFixed(1)} s)`);

// Another server on the port would be measured instead of ours: refuse to start.
const occupied = await fetch(`http://127.0.0.1:${port}/healthz`).then(
  () => true,
  () => false,
);
if (occupied) throw new Error(`port ${port} is already in use: set MEASURE_PORT`);
const server = await startDevServer({ port, persistTo });
const results = [];
let inspector;
try {
  const pids = workerdPids(server.child.pid);
  const proxy = pids.find((pid) => listeningPorts(pid).includes(port));
  const worker = pids.find((pid) => pid !== proxy);
  if (!proxy || !worker) throw new Error(`expected wrangler's proxy and the worker's workerd, found ${pids.join(", ")}`);
  inspector = await openInspector(port + 10_000); // scripts/lib/wrangler.mjs gives each dev server this inspector port
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "giamsat@demo.doithoai.vn", password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { token } = await login.json();
  // Warm-up: the first export compiles the code paths; it is not measured.
  await (
    await fetch(`${server.baseUrl}/api/v1/exports/petitions.xlsx?from=2026-01-01&to=2026-01-01`, { headers: { authorization: `Bearer ${token}` } })
  ).arrayBuffer();
  console.log(`workerd running the worker: pid ${worker}, ${mib(worker, "VmRSS").toFixed(0)} MiB; wrangler's proxy: pid ${proxy}`);
  // The generator spreads petitions evenly over 300 days from 01/01/2026: 30 days hold a tenth of them.
  const tenth = "?from=2026-01-01&to=2026-01-30";
  // 10k and 100k alternate, twice over, so that both are seen cold and at the process's steady state; the last
  // download reads slowly.
  const plan = [
    ["csv", tenth],
    ["csv", ""],
    ["xlsx", tenth],
    ["xlsx", ""],
    ["csv", tenth],
    ["csv", ""],
    ["xlsx", tenth],
    ["xlsx", ""],
    ["csv", "", "slow"],
  ];
  console.log(
    "format    rows      s  rows/s     MiB  1st byte  CPU s | worker RSS before → peak (VmHWM) | JS heap sampled peak used (total) | retained after GC before → after | proxy peak",
  );
  for (const [format, query, slow] of plan) {
    const url = `${server.baseUrl}/api/v1/exports/petitions.${format}${query}`;
    const result = await measure({ url, token, worker, proxy, inspector, format, slow: slow === "slow" });
    results.push({ format, query, slow: slow === "slow", ...result });
    const f = (value, digits = 0) => (value === null || (digits > 0 && value === 0) ? "n/a" : value.toFixed(digits));
    console.log(
      `${(format + (slow ? "*" : "")).padEnd(5)} ${String(result.rows).padStart(7)} ${f(result.seconds, 1).padStart(6)} ${f(result.rowsPerSecond).padStart(7)} ${f(result.megabytes, 1).padStart(7)} ${f(result.firstByteMs).padStart(6)} ms ${f(result.workerCpuSeconds, 1).padStart(6)} | ` +
        `${f(result.workerRssBefore)} → ${f(result.workerRssPeakSampled)} (${f(result.workerVmHwm)}) MiB | ` +
        `${f(result.heapUsedPeak, 1)} (${f(result.heapTotalPeak, 1)}) MiB | ${f(result.heapRetainedBefore, 1)} → ${f(result.heapRetainedAfter, 1)} MiB | ${f(result.proxyRssPeak)} MiB`,
    );
  }
  console.log("* read slowly: 20 ms pause after each chunk the client receives");
} finally {
  inspector?.close();
  server.stop();
}
try {
  writeFileSync(join(root, "bench-results", "measure-export.json"), JSON.stringify({ at: new Date().toISOString(), total, results }, null, 2));
} catch {
  // no bench-results folder: the table above is the report
}
