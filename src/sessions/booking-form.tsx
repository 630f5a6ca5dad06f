/**
 * The booking form, used to book and to edit: without JavaScript, bridge points are rows of inputs (a
 * "more rows" button draws three more) and "check" draws the page again with any clash before saving.
 */
import type { Context } from "hono";
import type { UnitOfficialRow } from "../accounts/store";
import type { AppEnv } from "../env";
import type { FieldError } from "../lib/problem";
import type { VillageRow } from "../villages/store";
import { ErrorSummary, Field, type FormValues, type PostedForm } from "../web/form";
import { t } from "../web/i18n";
import { instantsFromForm } from "./components";
import { SESSION_MODES } from "./schema";

type C = Context<AppEnv>;
const BLANK_ROWS = 3;

/** A number field as the schema takes it: blank stays absent (required), text stays text (a clear error). */
export const numberOrText = (text: string | undefined) => (text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : text);

export type BridgeRow = { id?: string; name: string; address?: string; capacity?: string };

/** The bridge point rows a form sent, blank ones left out, renumbered — the page draws them back in this order. */
export function bridgeRowsOf(values: FormValues): BridgeRow[] {
  const count = Number(values.bridgeRows ?? 0) || 0;
  const rows: BridgeRow[] = [];
  for (let index = 0; index < Math.min(count, 300); index++) {
    const field = (name: string) => values[`bridgePoints.${index}.${name}`]?.trim() || undefined;
    const row = { id: field("id"), name: field("name") ?? "", address: field("address"), capacity: field("capacity") };
    if (row.name || row.address || row.capacity) rows.push(row);
  }
  return rows;
}

/** The fields every booking and edit shares, as the API's schema takes them. */
export function bookingFields(form: PostedForm) {
  const values = form.values();
  const coChairName = form.text("coChairName");
  const coChairTitle = form.text("coChairTitle");
  return {
    title: form.raw("title"),
    venue: { name: form.raw("venueName"), address: form.text("venueAddress") },
    mode: form.text("mode"),
    capacity: numberOrText(form.text("capacity")),
    bridgePoints: bridgeRowsOf(values).map((row) => ({
      ...(row.id ? { id: row.id } : {}),
      name: row.name,
      address: row.address,
      capacity: numberOrText(row.capacity),
    })),
    villageIds: form.all("villageIds"),
    coChair: coChairName || coChairTitle ? { name: coChairName ?? "", title: coChairTitle ?? "" } : undefined,
    agenda: form.text("agenda"),
    onlineUrl: form.text("onlineUrl"),
    coOrganiser: form.text("coOrganiser"),
    shortNoticeReason: form.text("shortNoticeReason"),
  };
}

/** The booking's times from the form: a local start (datetime-local) and an end time on the same day. */
export const bookingTimes = (form: PostedForm) => instantsFromForm(form.text("startsAt"), form.text("endTime"));

type FormProps = {
  c: C;
  action: string;
  values: FormValues;
  errors?: FieldError[];
  officials: UnitOfficialRow[];
  villages: VillageRow[];
  /** Editing: times change only by rescheduling, and bridge points keep their ids. */
  editing?: boolean;
  extraRows?: number;
  clashChecked?: boolean;
};

