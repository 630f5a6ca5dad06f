/**
 * The fuzz harness: reads the app's own `/openapi.json` and turns every operation into a fast-check
 * arbitrary of hostile requests (wrong types, missing and extra fields, huge numbers, impossible dates,
 * bad JSON, wrong content types, oversized and malformed bodies, bad photos, crafted cursors and ids),
 * sent as anonymous, as each role and with a bad token. It also fuzzes every POST page route with
 * malformed multipart and oversized fields. Nothing here knows a route by name: a new operation in
 * `/openapi.json` or a new page route is fuzzed automatically.
 *
 * Used by the bounded run in `npm test` (test/fuzz/api.test.ts, through SELF) and by `npm run fuzz`
 * (test/fuzz/dev-server.fuzz.ts, against `wrangler dev`), so it imports nothing from a runtime.
 */
import fc from "fast-check";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};

type OpenApiParameter = { name: string; in: "path" | "query"; required?: boolean; schema?: JsonSchema };
type OpenApiOperation = {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  "x-roles"?: string[];
};
export type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** One operation of the API, as the fuzzer needs it. */
export type Operation = {
  key: string;
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  body?: { mediaType: string; schema: JsonSchema };
  roles: string[] | null;
};

/** Every operation of the document. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const [mediaType, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: mediaType ? { mediaType, schema: content?.schema ?? {} } : undefined,
        roles: operation["x-roles"] ?? null,
      });
    }
  }
  return operations;
}

/** Who sends a request: the headers that say so. Pages use the cookie; the API the bearer token. */
export type Identity = { name: string; apiHeaders: Record<string, string>; pageHeaders: Record<string, string> };

/**
 * Values seen in successful responses (ids, codes, dates), by the property that held them, so path
 * parameters can name real things (a real petition with a bad body reaches deeper than a random id).
 */
export class KnownValues {
  private readonly byName = new Map<string, Set<string>>();

  harvest(value: unknown, depth = 0): void {
    if (depth > 6 || value === null || typeof value !== "object") return;
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      if (typeof item === "string" && item.length > 0 && item.length <= 100) {
        const set = this.byName.get(name.toLowerCase()) ?? new Set<string>();
        if (set.size < 200) set.add(item);
        this.byName.set(name.toLowerCase(), set);
      } else this.harvest(item, depth + 1);
    }
  }

  /** Values for a parameter: those under the same name, or a name that ends with it (`unitCode` for `code`, `id` for `attachmentId`). */
  candidates(parameter: string): string[] {
    const wanted = parameter.toLowerCase();
    const found: string[] = [];
    for (const [name, values] of this.byName) {
      if (name === wanted || name.endsWith(wanted) || wanted.endsWith(name)) found.push(...values);
    }
    return found;
  }
}

// ---------------------------------------------------------------------------------------------------
// Values

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\r\n",
  "\t",
  "%00",
  "%ZZ",
  "%",
  "../../etc/passwd",
  "..%2F..%2F",
  "' OR 1=1 --",
  '"; DROP TABLE petitions; --',
  "<script>alert(1)</script>",
  "{{7*7}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, on purpose
  "${7*7}",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "9".repeat(400),
  "\u202e\u0041\u0042",
  "🧨".repeat(50),
  "\ud800",
  "Đường Nguyễn Trãi",
  "a".repeat(5000),
];

const IMPOSSIBLE_DATES = [
  "2025-02-30",
  "2025-13-01",
  "2025-00-10",
  "0000-00-00",
  "9999-99-99",
  "2025-2-3",
  "2025-02-29",
  "31/12/2025",
  "2025-12-31T25:61:00Z",
  "-001-01-01",
];

const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 0, -1, 1.5, -0.0000001, 1e21];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES) },
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.integer(),
  hostileString,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "email") return fc.emailAddress();
  if (schema.format === "date")
    return fc.date({ min: new Date("2020-01-01"), max: new Date("2031-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern, "u")).filter((s) => s.length <= (schema.maxLength ?? 400));
    } catch {
      // a pattern fast-check cannot generate from: plain strings below
    }
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.min(schema.maxLength ?? 60, minLength + 60) });
}

