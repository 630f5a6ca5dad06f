import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { FieldError } from "../lib/problem";
import { errorText, FieldMessage, fieldId, OptionalMark } from "./form";
import { t } from "./i18n";

/** A unit as a picker lists it; `provinceName` tells same-named communes of different provinces apart. */
export type UnitOption = { code: string; name: string; provinceName?: string | null };

/** The unit a picker shows as chosen: the one asked for when it is listed, else the only match of a search. */
export function chosenUnit(options: readonly UnitOption[], selected: string | undefined, searched: boolean): string | undefined {
  if (selected && options.some((option) => option.code === selected)) return selected;
  return searched && options.length === 1 ? options[0].code : undefined;
}

/**
 * Picks a unit by name, never by typing a code, with or without JavaScript. The search box is part of the
 * form: without JavaScript the form goes back to the server (a GET filter form simply submits; a POST form
 * gets a "Tìm" button, `name="find"`, handled by `searchStep`), which lists the matches — names folded, words in
 * any order — with a single match chosen already, and says plainly when nothing matches. `unit-picker.js` does
 * the same as you type, from the page's own GET view (`source`), so nothing typed elsewhere is lost.
 * `options` are the matches (without a search: the first units, and the chosen one); `more` says the list was cut.
 */
export function UnitPicker(props: {
  c: Context<AppEnv>;
  name: string;
  searchName: string;
  label: string;
  /** What the empty choice says: "— Chọn đơn vị —", or "Tất cả các xã, phường" in a filter. */
  emptyChoice: string;
  /** The page that lists matches for `?{searchName}=…` (the GET view of this form). */
  source: string;
  options: readonly UnitOption[];
  search?: string;
  selected?: string;
  more?: boolean;
  hint?: string;
  optional?: boolean;
  errors?: FieldError[];
  findButton?: boolean;
}) {
  const { c, options } = props;
  const id = fieldId(props.name);
  const search = props.search?.trim() ?? "";
  const chosen = chosenUnit(options, props.selected, search !== "");
  const message = errorText(c, props.errors, props.name);
  const describedBy = [props.hint ? `${id}-hint` : null, message ? `${id}-error` : null, `${id}-result`].filter(Boolean).join(" ");
  const result = !search
    ? props.more
      ? t(c, "picker.firstOnly", { count: options.length })
      : ""
    : options.length === 0
      ? t(c, "picker.none", { search })
      : options.length === 1
        ? t(c, "picker.one", { name: labelOf(options[0]) })
        : t(c, props.more ? "picker.many.more" : "picker.many", { count: options.length });
  return (
    <fieldset class={message ? "unit-picker has-error" : "unit-picker"} data-unit-picker={props.source} data-search-name={props.searchName}>
      <legend>
        {props.label}
        {props.optional ? <OptionalMark c={c} /> : null}
      </legend>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldMessage c={c} id={`${id}-error`} message={message} />
      <div class="row picker-search">
        <div>
          <label for={`${id}-search`}>{t(c, "picker.search")}</label>
          <input id={`${id}-search`} name={props.searchName} type="search" value={search} autocomplete="off" />
        </div>
        {props.findButton ? (
          <button type="submit" name="find" value={props.name} class="secondary">
            {t(c, "picker.find")}
          </button>
        ) : null}
      </div>
      <p class="picker-result" id={`${id}-result`} role="status">
        {result}
      </p>
      <label for={id}>{t(c, "picker.choose")}</label>
      <select
        id={id}
        name={props.name}
        {...(props.optional ? {} : { required: true })}
        {...(message ? { "aria-invalid": "true" } : {})}
        aria-describedby={describedBy}
      >
        <option value="">{props.emptyChoice}</option>
        {options.map((option) => (
          <option value={option.code} selected={option.code === chosen}>
            {labelOf(option)}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

const labelOf = (option: UnitOption) => (option.provinceName ? `${option.name} — ${option.provinceName}` : option.name);
