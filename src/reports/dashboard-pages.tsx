/**
 * `/oversight`: the supervisor's dashboard — every commune of the province in a table that sorts and filters on
 * the server (links and a GET form: no JavaScript), red where a commune falls short, charts drawn as SVG, and
 * every figure a link to the list behind it. A commune official sees the same for their own commune.
 * Figures come from the daily KV copy (with its time); without one they are computed from D1 and kept.
 */
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { currentUser } from "../auth/access";
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { formatDay, formatInstant, localDay } from "../lib/dates";
import type { MessageCode } from "../lib/problem";
import { notFound } from "../lib/problem";
import { parseOrThrow } from "../lib/validate";
import { PETITION_KINDS, PETITION_STATUSES } from "../petitions/schema";
import { unitCodeSchema } from "../units/schema";
import { unitChoicesStatement } from "../units/store";
import { BarChart, HorizontalBarChart } from "../web/charts";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { Layout } from "../web/layout";
import { dayRangeWords, FigureLink, hrefOf, StatusBadge, withoutBlanks } from "./components";
import { computeDashboard, type DashboardSnapshot, groupOf, narrowSnapshot, readSnapshot, sumCounts, sumMonths, writeSnapshot } from "./dashboard";
import { COMPLIANCE_STATUSES, type ComplianceItem, onTimeRate } from "./rules";
import { yearQuerySchema } from "./schema";

const SORT_KEYS = ["name", "status", "sessionsHeld", "shortNotice", "resultsLate", "petitionsReceived", "overdue", "onTimeRate", "commitmentsLate"] as const;
type SortKey = (typeof SORT_KEYS)[number];

const pageQuerySchema = v.object({
  province: v.optional(unitCodeSchema),
  unit: v.optional(unitCodeSchema),
  year: v.optional(yearQuerySchema),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  status: v.optional(v.picklist(COMPLIANCE_STATUSES)),
  sort: v.optional(v.picklist(SORT_KEYS)),
  dir: v.optional(v.picklist(["asc", "desc"])),
  live: v.optional(v.picklist(["1"])),
});
type PageQuery = v.InferOutput<typeof pageQuerySchema>;

const isCommuneRole = (role: Role) => (COMMUNE_ROLES as readonly Role[]).includes(role);
/** Worst first when sorted ascending: fell short, not yet due, met. */
const STATUS_ORDER = { not_met: 0, pending: 1, met: 2 } as const;
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();

/** The table's rows as the query asks: filtered by name and status, sorted by a column (then by name). */
export function tableRows(items: readonly ComplianceItem[], query: Pick<PageQuery, "q" | "status" | "sort" | "dir">): ComplianceItem[] {
  const search = query.q ? fold(query.q) : "";
  const rows = items.filter((item) => (!query.status || item.status === query.status) && (!search || fold(item.unit.name).includes(search)));
  const key = query.sort ?? "name";
  const value = (item: ComplianceItem): number | string =>
    key === "name" ? "" : key === "status" ? STATUS_ORDER[item.status] : key === "onTimeRate" ? (onTimeRate(item) ?? -1) : item[key];
  const direction = query.dir === "desc" ? -1 : 1;
  return [...rows].sort((a, b) => {
    const byValue = key === "name" ? a.unit.name.localeCompare(b.unit.name, "vi") : (value(a) as number) - (value(b) as number);
    return byValue * direction || a.unit.name.localeCompare(b.unit.name, "vi");
  });
}

type Loaded = { snapshot: DashboardSnapshot; live: boolean; narrowedTo: string | null };

/** The snapshot to show: KV first (unless `live`), else D1 (kept in KV for the day when it is the whole province's this year). */
async function loadDashboard(c: Context<AppEnv>, user: SessionUser, province: string, query: PageQuery): Promise<Loaded> {
  const year = query.year ?? Number(localDay().slice(0, 4));
  let snapshot = query.live ? null : await readSnapshot(c.env.KV, province, year);
  let live = false;
  if (!snapshot) {
    const scope = isCommuneRole(user.role) ? { unit: user.unitCode ?? "" } : { province };
    snapshot = await computeDashboard(c.env.DB, province, scope, year);
    if (!snapshot) throw notFound("report.not_found");
    live = true;
    if (!isCommuneRole(user.role) && year === Number(localDay().slice(0, 4))) c.executionCtx.waitUntil(writeSnapshot(c.env.KV, snapshot));
  }
  const narrowTo = isCommuneRole(user.role) ? (user.unitCode ?? "") : (query.unit ?? null);
  if (narrowTo === null) return { snapshot, live, narrowedTo: null };
  if (!snapshot.units.some((unit) => unit.code === narrowTo)) throw notFound("report.not_found");
  return { snapshot: narrowSnapshot(snapshot, groupOf(snapshot.units, narrowTo)), live, narrowedTo: narrowTo };
}

