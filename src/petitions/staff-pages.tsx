import { type Context, Hono } from "hono";
import { currentUser } from "../auth/access";
import { categoryName } from "../categories/rules";
import { categoriesStatement, toCategories } from "../categories/store";
import type { AppEnv } from "../env";
import { background } from "../lib/background";
import { clientKey } from "../lib/client";
import { formatInstant, localDay } from "../lib/dates";
import type { FieldError } from "../lib/problem";
import { publicOrigin } from "../notifications/rules";
import { toUnitChoices, unitPickerStatement } from "../units/store";
import { ErrorSummary, Field, type FormFailure, type FormValues, type PostedForm, postedForm, searchStep, validateForm } from "../web/form";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, FilterSelect, Layout, Notice } from "../web/layout";
import { chosenUnit, UnitPicker } from "../web/unit-picker";
import { DueDeadline, historyWords, PETITION_FIELD_IDS, PETITION_FIELD_ORDER, PetitionFields, StatusBadge, submissionFromForm } from "./components";
import { PetitionPageView } from "./petition-page";
import { ACTION_RULES } from "./rules";
import {
  CLASSIFIED_KINDS,
  isPetitionId,
  PETITION_STATUSES,
  type PetitionAction,
  type PetitionListQuery,
  petitionActionSchema,
  petitionListQuerySchema,
  petitionSubmissionSchema,
} from "./schema";
import { formatTrackingCode } from "./store";
import { performAction, readInbox, submitPetition } from "./workflow";

type C = Context<AppEnv>;

/** A province has at most a few hundred communes: the supervisor's picker lists them all when nothing is searched. */
const COMMUNE_CHOICES = 300;
const COMMUNE_LEVELS = ["commune", "ward", "special_zone"] as const;

/** The inbox filters' inputs by error path (the summary links to them). */
const FILTER_IDS = { status: "f-status", kind: "f-kind", category: "f-category", dueWithinDays: "f-due", q: "f-q", overdue: "f-overdue", unit: "unit" };

/**
 * The supervisor's commune filter: the province's communes by name (a search narrows them, a single match is
 * chosen). Its list is read beside the inbox only for a supervisor; a chosen commune outside the list is not theirs.
 */
function communeFilter(c: C) {
  const user = currentUser(c);
  if (user.role !== "supervisor") return null;
  const search = c.req.query("unitq")?.trim().slice(0, 100) ?? "";
  const listed = unitPickerStatement(c.env.DB, {
    q: search,
    levels: COMMUNE_LEVELS,
    onDay: localDay(),
    province: user.provinceCode ?? "",
    limit: COMMUNE_CHOICES,
  });
  return { listed, search };
}