export function BookingForm(props: FormProps) {
  const { c, values, errors, officials, villages } = props;
  const rows = bridgeRowsOf(values);
  const rowCount = rows.length + BLANK_ROWS + (props.extraRows ?? 0);
  const chosenVillages = new Set((values.villageIds ?? "").split(",").filter(Boolean));
  const text = (name: string) => values[name] ?? "";
  return (
    <>
      <ErrorSummary
        c={c}
        errors={errors}
        ids={{ startsAt: "startsAt", endsAt: "endTime", "venue.name": "venueName", "coChair.name": "coChairName", "coChair.title": "coChairTitle" }}
      />
      {props.clashChecked ? (
        <p class="notice" role="status">
          {t(c, "sessions.noClash")}
        </p>
      ) : null}
      <form method="post" action={props.action} class="stack" novalidate>
        <Field c={c} path="title" label={t(c, "sessions.title")} errors={errors}>
          {(field) => <input {...field} name="title" required maxlength={200} value={text("title")} />}
        </Field>
        {props.editing ? null : (
          <>
            <Field c={c} path="startsAt" id="startsAt" label={t(c, "sessions.startsAt")} errors={errors}>
              {(field) => <input {...field} name="startsAt" type="datetime-local" required value={text("startsAt")} />}
            </Field>
            <Field c={c} path="endsAt" id="endTime" label={t(c, "sessions.endTime")} errors={errors}>
              {(field) => <input {...field} name="endTime" type="time" required value={text("endTime")} />}
            </Field>
          </>
        )}
        <Field c={c} path="venue.name" id="venueName" label={t(c, "sessions.venueName")} hint={t(c, "sessions.venueHint")} errors={errors}>
          {(field) => <input {...field} name="venueName" required maxlength={200} value={text("venueName")} />}
        </Field>
        <Field c={c} path="venue.address" id="venueAddress" label={t(c, "sessions.venueAddress")} errors={errors} optional>
          {(field) => <input {...field} name="venueAddress" maxlength={300} value={text("venueAddress")} />}
        </Field>
        <Field c={c} path="capacity" label={t(c, "sessions.capacity")} errors={errors}>
          {(field) => <input {...field} name="capacity" inputmode="numeric" required value={text("capacity")} />}
        </Field>
        <Field c={c} path="chairAccountId" label={t(c, "sessions.chair")} errors={errors}>
          {(field) => (
            <select {...field} name="chairAccountId" required disabled={props.editing}>
              {officials.map((official) => (
                <option value={official.id} selected={text("chairAccountId") === official.id}>
                  {official.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field c={c} path="mode" label={t(c, "sessions.mode")} errors={errors}>
          {(field) => (
            <select {...field} name="mode" required>
              {SESSION_MODES.map((mode) => (
                <option value={mode} selected={text("mode") === mode}>
                  {t(c, `session.mode.${mode}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field c={c} path="onlineUrl" label={t(c, "sessions.onlineUrl")} hint={t(c, "sessions.onlineUrlHint")} errors={errors} optional>
          {(field) => <input {...field} name="onlineUrl" type="url" maxlength={500} value={text("onlineUrl")} />}
        </Field>
        <fieldset>
          <legend>{t(c, "sessions.bridgePoints")}</legend>
          <p class="hint">{t(c, "sessions.bridgePointsHint")}</p>
          <input type="hidden" name="bridgeRows" value={String(rowCount)} />
          {Array.from({ length: rowCount }, (_, index) => {
            const row = rows[index];
            const prefix = `bridgePoints.${index}`;
            return (
              <div class="row">
                {row?.id ? <input type="hidden" name={`${prefix}.id`} value={row.id} /> : null}
                <Field c={c} path={`${prefix}.name`} label={t(c, "sessions.bridgeName", { number: index + 1 })} errors={errors} optional>
                  {(field) => <input {...field} name={`${prefix}.name`} maxlength={200} value={row?.name ?? ""} />}
                </Field>
                <Field c={c} path={`${prefix}.address`} label={t(c, "sessions.bridgeAddress", { number: index + 1 })} errors={errors} optional>
                  {(field) => <input {...field} name={`${prefix}.address`} maxlength={300} value={row?.address ?? ""} />}
                </Field>
                <Field c={c} path={`${prefix}.capacity`} label={t(c, "sessions.bridgeCapacity", { number: index + 1 })} errors={errors} optional>
                  {(field) => <input {...field} name={`${prefix}.capacity`} inputmode="numeric" value={row?.capacity ?? ""} />}
                </Field>
              </div>
            );
          })}
          <button type="submit" name="intent" value="more" class="secondary" formnovalidate>
            {t(c, "sessions.moreRows")}
          </button>
        </fieldset>
        {villages.length ? (
          <fieldset>
            <legend>{t(c, "sessions.audience")}</legend>
            {villages.map((village) => (
              <div class="check">
                <input id={`village-${village.id}`} type="checkbox" name="villageIds" value={village.id} checked={chosenVillages.has(village.id)} />
                <label for={`village-${village.id}`}>{village.name}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <Field c={c} path="coChair.name" id="coChairName" label={t(c, "sessions.coChairName")} hint={t(c, "sessions.coChairHint")} errors={errors} optional>
          {(field) => <input {...field} name="coChairName" maxlength={120} value={text("coChairName")} />}
        </Field>
        <Field c={c} path="coChair.title" id="coChairTitle" label={t(c, "sessions.coChairTitle")} errors={errors} optional>
          {(field) => <input {...field} name="coChairTitle" maxlength={120} value={text("coChairTitle")} />}
        </Field>
        <Field c={c} path="coOrganiser" label={t(c, "sessions.coOrganiser")} errors={errors} optional>
          {(field) => <input {...field} name="coOrganiser" maxlength={200} value={text("coOrganiser")} />}
        </Field>
        <Field c={c} path="agenda" label={t(c, "sessions.agenda")} errors={errors} optional>
          {(field) => (
            <textarea {...field} name="agenda" rows={5} maxlength={5000}>
              {text("agenda")}
            </textarea>
          )}
        </Field>
        <Field c={c} path="shortNoticeReason" label={t(c, "sessions.shortNoticeReason")} hint={t(c, "sessions.shortNoticeHint")} errors={errors} optional>
          {(field) => (
            <textarea {...field} name="shortNoticeReason" rows={2} maxlength={500}>
              {text("shortNoticeReason")}
            </textarea>
          )}
        </Field>
        {props.editing ? <input type="hidden" name="version" value={text("version")} /> : null}
        <div class="row">
          {props.editing ? null : (
            <button type="submit" name="intent" value="check" class="secondary">
              {t(c, "sessions.checkClash")}
            </button>
          )}
          <button type="submit" name="intent" value="save">
            {props.editing ? t(c, "sessions.saveChanges") : t(c, "sessions.book")}
          </button>
        </div>
      </form>
    </>
  );
}