/**
 * A reference to a value seen in an earlier response under a property name, resolved when the request is
 * sent (what is known grows while the run goes on): a `unitCode` that names a real unit goes deeper.
 */
export class KnownRef {
  constructor(
    readonly name: string,
    readonly index: number,
  ) {}
}

/** Replaces every KnownRef in a value by a real value (or leaves a plausible string when none is known). */
export function resolveKnown(value: unknown, known: KnownValues): unknown {
  if (value instanceof KnownRef) {
    const candidates = known.candidates(value.name);
    return candidates.length ? candidates[value.index % candidates.length] : "x";
  }
  if (Array.isArray(value)) return value.map((item) => resolveKnown(item, known));
  if (value && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value))
      Object.defineProperty(copy, name, { value: resolveKnown(item, known), enumerable: true, configurable: true, writable: true });
    return copy;
  }
  return value;
}

/** Values that satisfy the schema (as far as JSON Schema says): the base the mutations start from. */
export function validValue(schema: JsonSchema, depth = 0, name?: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => validValue(choice, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return name
        ? fc.oneof(
            stringArbitrary(schema),
            fc.nat().map((index) => new KnownRef(name, index)),
          )
        : stringArbitrary(schema);
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return depth > 4 ? fc.constant([]) : fc.array(validValue(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case "object":
      return depth > 4 ? fc.constant({}) : objectArbitrary(schema, depth, false);
    default:
      return anyJson;
  }
}

/** Values that break the schema: wrong type, out of range, too long, impossible dates, bad patterns. */
export function invalidValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const specific: fc.Arbitrary<unknown>[] = [anyJson];
  if (type === "string" || schema.enum || schema.pattern || schema.format) {
    specific.push(hostileString);
    if (schema.maxLength !== undefined) specific.push(fc.constant("x".repeat(schema.maxLength + 1)));
    if (schema.minLength) specific.push(fc.constant("x".repeat(schema.minLength - 1)));
    if (schema.format === "date") specific.push(fc.constantFrom(...IMPOSSIBLE_DATES));
    if (schema.enum) specific.push(fc.constantFrom(...schema.enum.map((value) => `${String(value).toUpperCase()} `)));
  }
  if (type === "integer" || type === "number") {
    specific.push(fc.constantFrom(...HUGE_NUMBERS));
    if (schema.maximum !== undefined) specific.push(fc.constant(schema.maximum + 1));
    if (schema.minimum !== undefined) specific.push(fc.constant(schema.minimum - 1));
    specific.push(fc.constantFrom("1", "1e3", "0x10", ""));
  }
  if (type === "object" && depth < 4) specific.push(objectArbitrary(schema, depth, true));
  if (type === "array" && depth < 4) specific.push(fc.array(invalidValue(schema.items ?? {}, depth + 1), { minLength: 1, maxLength: 3 }));
  return fc.oneof(...specific);
}

const EXTRA_KEYS = ["__proto__", "constructor", "prototype", "id", "status", "version", "role", "isAdmin", "extra", "unitCode"];

/** An object whose properties are each valid, invalid or missing, with extra keys now and then. */
function objectArbitrary(schema: JsonSchema, depth: number, hostile: boolean): fc.Arbitrary<unknown> {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const missing = required.has(name) ? (hostile ? 1 : 0) : 3;
    const field = fc.oneof(
      { weight: 8, arbitrary: validValue(property, depth + 1, name).map((value) => ({ value })) },
      { weight: hostile ? 4 : 1, arbitrary: invalidValue(property, depth + 1).map((value) => ({ value })) },
      { weight: missing, arbitrary: fc.constant(null) },
    );
    return field.map((entry) => [name, entry] as const);
  });
  const extras = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 8 })), anyJson), { maxLength: hostile ? 3 : 1 });
  return fc.tuple(fc.tuple(...fields), extras).map(([entries, extra]) => {
    const object: Record<string, unknown> = {};
    for (const [name, entry] of entries) if (entry) object[name] = entry.value;
    // defineProperty so that "__proto__" becomes a real own key and reaches JSON.stringify.
    for (const [name, value] of extra) Object.defineProperty(object, name, { value, enumerable: true, configurable: true, writable: true });
    return object;
  });
}

