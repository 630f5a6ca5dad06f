/**
 * Open311 as pure functions: a petition's public facts as a service request, a POST as a petition submission, and
 * the standard's XML. No I/O.
 */
import { endOfLocalDay } from "../lib/dates";
import { NO_DEADLINE, OPEN_STATUSES } from "../petitions/rules";
import type { PetitionStatus } from "../petitions/schema";
import type { PostRequestInput, ServiceRequest } from "./schema";

/** Open while the commune still owes a step; closed once answered, resolved, returned, filed, a duplicate or moved on. */
export function open311Status(status: PetitionStatus): "open" | "closed" {
  return (OPEN_STATUSES as readonly string[]).includes(status) ? "open" : "closed";
}

/** What a service request shows of a petition: its public view (the tracking page's), never the submitter. */
export type PublicRequestRow = {
  id: string;
  tracking_code: string;
  unit_code: string;
  unit_name: string;
  category: string;
  category_name: string | null;
  title: string;
  status: PetitionStatus;
  submitted_at: string;
  updated_at: string;
  due_on: string;
  public_answer: string | null;
  public_note: string | null;
};

/** The last instant of a local day (its 23:59:59.999 in Hà Nội): when a deadline on that day runs out. */
const endOfDay = (day: string) => new Date(Date.parse(endOfLocalDay(day)) - 1).toISOString();

export function serviceRequestOf(row: PublicRequestRow): ServiceRequest {
  const status = open311Status(row.status);
  return {
    service_request_id: row.tracking_code,
    status,
    status_notes: row.public_answer ?? row.public_note,
    service_name: row.category_name,
    service_code: row.category,
    description: row.title,
    agency_responsible: row.unit_name,
    service_notice: null,
    requested_datetime: row.submitted_at,
    updated_datetime: row.updated_at,
    expected_datetime: status === "open" && row.due_on !== NO_DEADLINE ? endOfDay(row.due_on) : null,
    address: row.unit_name,
    address_id: row.unit_code,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

/** A petition's title from an Open311 description (which has none): its first line, cut at a word near 120 characters. */
export function titleOf(description: string): string {
  const firstLine = description.split(/\r?\n/, 1)[0].trim();
  const source = firstLine.length >= 5 ? firstLine : description.replace(/\s+/g, " ").trim();
  if (source.length <= 120) return source;
  const cut = source.slice(0, 120);
  const space = cut.lastIndexOf(" ");
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The petition a POST asks for, in the shape the petitions' own schema validates: the commune from
 * `attribute[commune]`, the kind from `attribute[kind]` (feedback when none), the submitter from the standard's
 * personal fields (none at all: an anonymous feedback), the place the client gives appended to the content.
 */
export function submissionOf(input: PostRequestInput) {
  const name = [input.last_name, input.first_name].filter(Boolean).join(" ").trim();
  const place = [
    input.address_string ? `Địa điểm: ${input.address_string}` : null,
    input.lat && input.long ? `Tọa độ: ${input.lat}, ${input.long}` : null,
  ].filter(Boolean);
  const email = input.email || undefined;
  const phone = input.phone || undefined;
  const anonymous = !name && !email && !phone;
  return {
    unitCode: input["attribute[commune]"],
    category: input.service_code,
    kind: input["attribute[kind]"] || "feedback",
    title: titleOf(input.description),
    content: [input.description, ...place].join("\n"),
    submitter: anonymous ? {} : { name: name || undefined, phone, email },
    anonymous,
    consent: true,
    channel: "online",
  };
}

/** The petitions' field paths as the Open311 fields a client sent. */
const FIELD_OF_PATH: Record<string, string> = {
  unitCode: "attribute[commune]",
  category: "service_code",
  kind: "attribute[kind]",
  title: "description",
  content: "description",
  anonymous: "first_name",
  "submitter.name": "first_name",
  "submitter.phone": "phone",
  "submitter.email": "email",
};
export const open311Field = (path: string) => FIELD_OF_PATH[path] ?? path;

// ---------------------------------------------------------------- XML

/** The element name of an array's items, by the array's own name (the standard's XML). */
const ITEM_NAMES: Record<string, string> = {
  services: "service",
  service_requests: "request",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
};

/** Characters XML 1.0 does not allow (control characters a resident may paste) are dropped; the rest escaped. */
function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? "item";
    return `<${name}>${value.map((entry) => element(item, entry)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([key, entry]) => element(key, entry))
      .join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document of the standard's XML: `root` holds the value (an array's items named by ITEM_NAMES). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}
