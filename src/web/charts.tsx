/**
 * Charts drawn on the server as SVG: readable without JavaScript, printable, light on a cheap phone. Each chart
 * is a figure with a caption, an SVG with its own title and description, and the same numbers as a table (the
 * accessible and exact form; the picture is the quick one). A bar may link to the list behind it; the links are
 * in the table too. Words come from the caller (one language per page); numbers are written in its locale.
 */
import type { Child } from "hono/jsx";

export type ChartBar = { label: string; value: number; href?: string };
export type ChartSeries = { label: string; color?: string };
export type StackedBar = { label: string; values: number[]; href?: string };

/** Fills with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend and the table too. */
export const CHART_COLORS = ["#1f5fa8", "#b3261e", "#2e7d32", "#8a5a00", "#6a3d9a", "#00695c"] as const;

type Words = {
  /** The chart's caption and the SVG's title. */
  title: string;
  /** One or two sentences saying what the chart shows (the SVG's description). */
  description: string;
  /** Header of the label column in the table, e.g. "Tháng". */
  labelHeader: string;
  /** Header of the value column, e.g. "Số phiên đối thoại". */
  valueHeader: string;
  /** The summary that opens the table, e.g. "Bảng số liệu". */
  tableSummary: string;
  locale?: "vi" | "en";
  /** A prefix for the SVG's element ids when a page shows several charts (defaults to one made up per chart). */
  id?: string;
};

let chartSequence = 0;
/** Ids for title and description, unique within a page. */
function chartIds(prefix: string, given?: string) {
  chartSequence = (chartSequence + 1) % 1_000_000;
  const base = given ?? `${prefix}-${chartSequence}`;
  return { title: `${base}-title`, desc: `${base}-desc` };
}

/** Only links within the site: a path (not `//host`) or a query. Anything else is dropped. */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  return /^\/(?!\/)|^\?/.test(href) ? href : undefined;
}

const formatNumber = (value: number, locale: "vi" | "en" = "vi") => new Intl.NumberFormat(locale === "en" ? "en-GB" : "vi-VN").format(value);

/** An axis maximum and step that read well: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const whole = Math.max(1, Math.round(step)); // counts: no fractional steps
  return { max: Math.ceil(max / whole) * whole, step: whole };
}

function Bar(props: { href?: string; label: string; children: Child }) {
  const href = safeHref(props.href);
  return href ? (
    <a href={href} aria-label={props.label}>
      {props.children}
    </a>
  ) : (
    <g>{props.children}</g>
  );
}

function DataTableFallback(props: { words: Words; columns: string[]; rows: { label: string; href?: string; cells: number[] }[] }) {
  const locale = props.words.locale;
  return (
    <details class="chart-table">
      <summary>{props.words.tableSummary}</summary>
      <table>
        <caption>{props.words.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.words.labelHeader}</th>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => {
            const href = safeHref(row.href);
            return (
              <tr>
                <th scope="row">{href ? <a href={href}>{row.label}</a> : row.label}</th>
                {row.cells.map((cell) => (
                  <td class="number">{formatNumber(cell, locale)}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

/** The SVG's accessible name and description: `role="img"` when nothing in it is a link, else a labelled group. */
function svgAttributes(ids: { title: string; desc: string }, interactive: boolean, width: number, height: number) {
  return {
    viewBox: `0 0 ${width} ${height}`,
    width: "100%",
    role: interactive ? "group" : "img",
    "aria-labelledby": ids.title,
    "aria-describedby": ids.desc,
    xmlns: "http://www.w3.org/2000/svg",
    class: "chart",
  };
}