/** A body value: mostly one bad field in an otherwise good object, sometimes all valid, sometimes wholly wrong. */
function bodyValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: invalidValue(schema) }, { weight: 3, arbitrary: validValue(schema) }, { weight: 1, arbitrary: anyJson });
}

// ---------------------------------------------------------------------------------------------------
// Cursors, ids, query strings

/** Any generated value as text (some have no prototype, so `String()` cannot). */
const asText = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

const base64url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/** Cursors a client can craft: well-formed base64url around the wrong JSON, and not base64 at all. */
export const CRAFTED_CURSOR_JSON = [
  "[{}]",
  "[{},{}]",
  "[[]]",
  "[[],[]]",
  "[null]",
  "[null,null]",
  "[true]",
  "[true,false]",
  "[1e308]",
  "[1e308,1e308]",
  '["x"]',
  '["x",{}]',
  '[1,"x"]',
  '["2025-01-01","00000000-0000-0000-0000-000000000000"]',
  '["\\u0000","\\u0000"]',
  "{}",
  '"x"',
  "123",
  "null",
  "[]",
  '[{"a":1}]',
  `[${'"a",'.repeat(50)}"a"]`,
];

/** Elements a sort key never holds, which a SQL binding may choke on. */
const ODD_KEY_PART = fc.constantFrom<unknown>({}, [], true, false, null, 1e308, -0, "", "\u0000", { a: 1 }, [1, 2]);

export const craftedCursor: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(ODD_KEY_PART, fc.integer({ min: 1, max: 2 })).map(([part, length]) => base64url(JSON.stringify(Array(length).fill(part)))) },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(ODD_KEY_PART, fc.string({ maxLength: 8 }), fc.integer()), { minLength: 1, maxLength: 3 })
      .map((key) => base64url(JSON.stringify(key))),
  },
  { weight: 2, arbitrary: fc.constantFrom(...CRAFTED_CURSOR_JSON).map(base64url) },
  { weight: 1, arbitrary: fc.constantFrom("!!!", "====", "%ZZ", "a", "_-_-", "x".repeat(401), base64url("\u0000\uffff")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

/** A query value that should be refused: crafted for a cursor, else invalid for its schema or an overflowing number. */
function badQueryValue(parameter: OpenApiParameter): fc.Arbitrary<string> {
  if (parameter.name === "cursor") return craftedCursor;
  return fc.oneof(
    { weight: 3, arbitrary: invalidValue(parameter.schema ?? {}).map(asText) },
    { weight: 1, arbitrary: fc.constantFrom("1e309", "-1", "0", "1.5", "99999999999999999999", "NaN", " 5", "true", ...IMPOSSIBLE_DATES) },
  );
}

/** A query value: valid for its schema, or bad. */
function queryValue(parameter: OpenApiParameter): fc.Arbitrary<string> {
  return fc.oneof({ weight: 1, arbitrary: validValue(parameter.schema ?? {}).map(asText) }, { weight: 1, arbitrary: badQueryValue(parameter) });
}

type QueryEntry = readonly [string, string | null];

/** Which parameter to break: any, but a list's `cursor` half the time (it is decoded by hand, not by a schema). */
function focusIndex(parameters: OpenApiParameter[]): fc.Arbitrary<number> {
  const cursor = parameters.findIndex((parameter) => parameter.name === "cursor");
  const any = fc.nat({ max: parameters.length - 1 });
  return cursor < 0 ? any : fc.oneof(fc.constant(cursor), any);
}

/**
 * Query strings: mostly one bad parameter among valid or absent ones (so the bad one is what the route meets,
 * past validation of the rest), sometimes bad values anywhere, plus unknown parameters now and then.
 */
function queryArbitrary(parameters: OpenApiParameter[]): fc.Arbitrary<[string, string][]> {
  const names = parameters.map((parameter) => parameter.name);
  const validOrAbsent = fc.tuple(...parameters.map((parameter) => fc.option(validValue(parameter.schema ?? {}).map(asText), { freq: 2 })));
  const focused: fc.Arbitrary<QueryEntry[]> = parameters.length
    ? fc
        .tuple(focusIndex(parameters), validOrAbsent, fc.tuple(...parameters.map(badQueryValue)))
        .map(([focus, values, bad]) => parameters.map((parameter, index) => [parameter.name, index === focus ? bad[index] : values[index]] as const))
    : fc.constant([]);
  const scattered: fc.Arbitrary<QueryEntry[]> = fc.tuple(
    ...parameters.map((parameter) => fc.option(queryValue(parameter), { freq: 2 }).map((value) => [parameter.name, value] as const)),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names, "x", "__proto__"), fc.string({ maxLength: 5 })), hostileString), { maxLength: 2 });
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: focused }, { weight: 1, arbitrary: scattered }), fc.option(extra, { freq: 3 }))
    .map(([declared, more]) => [...declared.filter((entry): entry is [string, string] => entry[1] !== null), ...(more ?? [])]);
}

