/** Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, "0");

/** The local calendar day (YYYY-MM-DD) in Asia/Ho_Chi_Minh of an instant. */
export function localDay(instant: Date = new Date()): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** dd/mm/yyyy for a YYYY-MM-DD local day. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return "";
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

/** dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh for an ISO instant. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return "";
  const local = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** The instant a local day begins (00:00 in Asia/Ho_Chi_Minh), written as stored instants are (ISO, UTC, ms). */
export function startOfLocalDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - VIETNAM_OFFSET_MS).toISOString();
}

/** The instant after the last moment of a local day: the start of the next day. */
export function endOfLocalDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 60 * 60 * 1000 - VIETNAM_OFFSET_MS).toISOString();
}

/**
 * Local days `from..to` (both inclusive, either may be open) as the half-open instant range `[from, until)` for
 * SQL over ISO instants: `at >= from AND at < until`. ISO strings of one format compare as the instants do; an
 * open end becomes a string every instant sorts after ("") or before ("9999").
 */
export function instantBounds(days: { from?: string | null; to?: string | null }): { from: string; until: string } {
  return { from: days.from ? startOfLocalDay(days.from) : "", until: days.to ? endOfLocalDay(days.to) : "9999" };
}