/** Vertical bars, one per label (e.g. sessions held per month), each value written above its bar. */
export function BarChart(props: Words & { bars: ChartBar[]; color?: string }) {
  const ids = chartIds("bar-chart", props.id);
  const width = 640;
  const height = 260;
  const margin = { top: 20, right: 12, bottom: 44, left: 40 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const scale = niceScale(Math.max(0, ...props.bars.map((bar) => bar.value)));
  const slot = plotWidth / Math.max(1, props.bars.length);
  const barWidth = Math.max(4, slot * 0.7);
  const y = (value: number) => margin.top + plotHeight - (Math.max(0, value) / scale.max) * plotHeight;
  const barX = (index: number) => margin.left + index * slot + (slot - barWidth) / 2;
  const ticks = Array.from({ length: Math.floor(scale.max / scale.step) + 1 }, (_, index) => index * scale.step);
  const interactive = props.bars.some((bar) => safeHref(bar.href));
  return (
    <figure class="chart-figure">
      <figcaption>{props.title}</figcaption>
      <svg {...svgAttributes(ids, interactive, width, height)}>
        <title id={ids.title}>{props.title}</title>
        <desc id={ids.desc}>{props.description}</desc>
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group is not focusable; its text repeats the bars' names */}
        <g aria-hidden="true" class="chart-text">
          {ticks.map((tick) => (
            <g>
              <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#c8c8c8" stroke-width="1" />
              <text x={margin.left - 6} y={y(tick) + 4} text-anchor="end" font-size="12" fill="#333">
                {formatNumber(tick, props.locale)}
              </text>
            </g>
          ))}
          {props.bars.map((bar, index) => (
            <g>
              <text x={barX(index) + barWidth / 2} y={y(bar.value) - 4} text-anchor="middle" font-size="12" fill="#111">
                {formatNumber(bar.value, props.locale)}
              </text>
              <text x={barX(index) + barWidth / 2} y={height - margin.bottom + 16} text-anchor="middle" font-size="12" fill="#333">
                {bar.label}
              </text>
            </g>
          ))}
        </g>
        {props.bars.map((bar, index) => {
          const text = `${bar.label}: ${formatNumber(bar.value, props.locale)}`;
          return (
            <Bar href={bar.href} label={text}>
              <rect x={barX(index)} y={y(bar.value)} width={barWidth} height={margin.top + plotHeight - y(bar.value)} fill={props.color ?? CHART_COLORS[0]}>
                <title>{text}</title>
              </rect>
            </Bar>
          );
        })}
      </svg>
      <DataTableFallback
        words={props}
        columns={[props.valueHeader]}
        rows={props.bars.map((bar) => ({ label: bar.label, href: bar.href, cells: [bar.value] }))}
      />
    </figure>
  );
}

/**
 * Horizontal bars, one row per label, stacked by series (e.g. petitions by kind, each split into on time and
 * late; or a single series for petitions by status). Long Vietnamese labels fit on the left.
 */
export function HorizontalBarChart(props: Words & { series: ChartSeries[]; rows: StackedBar[] }) {
  const ids = chartIds("hbar-chart", props.id);
  const width = 640;
  const rowHeight = 28;
  const legendHeight = props.series.length > 1 ? 24 : 0;
  const margin = { top: 8 + legendHeight, right: 56, bottom: 8, left: 200 };
  const height = margin.top + margin.bottom + rowHeight * Math.max(1, props.rows.length);
  const plotWidth = width - margin.left - margin.right;
  const total = (row: StackedBar) => row.values.reduce((sum, value) => sum + Math.max(0, value), 0);
  const scale = niceScale(Math.max(0, ...props.rows.map(total)));
  const x = (value: number) => (value / scale.max) * plotWidth;
  const rowTop = (index: number) => margin.top + index * rowHeight;
  const color = (index: number) => props.series[index]?.color ?? CHART_COLORS[index % CHART_COLORS.length];
  const interactive = props.rows.some((row) => safeHref(row.href));
  const describe = (row: StackedBar) =>
    `${row.label}: ${props.series.map((series, index) => `${props.series.length > 1 ? `${series.label} ` : ""}${formatNumber(row.values[index] ?? 0, props.locale)}`).join(", ")}`;
  return (
    <figure class="chart-figure">
      <figcaption>{props.title}</figcaption>
      <svg {...svgAttributes(ids, interactive, width, height)}>
        <title id={ids.title}>{props.title}</title>
        <desc id={ids.desc}>{props.description}</desc>
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group is not focusable; its text repeats the rows' names */}
        <g aria-hidden="true" class="chart-text">
          {legendHeight
            ? props.series.map((series, index) => (
                <g class="chart-legend">
                  <rect x={margin.left + index * 150} y={6} width={12} height={12} fill={color(index)} />
                  <text x={margin.left + index * 150 + 18} y={16} font-size="12" fill="#111">
                    {series.label}
                  </text>
                </g>
              ))
            : null}
          {props.rows.map((row, rowIndex) => (
            <g>
              <text x={margin.left - 8} y={rowTop(rowIndex) + rowHeight / 2 + 4} text-anchor="end" font-size="12" fill="#111">
                {row.label}
              </text>
              <text x={margin.left + x(total(row)) + 6} y={rowTop(rowIndex) + rowHeight / 2 + 4} font-size="12" fill="#111">
                {formatNumber(total(row), props.locale)}
              </text>
            </g>
          ))}
        </g>
        {props.rows.map((row, rowIndex) => {
          let offset = margin.left;
          return (
            <Bar href={row.href} label={describe(row)}>
              {row.values.map((value, index) => {
                const segment = (
                  <rect x={offset} y={rowTop(rowIndex) + 5} width={x(Math.max(0, value))} height={rowHeight - 10} fill={color(index)}>
                    <title>{`${row.label} – ${props.series[index]?.label ?? ""}: ${formatNumber(value, props.locale)}`}</title>
                  </rect>
                );
                offset += x(Math.max(0, value));
                return segment;
              })}
            </Bar>
          );
        })}
      </svg>
      <DataTableFallback
        words={props}
        columns={props.series.length > 1 ? props.series.map((series) => series.label) : [props.valueHeader]}
        rows={props.rows.map((row) => ({ label: row.label, href: row.href, cells: props.series.map((_, index) => row.values[index] ?? 0) }))}
      />
    </figure>
  );
}
