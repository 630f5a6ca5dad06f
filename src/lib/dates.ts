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
