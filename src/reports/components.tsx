/** Pieces the reports' pages share: status words, links to the lists behind figures, periods in words. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { formatDay } from "../lib/dates";
import { t } from "../web/i18n";
import type { ComplianceStatus } from "./rules";

/** A status in words, in a badge whose colour repeats what the words say (red: fell short). */
export function StatusBadge(props: { c: Context<AppEnv>; status: ComplianceStatus }) {
  const tone = props.status === "met" ? "ok" : props.status === "not_met" ? "bad" : "warn";
  return <span class={`badge ${tone}`}>{t(props.c, `oversight.status.${props.status}`)}</span>;
}

/** A path with its query, leaving out parameters without a value. */
export function hrefOf(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A count that links to the list behind it; `tone` marks a figure that falls short (with the same count in words for screen readers). */
export function FigureLink(props: { href: string; value: number; tone?: "bad" | "warn" | null }) {
  const tone = props.value > 0 ? props.tone : null;
  return (
    <a href={props.href} class={tone ? `figure-link ${tone}` : "figure-link"}>
      {props.value}
    </a>
  );
}

/** "01/01/2026 – 31/12/2026". */
export const dayRangeWords = (range: { from: string; to: string }) => `${formatDay(range.from)} – ${formatDay(range.to)}`;

/** A query string's fields without the blank ones (a GET form sends an empty select or field as ""). */
export function withoutBlanks(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ""));
}