export const oversightPages = new Hono<AppEnv>().get("/", pageAccess("admin", "supervisor", "commune_head", "commune_staff"), async (c) => {
  const user = currentUser(c);
  const query = parseOrThrow(pageQuerySchema, withoutBlanks(c.req.query()));
  const province = user.role === "admin" ? query.province : (user.provinceCode ?? undefined);
  if (!province) return c.html(await ProvinceChooser({ c }));
  const loaded = await loadDashboard(c, user, province, query);
  return c.html(<DashboardPage c={c} loaded={loaded} query={query} />);
});

async function ProvinceChooser(props: { c: Context<AppEnv> }) {
  const { c } = props;
  const { results } = await unitChoicesStatement(c.env.DB, { level: "province", day: localDay() }).all<{ code: string; name: string }>();
  return (
    <Layout c={c} title={t(c, "nav.oversight")}>
      <p>{t(c, "oversight.chooseProvince")}</p>
      <ul>
        {results.map((province) => (
          <li>
            <a href={hrefOf("/oversight", { province: province.code })}>{province.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function DashboardPage(props: { c: Context<AppEnv>; loaded: Loaded; query: PageQuery }) {
  const { c, loaded, query } = props;
  const { snapshot } = loaded;
  const narrowed = loaded.narrowedTo ? snapshot.items.find((item) => item.unit.code === loaded.narrowedTo) : undefined;
  const title = narrowed ? t(c, "oversight.titleOf", { unit: narrowed.unit.name, year: snapshot.year }) : t(c, "oversight.title", { year: snapshot.year });
  // Where the page's own links keep pointing: the province (administrators name it) and the commune looked at.
  const self = { province: currentUser(c).role === "admin" ? snapshot.province.code : undefined, year: query.year, unit: query.unit };
  // The lists behind group figures: the commune looked at (with the units merged into it), or the whole province.
  const groupScope = loaded.narrowedTo ? { unit: loaded.narrowedTo } : { province: snapshot.province.code };
  const days = { from: snapshot.period.from, to: snapshot.period.to };
  const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((status) => [status, snapshot.items.filter((item) => item.status === status).length]));
  return (
    <Layout c={c} title={title}>
      <p class="hint">
        {loaded.live
          ? t(c, "oversight.live", { at: formatInstant(snapshot.asOf) })
          : `${t(c, "oversight.asOf", { at: formatInstant(snapshot.asOf) })} ${t(c, "oversight.asOfDaily")}`}{" "}
        <a href={hrefOf("/oversight", { ...self, live: 1 })}>{t(c, "oversight.recompute")}</a>
      </p>
      <p>
        {t(c, "oversight.period", {
          from: formatDay(snapshot.period.from),
          to: formatDay(snapshot.period.to),
          mode: t(c, `oversight.mode.${snapshot.period.mode}`),
        })}{" "}
        {t(c, "oversight.requirement", {
          count: snapshot.policy.minSessionsPerYear,
          deadline: formatDay(snapshot.items[0]?.deadline ?? snapshot.period.to),
        })}
      </p>
      {loaded.narrowedTo && !isCommuneRole(currentUser(c).role) ? (
        <p>
          <a href={hrefOf("/oversight", { ...self, unit: undefined })}>{t(c, "oversight.allCommunes")}</a>
        </p>
      ) : null}

      <h2 id="overview">{t(c, "oversight.summary")}</h2>
      <ul class="figures" aria-labelledby="overview">
        {(["not_met", "pending", "met"] as const).map((status) => (
          <li class={`figure ${status === "not_met" && counts[status] ? "bad" : ""}`}>
            <a href={`${hrefOf("/oversight", { ...self, status })}#communes`}>
              <strong>{counts[status]}</strong>{" "}
              {t(c, status === "met" ? "oversight.communesMet" : status === "not_met" ? "oversight.communesNotMet" : "oversight.communesPending")}
            </a>
          </li>
        ))}
      </ul>

      <Filters c={c} query={query} self={self} />
      <h2 id="communes">{t(c, "oversight.communes")}</h2>
      <ComplianceTable c={c} items={tableRows(snapshot.items, query)} query={query} self={self} days={days} />

      <h2>{t(c, "oversight.charts")}</h2>
      <Charts c={c} snapshot={snapshot} groupScope={groupScope} days={days} />

      <h2>{t(c, "oversight.downloads")}</h2>
      <ul class="links">
        <li>
          <a href={hrefOf("/api/v1/exports/compliance.csv", { province: snapshot.province.code, year: snapshot.year, period: "year" })} download>
            {t(c, "oversight.downloadCsv")}
          </a>
        </li>
        <li>
          <a href={hrefOf("/api/v1/exports/compliance.xlsx", { province: snapshot.province.code, year: snapshot.year, period: "year" })} download>
            {t(c, "oversight.downloadXlsx")}
          </a>
        </li>
        <li>
          <a href={hrefOf("/oversight/print/compliance", { province: self.province, year: snapshot.year })}>{t(c, "oversight.printCompliance")}</a>
        </li>
        <li>
          <a href={hrefOf("/oversight/summary", { ...groupScope, from: days.from, to: days.to })}>{t(c, "oversight.summaryPage")}</a>
        </li>
        {loaded.narrowedTo ? (
          <li>
            <a href={hrefOf("/oversight/review", { unit: loaded.narrowedTo, year: snapshot.year })}>{t(c, "review.link")}</a>
          </li>
        ) : null}
      </ul>
    </Layout>
  );
}

function Filters(props: { c: Context<AppEnv>; query: PageQuery; self: Record<string, unknown> }) {
  const { c, query } = props;
  const thisYear = Number(localDay().slice(0, 4));
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3];
  const selectedYear = query.year ?? thisYear;
  return (
    <search>
      <h2 id="filters">{t(c, "oversight.filters")}</h2>
      <form method="get" action="/oversight" class="row" aria-labelledby="filters" novalidate>
        {props.self.province ? <input type="hidden" name="province" value={String(props.self.province)} /> : null}
        {query.unit ? <input type="hidden" name="unit" value={query.unit} /> : null}
        {query.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <div>
          <label for="year">{t(c, "oversight.year")}</label>
          <select id="year" name="year">
            {years.map((year) => (
              <option value={String(year)} selected={year === selectedYear}>
                {year}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="q">{t(c, "oversight.search")}</label>
          <input id="q" name="q" type="search" value={query.q ?? ""} maxlength={100} />
        </div>
        <div>
          <label for="status">{t(c, "oversight.statusFilter")}</label>
          <select id="status" name="status">
            <option value="">{t(c, "filter.any")}</option>
            {COMPLIANCE_STATUSES.map((status) => (
              <option value={status} selected={query.status === status}>
                {t(c, `oversight.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t(c, "oversight.show")}</button>
        </div>
      </form>
    </search>
  );
}

type Column = { key: SortKey | null; label: MessageCode };
const COLUMNS: Column[] = [
  { key: "name", label: "oversight.col.unit" },
  { key: "status", label: "oversight.col.status" },
  { key: "sessionsHeld", label: "oversight.col.sessionsHeld" },
  { key: "shortNotice", label: "oversight.col.shortNotice" },
  { key: null, label: "oversight.col.recordedAfterwards" },
  { key: null, label: "oversight.col.resultsOnTime" },
  { key: "resultsLate", label: "oversight.col.resultsLate" },
  { key: "petitionsReceived", label: "oversight.col.petitionsReceived" },
  { key: null, label: "oversight.col.acknowledgedOnTime" },
  { key: null, label: "oversight.col.resolvedOnTime" },
  { key: "overdue", label: "oversight.col.overdue" },
  { key: "onTimeRate", label: "oversight.col.onTimeRate" },
  { key: null, label: "oversight.col.commitmentsDone" },
  { key: "commitmentsLate", label: "oversight.col.commitmentsLate" },
];

function SortHeader(props: { c: Context<AppEnv>; column: Column; query: PageQuery; self: Record<string, unknown> }) {
  const { c, column, query } = props;
  const label = t(c, column.label);
  if (!column.key) return <th scope="col">{label}</th>;
  const current = (query.sort ?? "name") === column.key;
  const dir = current ? (query.dir ?? "asc") : null;
  const next = current && dir === "asc" ? "desc" : "asc";
  const href = `${hrefOf("/oversight", { ...props.self, q: query.q, status: query.status, sort: column.key, dir: next })}#communes`;
  return (
    <th scope="col" aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}>
      <a href={href}>
        {label}
        {dir ? <span aria-hidden="true">{dir === "asc" ? " ▲" : " ▼"}</span> : null}
        <span class="visually-hidden">
          {" "}
          ({dir ? t(c, dir === "asc" ? "oversight.sortedAscending" : "oversight.sortedDescending") : t(c, "oversight.sortBy", { column: label })})
        </span>
      </a>
    </th>
  );
}

function ComplianceTable(props: {
  c: Context<AppEnv>;
  items: ComplianceItem[];
  query: PageQuery;
  self: Record<string, unknown>;
  days: { from: string; to: string };
}) {
  const { c, items, days } = props;
  if (items.length === 0) return <p>{t(c, "oversight.noCommunes")}</p>;
  return (
    <section class="table-wrap" tabindex={0} aria-labelledby="communes">
      <table class="compliance">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <SortHeader c={c} column={column} query={props.query} self={props.self} />
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const own = { unit: item.unit.code, own: 1, ...days };
            const sessions = (figure: string) => hrefOf("/oversight/sessions", { ...own, figure });
            const petitions = (figure: string) => hrefOf("/oversight/petitions", { ...own, figure });
            const commitments = (figure: string) => hrefOf("/oversight/commitments", { ...own, figure });
            const rate = onTimeRate(item);
            return (
              <tr class={item.status === "not_met" ? "falls-short" : undefined}>
                <th scope="row">
                  <a href={hrefOf("/oversight", { ...props.self, unit: item.rollsUpTo?.code ?? item.unit.code })}>{item.unit.name}</a>
                  {item.rollsUpTo ? <p class="hint">{t(c, "oversight.rollsUpTo", { unit: item.rollsUpTo.name })}</p> : null}
                  {item.mergedFrom.length ? (
                    <p class="hint">{t(c, "oversight.mergedFrom", { units: item.mergedFrom.map((unit) => unit.name).join(", ") })}</p>
                  ) : null}
                </th>
                <td>
                  <StatusBadge c={c} status={item.status} />
                  <p class="hint nowrap">
                    {t(c, "oversight.counted", { counted: item.sessionsCounted, required: item.sessionsRequired, deadline: formatDay(item.deadline) })}
                  </p>
                </td>
                <td class="number">
                  <FigureLink href={sessions("sessionsHeld")} value={item.sessionsHeld} />
                </td>
                <td class="number">
                  <FigureLink href={sessions("shortNotice")} value={item.shortNotice} tone="bad" />
                </td>
                <td class="number">
                  <FigureLink href={sessions("recordedAfterwards")} value={item.recordedAfterwards} />
                </td>
                <td class="number">
                  <FigureLink href={sessions("resultsOnTime")} value={item.resultsOnTime} />
                </td>
                <td class="number">
                  <FigureLink href={sessions("resultsLate")} value={item.resultsLate} tone="bad" />
                </td>
                <td class="number">
                  <FigureLink href={petitions("received")} value={item.petitionsReceived} />
                </td>
                <td class="number">
                  <FigureLink href={petitions("acknowledgedOnTime")} value={item.acknowledgedOnTime} />
                </td>
                <td class="number">
                  <FigureLink href={petitions("resolvedOnTime")} value={item.resolvedOnTime} />
                </td>
                <td class="number">
                  <FigureLink href={petitions("overdue")} value={item.overdue} tone="bad" />
                </td>
                <td class="number">{rate === null ? t(c, "oversight.noRate") : t(c, "oversight.percent", { value: rate })}</td>
                <td class="number">
                  <FigureLink href={commitments("commitmentsDone")} value={item.commitmentsDone} />
                </td>
                <td class="number">
                  <FigureLink href={commitments("commitmentsLate")} value={item.commitmentsLate} tone="bad" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Charts(props: {
  c: Context<AppEnv>;
  snapshot: DashboardSnapshot;
  groupScope: Record<string, string | undefined>;
  days: { from: string; to: string };
}) {
  const { c, snapshot, groupScope, days } = props;
  const locale = c.get("locale");
  const words = { tableSummary: t(c, "oversight.tableSummary"), locale };
  const monthly = sumMonths(snapshot.sessionsByMonth, snapshot.months.length);
  const byStatus = sumCounts(snapshot.petitionsByStatus);
  const byKind = sumCounts(snapshot.petitionsByKind);
  const rates = snapshot.items
    .map((item) => ({ item, rate: onTimeRate(item) }))
    .filter((entry): entry is { item: ComplianceItem; rate: number } => entry.rate !== null)
    .sort((a, b) => a.rate - b.rate || a.item.unit.name.localeCompare(b.item.unit.name, "vi"));
  const petitionList = (extra: Record<string, string>) => hrefOf("/oversight/petitions", { ...groupScope, ...days, ...extra });
  const statusRows = PETITION_STATUSES.filter((status) => byStatus[status]).map((status) => ({
    label: t(c, `status.${status}`),
    values: [byStatus[status]],
    href: petitionList({ status }),
  }));
  const kindRows = [...PETITION_KINDS, "unclassified" as const]
    .filter((kind) => byKind[kind])
    .map((kind) => ({ label: t(c, `kind.${kind}`), values: [byKind[kind]], href: petitionList({ kind }) }));
  return (
    <div class="charts">
      <BarChart
        {...words}
        id="chart-sessions"
        title={t(c, "oversight.chart.sessions")}
        description={t(c, "oversight.chart.sessionsDescription")}
        labelHeader={t(c, "oversight.chart.month")}
        valueHeader={t(c, "oversight.chart.sessionsValue")}
        bars={snapshot.months.map((month, index) => ({
          label: t(c, "oversight.chart.monthLabel", { month: index + 1 }),
          value: monthly[index],
          href: hrefOf("/oversight/sessions", { ...groupScope, from: month.from, to: month.to, figure: "sessionsHeld" }),
        }))}
      />
      {statusRows.length ? (
        <HorizontalBarChart
          {...words}
          id="chart-status"
          title={t(c, "oversight.chart.byStatus")}
          description={t(c, "oversight.chart.byStatusDescription")}
          labelHeader={t(c, "oversight.chart.status")}
          valueHeader={t(c, "oversight.chart.petitions")}
          series={[{ label: t(c, "oversight.chart.petitions") }]}
          rows={statusRows}
        />
      ) : (
        <NoFigures c={c} title={t(c, "oversight.chart.byStatus")} />
      )}
      {kindRows.length ? (
        <HorizontalBarChart
          {...words}
          id="chart-kind"
          title={t(c, "oversight.chart.byKind")}
          description={t(c, "oversight.chart.byKindDescription")}
          labelHeader={t(c, "oversight.chart.kind")}
          valueHeader={t(c, "oversight.chart.petitions")}
          series={[{ label: t(c, "oversight.chart.petitions") }]}
          rows={kindRows}
        />
      ) : (
        <NoFigures c={c} title={t(c, "oversight.chart.byKind")} />
      )}
      {rates.length ? (
        <HorizontalBarChart
          {...words}
          id="chart-on-time"
          title={t(c, "oversight.chart.onTime")}
          description={t(c, "oversight.chart.onTimeDescription")}
          labelHeader={t(c, "oversight.col.unit")}
          valueHeader={t(c, "oversight.chart.rate")}
          series={[{ label: t(c, "oversight.chart.rate") }]}
          rows={rates.map(({ item, rate }) => ({
            label: item.unit.name,
            values: [rate],
            href: hrefOf("/oversight/petitions", { unit: item.unit.code, own: 1, ...days, figure: "received" }),
          }))}
        />
      ) : (
        <NoFigures c={c} title={t(c, "oversight.chart.onTime")} />
      )}
      <p class="hint">{dayRangeWords(days)}</p>
    </div>
  );
}

/** A chart with nothing to draw: its title and the words that say so. */
function NoFigures(props: { c: Context<AppEnv>; title: string }) {
  return (
    <figure class="chart-figure">
      <figcaption>{props.title}</figcaption>
      <p>{t(props.c, "oversight.chart.none")}</p>
    </figure>
  );
}