/** The inbox with its filters; `failure` holds the filters that did not validate (the default inbox shows instead). */
async function InboxPage(props: { c: C; query: PetitionListQuery; failure?: FormFailure }) {
  const { c, query } = props;
  const user = currentUser(c);
  const commune = communeFilter(c);
  // The picker's list rides in the inbox's batch. A page shows the caller's own inbox for a unit out of reach rather
  // than an error page, and a search that finds one commune (without JavaScript) filters by it: a second round trip then.
  const options = { withCategories: true, lenientCursor: true, also: commune ? [commune.listed] : [] };
  let page = (await readInbox(c.env.DB, user, query, options)) ?? (await readInbox(c.env.DB, user, { ...query, unit: undefined }, options));
  if (!page) throw new Error("the caller's own inbox is always in reach");
  const choices = commune ? toUnitChoices(page.also[0], COMMUNE_CHOICES) : null;
  const pickerOptions = choices?.choices.map((choice) => ({ code: choice.code, name: choice.name })) ?? [];
  const chosen = commune ? chosenUnit(pickerOptions, query.unit, commune.search !== "") : query.unit;
  if (commune && chosen && chosen !== query.unit) page = (await readInbox(c.env.DB, user, { ...query, unit: chosen }, { ...options, also: [] })) ?? page;
  const { done: _notice, ...asked } = c.req.query();
  const current: Record<string, string> = props.failure ? {} : asked;
  const nextQuery = page.nextCursor ? new URLSearchParams({ ...current, cursor: page.nextCursor }).toString() : null;
  const filtered = Object.entries(current).some(([name, value]) => name !== "cursor" && value !== "");
  const locale = c.get("locale");
  return (
    <Layout c={c} title={t(c, "nav.inbox")} hasErrors={!!props.failure?.errors.length}>
      <Notice text={c.req.query("done") === "moved" ? t(c, "petition.movedAway") : null} />
      <ErrorSummary c={c} errors={props.failure?.errors} ids={FILTER_IDS} order={["unit", "q", "status", "kind", "category", "dueWithinDays", "overdue"]} />
      <search>
        <form method="get" action="/staff/petitions" class="stack filters" novalidate>
          {commune ? (
            <UnitPicker
              c={c}
              name="unit"
              searchName="unitq"
              label={t(c, "petition.inboxCommune")}
              emptyChoice={t(c, "petition.allCommunes")}
              source="/staff/petitions"
              options={pickerOptions}
              more={choices?.more}
              search={commune.search}
              selected={chosen}
              optional
            />
          ) : null}
          <Field c={c} path="q" id="f-q" label={t(c, "petition.search")} hint={t(c, "petition.searchHint")} errors={props.failure?.errors}>
            {(field) => <input {...field} name="q" type="search" value={props.failure?.values.q ?? current.q ?? ""} />}
          </Field>
          <div class="row">
            <FilterSelect
              c={c}
              id="f-status"
              name="status"
              label={t(c, "petition.status")}
              selected={current.status}
              options={PETITION_STATUSES.map((status) => ({ value: status, label: t(c, `status.${status}`) }))}
            />
            <FilterSelect
              c={c}
              id="f-kind"
              name="kind"
              label={t(c, "petition.kind")}
              selected={current.kind}
              options={CLASSIFIED_KINDS.map((kind) => ({ value: kind, label: t(c, `kind.${kind}`) }))}
            />
            <FilterSelect
              c={c}
              id="f-category"
              name="category"
              label={t(c, "petition.category")}
              selected={current.category}
              options={page.categories.map((category) => ({ value: category.code, label: categoryName(category, locale) }))}
            />
            <Field c={c} path="dueWithinDays" id="f-due" label={t(c, "petition.dueWithin")} errors={props.failure?.errors}>
              {(field) => (
                <input
                  {...field}
                  name="dueWithinDays"
                  type="number"
                  inputmode="numeric"
                  min={0}
                  max={365}
                  value={props.failure?.values.dueWithinDays ?? current.dueWithinDays ?? ""}
                />
              )}
            </Field>
          </div>
          <div class="check">
            <input id="f-overdue" name="overdue" type="checkbox" value="true" checked={current.overdue === "true"} />
            <label for="f-overdue">{t(c, "petition.onlyOverdue")}</label>
          </div>
          <div class="row buttons">
            <button type="submit" class="secondary">
              {t(c, "petition.filters")}
            </button>
            {filtered ? <a href="/staff/petitions">{t(c, "petition.clearFilters")}</a> : null}
          </div>
        </form>
      </search>
      {page.items.length === 0 ? (
        <p>{query.q ? t(c, "petition.noneFound", { q: query.q }) : t(c, "petition.none")}</p>
      ) : (
        <DataTable
          label={t(c, "nav.inbox")}
          columns={[
            t(c, "petition.column"),
            t(c, "petition.status"),
            t(c, "petition.due"),
            t(c, "petition.kind"),
            t(c, "petition.assignedTo"),
            t(c, "petition.submittedAt"),
          ]}
        >
          {page.items.map((item) => (
            <tr>
              <td>
                <a href={`/staff/petitions/${item.id}`}>{item.title}</a>
                <br />
                <span class="hint code">{formatTrackingCode(item.trackingCode)}</span>
                {user.role === "supervisor" ? <span class="hint"> · {item.unit.name}</span> : null}
              </td>
              <td>
                <StatusBadge c={c} status={item.status} />
              </td>
              <td>
                <DueDeadline c={c} dueOn={item.dueOn} calendar={page.calendar} />
              </td>
              <td>{item.kind ? t(c, `kind.${item.kind}`) : t(c, "kind.unclassified")}</td>
              <td>{item.assignee?.name ?? t(c, "petition.nobody")}</td>
              <td>{formatInstant(item.submittedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextQuery ? (
        <p>
          <a href={`/staff/petitions?${nextQuery}`}>{t(c, "form.next")}</a>
        </p>
      ) : null}
      {commune ? <script src="/static/unit-picker.js" defer /> : null}
    </Layout>
  );
}

/** `?done=` after a successful form: only known names become a notice (never a key built from the address). */
function doneNotice(c: C): string | null {
  const done = c.req.query("done");
  if (done === "submit") return t(c, "petition.submitted");
  if (done && Object.hasOwn(ACTION_RULES, done)) return t(c, "action.done", { action: historyWords(c, done as PetitionAction) });
  return null;
}

/** Form fields of an action → the input the API's action schema validates (fields the form did not send stay absent). */
function actionFromForm(form: PostedForm) {
  const sent = form.values();
  const input: Record<string, unknown> = { action: sent.action, version: Number(sent.version) };
  for (const name of ["kind", "complexity", "guidance", "reason", "of", "accountId", "text"]) if (sent[name] !== undefined) input[name] = sent[name];
  // Optional fields left blank stay absent (a transfer names a commune or an outside body).
  for (const name of ["toUnitCode", "toBody", "letterNumber"]) if (form.text(name) !== undefined) input[name] = form.text(name);
  if (input.action === "mark_duplicate") input.of = form.text("of") ?? "";
  if (input.action === "classify") Object.assign(input, { remoteArea: form.checked("remoteArea"), needsVerification: form.checked("needsVerification") });
  if (input.action === "split") {
    // The part rows left empty are not parts.
    input.parts = CLASSIFIED_KINDS.map((_, index) => ({
      kind: form.text(`parts.${index}.kind`),
      title: form.text(`parts.${index}.title`),
      content: form.text(`parts.${index}.content`),
    })).filter((part) => part.title !== undefined || part.content !== undefined);
  }
  if (form.text("days") !== undefined) input.days = Number(form.text("days"));
  return input;
}

async function WalkInPage(props: { c: C; values: FormValues; errors?: FieldError[] }) {
  const { c } = props;
  const [categories] = await c.env.DB.batch([categoriesStatement(c.env.DB)]);
  return (
    <Layout c={c} title={t(c, "petition.walkInTitle")} hasErrors={!!props.errors?.length}>
      <ErrorSummary c={c} errors={props.errors} ids={PETITION_FIELD_IDS} order={PETITION_FIELD_ORDER} />
      <p>{t(c, "petition.walkInIntro")}</p>
      <form method="post" action="/staff/petitions/new" enctype="multipart/form-data" class="stack" novalidate>
        <PetitionFields c={c} values={props.values} errors={props.errors} communes={null} categories={toCategories(categories.results)} staff />
        <div>
          <button type="submit">{t(c, "petition.submit")}</button>
        </div>
      </form>
    </Layout>
  );
}

const DEFAULT_QUERY: PetitionListQuery = { limit: 50 };

const renderPetition = (c: C, failure: FormFailure) => PetitionPageView({ c, id: c.req.param("id") ?? "", failure });

/** Officials' pages: the inbox, a petition with its actions, and the walk-in reception form. */
export const staffPetitionPages = new Hono<AppEnv>()
  .get(
    "/",
    pageAccess("commune_head", "commune_staff", "supervisor"),
    // The filters are a GET form: validated like any form, blank fields left out (the picker's search is its own).
    validateForm(
      petitionListQuerySchema,
      (_form, c) => Object.fromEntries(Object.entries(c.req.query()).filter(([name, value]) => value !== "" && name !== "unitq" && name !== "done")),
      (c, failure) => InboxPage({ c, query: DEFAULT_QUERY, failure }),
    ),
    async (c) => c.html(await InboxPage({ c, query: c.req.valid("form") })),
  )
  .get("/new", pageAccess("commune_head", "commune_staff"), async (c) => c.html(await WalkInPage({ c, values: { channel: "walk_in" } })))
  .post(
    "/new",
    pageAccess("commune_head", "commune_staff"),
    validateForm(
      petitionSubmissionSchema,
      (form, c) => submissionFromForm(form, currentUser(c).unitCode ?? ""),
      (c, failure) => WalkInPage({ c, ...failure }),
    ),
    async (c) => {
      const { petition } = await submitPetition(c.env, c.req.valid("form"), {
        user: currentUser(c),
        clientKey: clientKey(c),
        photos: postedForm(c).files("photos"),
        later: background(c.executionCtx),
      });
      return c.redirect(`/staff/petitions/${petition.id}?done=submit`, 303);
    },
  )
  .get("/:id", pageAccess("commune_head", "commune_staff", "supervisor"), async (c) => {
    const id = c.req.param("id");
    if (!isPetitionId(id)) return c.notFound();
    return c.html(await PetitionPageView({ c, id, notice: doneNotice(c) }));
  })
  .post(
    "/:id/actions",
    pageAccess("commune_head", "commune_staff"),
    async (c, next) => (isPetitionId(c.req.param("id")) ? next() : c.notFound()),
    // "Tìm" of the transfer's commune picker or of the duplicate's search draws the page again with the matches.
    searchStep(renderPetition),
    validateForm(petitionActionSchema, (form) => actionFromForm(form), renderPetition),
    async (c) => {
      const id = c.req.param("id");
      const input = c.req.valid("form");
      const petition = await performAction(c.env, currentUser(c), id, input, {
        requestId: c.get("requestId"),
        later: background(c.executionCtx),
        answer: false,
        delivery: { origin: publicOrigin(c.env, c.req.url), ctx: c.executionCtx },
      });
      // Transferred to another commune, the petition is no longer this unit's to see: back to the inbox, saying so.
      if (petition.unit.code !== currentUser(c).unitCode) return c.redirect("/staff/petitions?done=moved", 303);
      return c.redirect(`/staff/petitions/${id}?done=${input.action}#main`, 303);
    },
  );