// ---------------------------------------------------------------------------------------------------
// Bodies

/** A generated body, as data (printable in a report), turned into bytes at send time. */
export type BodyPlan =
  | { kind: "none" }
  | { kind: "json"; value: unknown; contentType: string }
  | { kind: "raw"; text: string; contentType: string | null }
  | { kind: "multipart"; fields: [string, unknown][]; files: FilePlan[] }
  | { kind: "malformed-multipart"; text: string; contentType: string }
  | { kind: "urlencoded"; fields: [string, string][] }
  /** A body of `bytes` filler bytes in one field (over the app's limit, or one huge field under it). */
  | { kind: "oversized"; bytes: number; contentType: string; field: string | null };

export type FilePlan = { field: string; name: string; type: string; bytes: "png" | "jpeg" | "svg" | "text" | "empty" | "truncated-png" | "big"; size: number };

const BAD_JSON_TEXT = [
  "",
  "{",
  "[",
  "}",
  '{"a":}',
  '{"a":1}}',
  "nul",
  "tru",
  "'x'",
  "{'a':1}",
  "\u0000",
  "\ufeff{}",
  '{"a":1,}',
  "[1,]",
  "1e999",
  "NaN",
  '{"a":"\\ud800"}',
  '"\\u0000"',
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`,
];

const WRONG_CONTENT_TYPES = [
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "application/json; charset=utf-16",
  "application/jsonx",
  "image/png",
  "text/csv",
  "*/*",
  "",
];

const MALFORMED_MULTIPART: [string, string][] = [
  ["multipart/form-data; boundary=x", "x"],
  ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
  ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--x--"],
  ["multipart/form-data; boundary=", "--\r\n\r\n"],
  ["multipart/form-data; boundary=x", "--y\r\n\r\n--y--"],
  ["multipart/form-data", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--'],
  ['multipart/form-data; boundary="unterminated', "--unterminated"],
];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const filePlan = (fields: string[]): fc.Arbitrary<FilePlan> =>
  fc.record({
    field: fc.constantFrom(...fields),
    name: fc.constantFrom("photo.png", "a.jpg", "", "../../x.png", "x.svg", "\u0000.png", "ảnh chụp.heic"),
    type: fc.constantFrom("image/png", "image/jpeg", "image/svg+xml", "text/plain", "application/octet-stream", ""),
    bytes: fc.constantFrom("png" as const, "jpeg" as const, "svg" as const, "text" as const, "empty" as const, "truncated-png" as const, "big" as const),
    size: fc.integer({ min: 0, max: 4096 }),
  });

function multipartFields(schema: JsonSchema | undefined, names: string[]): fc.Arbitrary<[string, unknown][]> {
  // A JSON API that also takes multipart carries its JSON in a field (`petition`): send the body there too.
  const jsonField = schema
    ? fc.tuple(fc.constantFrom(...names), bodyValue(schema)).map(([name, value]) => [[name, value]] as [string, unknown][])
    : fc.constant([] as [string, unknown][]);
  const loose = fc.array(fc.tuple(fc.constantFrom(...names), hostileString), { maxLength: 4 });
  return fc.tuple(jsonField, loose).map(([a, b]) => [...a, ...b]);
}

/** Bodies for one operation: its own media type with bad values, plus every other kind of bad body. */
function bodyPlan(operation: Operation, fieldNames: string[], oversizeBytes: number): fc.Arbitrary<BodyPlan> {
  if (operation.method === "GET" || operation.method === "HEAD") return fc.constant({ kind: "none" } as BodyPlan);
  const schema = operation.body?.schema;
  const names = [...new Set([...fieldNames, ...Object.keys(schema?.properties ?? {})])];
  const mediaType = operation.body?.mediaType ?? "application/json";
  const own: fc.Arbitrary<BodyPlan>[] = [];
  if (mediaType === "application/json" && schema) {
    own.push(bodyValue(schema).map((value) => ({ kind: "json", value, contentType: "application/json" }) as BodyPlan));
  } else if (mediaType === "text/csv") {
    const line = fc.array(hostileString, { maxLength: 8 }).map((cells) => cells.join(","));
    own.push(
      fc
        .tuple(fc.constantFrom("", "\ufeff"), fc.array(line, { maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r"))
        .map(([bom, lines, eol]) => ({ kind: "raw", text: bom + lines.join(eol), contentType: "text/csv" }) as BodyPlan),
    );
  }
  return fc.oneof(
    { weight: 10, arbitrary: own.length ? fc.oneof(...own) : fc.constant({ kind: "none" } as BodyPlan) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_JSON_TEXT).map((text) => ({ kind: "raw", text, contentType: "application/json" }) as BodyPlan) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(schema ? validValue(schema) : anyJson, fc.constantFrom(...WRONG_CONTENT_TYPES, null))
        .map(([value, contentType]) => ({ kind: "raw", text: asText(value), contentType }) as BodyPlan),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...MALFORMED_MULTIPART).map(([contentType, text]) => ({ kind: "malformed-multipart", text, contentType }) as BodyPlan),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(multipartFields(schema, names), fc.array(filePlan(["photos", ...names]), { maxLength: 4 }))
        .map(([fields, files]) => ({ kind: "multipart", fields, files }) as BodyPlan),
    },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(fc.constantFrom(...names), hostileString), { maxLength: 5 }).map((fields) => ({ kind: "urlencoded", fields }) as BodyPlan),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "none" } as BodyPlan) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("application/json", "multipart/form-data; boundary=fuzz", "application/x-www-form-urlencoded"), fc.constantFrom(...names, null))
        .map(([contentType, field]) => ({ kind: "oversized", bytes: oversizeBytes, contentType, field }) as BodyPlan),
    },
  );
}

function withSignature(signature: number[], size: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(signature.length + size).fill(fill);
  bytes.set(signature);
  return bytes;
}

function fileBytes(plan: FilePlan): Uint8Array {
  switch (plan.bytes) {
    case "png":
      return withSignature(PNG_SIGNATURE, plan.size, 7);
    case "truncated-png":
      return Uint8Array.from(PNG_SIGNATURE.slice(0, 4));
    case "jpeg":
      return withSignature([0xff, 0xd8, 0xff], plan.size, 1);
    case "svg":
      return new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    case "text":
      return new TextEncoder().encode("not an image ".repeat(plan.size % 50));
    case "empty":
      return new Uint8Array(0);
    case "big":
      return withSignature(PNG_SIGNATURE, 2 * 1024 * 1024 + 1, 0);
  }
}

/** The bytes and content type of a planned body. */
export function materialiseBody(plan: BodyPlan, known: KnownValues): { body?: BodyInit; contentType?: string } {
  switch (plan.kind) {
    case "none":
      return {};
    case "json":
      return { body: JSON.stringify(resolveKnown(plan.value, known)) ?? "null", contentType: plan.contentType };
    case "raw":
      return { body: plan.text, contentType: plan.contentType ?? undefined };
    case "malformed-multipart":
      return { body: plan.text, contentType: plan.contentType };
    case "urlencoded":
      return { body: new URLSearchParams(plan.fields).toString(), contentType: "application/x-www-form-urlencoded" };
    case "multipart": {
      const form = new FormData();
      for (const [name, value] of plan.fields) form.append(name, typeof value === "string" ? value : (JSON.stringify(resolveKnown(value, known)) ?? ""));
      for (const file of plan.files) form.append(file.field, new File([fileBytes(file)], file.name, { type: file.type }));
      return { body: form };
    }
    case "oversized": {
      const filler = "a".repeat(plan.bytes);
      if (plan.contentType.startsWith("multipart")) {
        const body = `--fuzz\r\nContent-Disposition: form-data; name="${plan.field ?? "x"}"\r\n\r\n${filler}\r\n--fuzz--\r\n`;
        return { body, contentType: plan.contentType };
      }
      if (plan.contentType === "application/json") return { body: JSON.stringify({ [plan.field ?? "x"]: filler }), contentType: plan.contentType };
      return { body: `${plan.field ?? "x"}=${filler}`, contentType: plan.contentType };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Requests

/** A path parameter: a real value seen earlier (by index into what is known then), or a generated one. */
type PathValue = { known: number } | { text: string; raw: boolean };

export type RequestPlan = {
  target: string;
  method: string;
  identity: number;
  path: Record<string, PathValue>;
  query: [string, string][];
  headers: Record<string, string>;
  body: BodyPlan;
};

const HEADER_NOISE: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    "accept-language": fc.constantFrom("vi", "en", "fr", "*", "en-US,en;q=0.9", "xx;q=abc", ";;;", "vi-VN-x-".repeat(50)),
    "idempotency-key": fc.oneof(
      hostileString.filter((value) => /^[\x20-\x7e]*$/.test(value)),
      fc.uuid(),
    ),
    "cf-connecting-ip": fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("unknown", "", "1.2.3.4, 5.6.7.8")),
    accept: fc.constantFrom("text/html", "application/json", "*/*", "application/problem+json"),
    // "same": the target's own origin (filled in when sent).
    origin: fc.constantFrom("same", "same", "same", "http://evil.example", "null"),
    cookie: fc.constantFrom("sid=garbage", "sid=", "lang=xx", "lang=en; sid=%ZZ", `sid=${"a".repeat(5000)}`),
  },
  { requiredKeys: [] },
);

function pathValue(parameter: OpenApiParameter): fc.Arbitrary<PathValue> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((known) => ({ known }) as PathValue) },
    { weight: 2, arbitrary: validValue(parameter.schema ?? {}).map((value) => ({ text: asText(value), raw: false }) as PathValue) },
    { weight: 3, arbitrary: hostileString.map((text) => ({ text, raw: false }) as PathValue) },
    { weight: 1, arbitrary: fc.constantFrom("%ZZ", "%", "%00", "..", "%2e%2e", "a%2Fb", "%C0%AF").map((text) => ({ text, raw: true }) as PathValue) },
  );
}

/** Who sends it: everyone, but the roles the operation is for three times as often (to get past the gate). */
function identityIndex(identities: string[], roles: string[] | null): fc.Arbitrary<number> {
  return fc.oneof(...identities.map((name, index) => ({ weight: roles?.includes(name) ? 3 : 1, arbitrary: fc.constant(index) })));
}

/** Every request the fuzzer may send to one operation. */
export function operationRequests(operation: Operation, identities: string[], fieldNames: string[], oversizeBytes: number): fc.Arbitrary<RequestPlan> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === "path");
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === "query");
  const path = fc.tuple(...pathParameters.map((parameter) => pathValue(parameter).map((value) => [parameter.name, value] as const)));
  const query = queryArbitrary(queryParameters);
  return fc.record({
    target: fc.constant(operation.key),
    method: fc.constant(operation.method),
    identity: identityIndex(identities, operation.roles),
    path: path.map((entries) => Object.fromEntries(entries)),
    query,
    headers: HEADER_NOISE,
    body: bodyPlan(operation, fieldNames, oversizeBytes),
  });
}

/** A POST page route (`/admin/holidays/:date/delete`), fuzzed with broken and oversized forms. */
export function pageRequests(route: string, identities: string[], fieldNames: string[], oversizeBytes: number): fc.Arbitrary<RequestPlan> {
  const names = fieldNames.length ? fieldNames : ["x"];
  const parameters = [...route.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
  const path = fc.tuple(...parameters.map((name) => pathValue({ name, in: "path" }).map((value) => [name, value] as const)));
  // A 3 MiB field, under the body limit: made when sent, not kept in the plan.
  const hugeField = fc
    .constantFrom(...names)
    .map((field) => ({ kind: "oversized", bytes: 3 * 1024 * 1024, contentType: "application/x-www-form-urlencoded", field }) as BodyPlan);
  const body = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...MALFORMED_MULTIPART).map(([contentType, text]) => ({ kind: "malformed-multipart", text, contentType }) as BodyPlan),
    },
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(fc.constantFrom(...names), hostileString), { maxLength: 6 }).map((fields) => ({ kind: "urlencoded", fields }) as BodyPlan),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.array(fc.tuple(fc.constantFrom(...names), hostileString), { maxLength: 6 }), fc.array(filePlan(["photos", ...names]), { maxLength: 3 }))
        .map(([fields, files]) => ({ kind: "multipart", fields, files }) as BodyPlan),
    },
    { weight: 1, arbitrary: hugeField },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...names)
        .map((field) => ({ kind: "oversized", bytes: oversizeBytes, contentType: "multipart/form-data; boundary=fuzz", field }) as BodyPlan),
    },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_JSON_TEXT.slice(0, 6)).map((text) => ({ kind: "raw", text, contentType: "text/plain" }) as BodyPlan) },
  );
  return fc.record({
    target: fc.constant(`PAGE POST ${route}`),
    method: fc.constant("POST"),
    identity: identityIndex(identities, null),
    path: path.map((entries) => Object.fromEntries(entries)),
    query: fc.constant([] as [string, string][]),
    headers: fc.record({ origin: fc.constantFrom("same", "same", "same", "http://evil.example") }, { requiredKeys: ["origin"] }),
    body,
  });
}

/** encodeURIComponent that takes lone surrogates too (as U+FFFD, as a browser would send them). */
export const encodeText = (text: string) =>
  encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"));

/** The URL path of a plan: its template with the parameters filled in. */
export function planPath(template: string, plan: RequestPlan, known: KnownValues): string {
  return template.replace(/\{([^}]+)\}|:([A-Za-z0-9_]+)/g, (_match, braced: string | undefined, colon: string | undefined) => {
    const name = (braced ?? colon) as string;
    const value = plan.path[name];
    if (!value) return "x";
    if ("known" in value) {
      const candidates = known.candidates(name);
      return encodeText(candidates.length ? candidates[value.known % candidates.length] : "00000000-0000-0000-0000-000000000000");
    }
    return value.raw ? value.text : encodeText(value.text) || "%20";
  });
}

// ---------------------------------------------------------------------------------------------------
// Checks and counts

export type Sent = { plan: RequestPlan; url: string; identity: string; page: boolean };
export type Received = { status: number; contentType: string; text: string; location: string | null };

/** What is wrong with one answer, or null: never 5xx; API errors are problem+json with a code. */
export function checkAnswer(sent: Sent, received: Received): string | null {
  if (received.status >= 500) return `${received.status}: ${received.text.slice(0, 300)}`;
  // Pages answer with HTML: a 4xx page, a redirect or the page itself; test/web/forms.test.ts holds each form to its 400.
  if (sent.page) return null;
  if (received.status >= 400) {
    if (!received.contentType.startsWith("application/problem+json")) return `error ${received.status} as ${received.contentType || "no content type"}`;
    try {
      const body = JSON.parse(received.text) as { code?: unknown; status?: unknown };
      if (typeof body.code !== "string" || body.code === "") return `error ${received.status} without a code`;
      if (body.status !== received.status) return `error body says status ${String(body.status)}, response ${received.status}`;
    } catch {
      return `error ${received.status} body is not JSON`;
    }
  }
  return null;
}

/** Rows per table and KV keys: what a refused request must leave as it found. */
export type StorageState = { rows: Record<string, number>; kvKeys: string[] };

/**
 * Differences between two states, ignoring tables that count refusals on purpose (sign-in failures, throttles)
 * and the removal of KV keys under `forgettable` prefixes (a session found dead is forgotten by the request that
 * presented it, or in the background of an earlier one).
 */
export function stateChanges(before: StorageState, after: StorageState, countsRefusals: readonly string[], forgettable: readonly string[] = []): string[] {
  const changes: string[] = [];
  for (const table of new Set([...Object.keys(before.rows), ...Object.keys(after.rows)])) {
    if (countsRefusals.includes(table)) continue;
    if (before.rows[table] !== after.rows[table]) changes.push(`${table}: ${before.rows[table]} → ${after.rows[table]} rows`);
  }
  const had = new Set(before.kvKeys);
  const has = new Set(after.kvKeys);
  for (const key of has) if (!had.has(key)) changes.push(`KV key added: ${key}`);
  for (const key of had) if (!has.has(key) && !forgettable.some((prefix) => key.startsWith(prefix))) changes.push(`KV key removed: ${key}`);
  return changes;
}

/** Counts by status and by operation, and the distinct failures. */
export class FuzzReport {
  readonly byStatus = new Map<number, number>();
  readonly byTarget = new Map<string, Map<number, number>>();
  readonly failures = new Map<string, { count: number; example: string }>();
  requests = 0;

  record(target: string, status: number): void {
    this.requests += 1;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    const counts = this.byTarget.get(target) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.byTarget.set(target, counts);
  }

  fail(target: string, problem: string, example: string): void {
    const key = `${target} — ${problem.replace(/\d{3}: .*/, (m) => m.slice(0, 3)).slice(0, 120)}`;
    const entry = this.failures.get(key) ?? { count: 0, example };
    entry.count += 1;
    this.failures.set(key, entry);
  }

  table(): string {
    const lines = ["status  count"];
    for (const [status, count] of [...this.byStatus].sort((a, b) => a[0] - b[0])) lines.push(`${String(status).padEnd(6)}  ${count}`);
    lines.push(`total   ${this.requests}`, "", "operation: count by status");
    for (const [target, counts] of [...this.byTarget].sort((a, b) => a[0].localeCompare(b[0]))) {
      const cells = [...counts].sort((a, b) => a[0] - b[0]).map(([status, count]) => `${status}×${count}`);
      lines.push(`${target}: ${cells.join(" ")}`);
    }
    if (this.failures.size) {
      lines.push("", "failures:");
      for (const [key, { count, example }] of this.failures) lines.push(`${count}× ${key}\n    e.g. ${example}`);
    }
    return lines.join("\n");
  }
}

/** A plan in a line, for a failure report (bodies cut short). */
export function describePlan(sent: Sent): string {
  const body = JSON.stringify(sent.plan.body, (_key, value) =>
    typeof value === "string" && value.length > 120 ? `${value.slice(0, 120)}…(${value.length})` : value,
  );
  return `${sent.plan.method} ${sent.url} as ${sent.identity} headers=${JSON.stringify(sent.plan.headers).slice(0, 200)} body=${body.slice(0, 400)}`;
}
