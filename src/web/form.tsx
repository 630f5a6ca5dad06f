/**
 * The form kit every page uses: read a posted form safely, validate it with the same valibot schema as the
 * API, and show failures the GOV.UK way — a summary at the top linking to each field, the message next to
 * the field, one language. Pages never call `v.safeParse` or catch a Problem by hand.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Child } from "hono/jsx";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { type FieldError, fieldError, Problem } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { t } from "./i18n";

/** What the visitor typed, as text, to fill the form again after an error. */
export type FormValues = Record<string, string | undefined>;

/** A posted form: text fields, checkboxes and files by name. */
export class PostedForm {
  constructor(private readonly body: Record<string, string | File | (string | File)[]>) {}

  /** A text field, trimmed; undefined when absent or blank (so optional fields stay absent). */
  text(name: string): string | undefined {
    const value = this.body[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" && first.trim() !== "" ? first.trim() : undefined;
  }

  /** A text field as typed (not trimmed), or "" — for fields whose spaces matter (passwords). */
  raw(name: string): string {
    const value = this.body[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" ? first : "";
  }

  /** Every value sent under a name (multi-selects, repeated fields). */
  all(name: string): string[] {
    return ([] as unknown[]).concat(this.body[name] ?? []).filter((value): value is string => typeof value === "string");
  }

  checked(name: string): boolean {
    return this.text(name) === "on";
  }

  /** The files sent under a name; empty file inputs (no name, no bytes) are left out. */
  files(name: string): File[] {
    return ([] as unknown[]).concat(this.body[name] ?? []).filter((file): file is File => file instanceof File && (file.size > 0 || file.name !== ""));
  }

  /** The text values, to fill the form again. */
  values(): FormValues {
    const values: FormValues = {};
    for (const [name, value] of Object.entries(this.body)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === "string") values[name] = first;
    }
    return values;
  }
}

/**
 * Reads a form body (urlencoded or multipart). A body that cannot be parsed — a broken multipart boundary,
 * a truncated upload — is the visitor's 400, not our 500.
 */
export async function readForm(c: Context<AppEnv>): Promise<PostedForm> {
  try {
    return new PostedForm(await c.req.parseBody({ all: true }));
  } catch {
    throw new Problem(400, "request.malformed_form", { errors: [fieldError("", "request.malformed_form")] });
  }
}

/** What a form page gets back after a failure: the values to refill and the errors to show. */
export type FormFailure = { values: FormValues; errors: FieldError[] };

/** Draws the form's page again; returns the page (drawn with the failure's status) or a whole response. */
type Render = (c: Context<AppEnv>, failure: FormFailure) => PageContent | Response | Promise<PageContent | Response>;
type PageContent = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The posted form of a request that went through `validateForm` (for its files and raw values). */
export function postedForm(c: Context<AppEnv>): PostedForm {
  return c.get("postedForm") ?? new PostedForm({});
}

/**
 * Validation for a form post, in the style of `@hono/valibot-validator`'s hook: `toInput` turns the posted
 * fields into the schema's input (the API's own schema), `render` draws the page again with the errors.
 * The handler reads `c.req.valid("form")`. A Problem the handler throws with status 400, 409, 413, 422 or
 * 429 (and `alsoShow`) is drawn on the same page too, so use cases can refuse with codes and the page shows
 * them by the fields they name.
 */
export function validateForm<S extends v.GenericSchema>(
  schema: S,
  toInput: (form: PostedForm, c: Context<AppEnv>) => unknown | Promise<unknown>,
  render: Render,
  options: { alsoShow?: number[] } = {},
) {
  const shown = new Set([...SHOWN_ON_FORM, ...(options.alsoShow ?? [])]);
  const middleware: MiddlewareHandler<AppEnv> = async function validateFormMiddleware(c, next) {
    let form: PostedForm;
    try {
      form = await readForm(c);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      return renderFailure(c, render, { values: {}, errors: error.errors ?? [] }, 400);
    }
    c.set("postedForm", form);
    const result = v.safeParse(schema, await toInput(form, c));
    if (!result.success) return renderFailure(c, render, { values: form.values(), errors: issuesToErrors(result.issues) }, 400);
    c.req.addValidatedData("form", result.output as Record<string, unknown>);
    await next();
    const refused = c.error;
    if (refused instanceof Problem && shown.has(refused.status)) {
      c.error = undefined;
      for (const [name, value] of Object.entries(refused.headers)) c.header(name, value);
      c.res = await renderFailure(
        c,
        render,
        { values: form.values(), errors: refused.errors ?? [{ path: "", code: refused.code, params: refused.params }] },
        refused.status,
      );
    }
  };
  return middleware as MiddlewareHandler<AppEnv, string, { in: { form: v.InferInput<S> }; out: { form: v.InferOutput<S> } }>;
}

const SHOWN_ON_FORM = new Set([400, 409, 413, 422, 429]);

async function renderFailure(c: Context<AppEnv>, render: Render, failure: FormFailure, status: number): Promise<Response> {
  const drawn = await render(c, failure);
  if (drawn instanceof Response) return new Response(drawn.body, { status, headers: drawn.headers });
  return c.html(drawn, status as ContentfulStatusCode);
}

/**
 * A page's query string (filters, search) through the API's schema. Blank fields count as absent; an invalid
 * query gives `value: null` and the errors to show beside the filters, never a 500.
 */
export function readQuery<S extends v.GenericSchema>(c: Context<AppEnv>, schema: S): { value: v.InferOutput<S> | null; errors: FieldError[] } {
  const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
  const result = v.safeParse(schema, query);
  return result.success ? { value: result.output, errors: [] } : { value: null, errors: issuesToErrors(result.issues) };
}

/** The id of a field's input for an error path (`submitter.phone` → `submitter-phone`). */
export const fieldId = (path: string) => path.replace(/[^A-Za-z0-9_-]+/g, "-") || "form";

/** The error for a field, in the page's language, or undefined. */
export function errorText(c: Context<AppEnv>, errors: FieldError[] | undefined, path: string): string | undefined {
  const error = errors?.find((candidate) => candidate.path === path);
  return error ? t(c, error.code, error.params) : undefined;
}

/**
 * The error summary at the top of a form (GOV.UK pattern): a heading, then each error as a link to its field.
 * It takes focus when the page loads (`autofocus`, no script needed), so keyboard and screen-reader users land
 * on it and reach each field from its link. `ids` maps an error path to the id of its input where that differs
 * from `fieldId(path)`; `order` lists the fields' paths as the page shows them.
 */
export function ErrorSummary(props: { c: Context<AppEnv>; errors?: FieldError[]; ids?: Record<string, string>; order?: readonly string[] }) {
  const { c } = props;
  if (!props.errors?.length) return null;
  // In the order of the fields on the page (the schema may list them otherwise); others after them.
  const rank = (path: string) => (props.order?.includes(path) ? props.order.indexOf(path) : Number.MAX_SAFE_INTEGER);
  const errors = [...props.errors].sort((a, b) => rank(a.path) - rank(b.path));
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">{t(c, "form.errors")}</h2>
      <ul>
        {errors.map((error) => {
          const message = `${error.line ? `${t(c, "form.line", { line: error.line })} ` : ""}${t(c, error.code, error.params)}`;
          return <li>{error.path ? <a href={`#${props.ids?.[error.path] ?? fieldId(error.path)}`}>{message}</a> : message}</li>;
        })}
      </ul>
    </div>
  );
}

/** The words after a label: "(không bắt buộc)" for an optional field; required fields carry no mark (GOV.UK). */
export function OptionalMark(props: { c: Context<AppEnv> }) {
  return <span class="optional"> {t(props.c, "form.optional")}</span>;
}

/**
 * A labelled field with its hint and its error next to it. `children` receives the attributes the input
 * needs (id, required, aria-invalid, aria-describedby), so every input is wired the same way. Each field of a
 * form says which it is: `required` (the input gets `required`, the label no mark, as GOV.UK does) or `optional`
 * (the label says "(không bắt buộc)"). Forms carry `novalidate`, so the server's message in the page's language
 * is what people see, not the browser's.
 */
export function Field(props: {
  c: Context<AppEnv>;
  path: string;
  label: string;
  errors?: FieldError[];
  hint?: string;
  id?: string;
  required?: boolean;
  optional?: boolean;
  children: (attributes: FieldAttributes) => Child;
}) {
  const id = props.id ?? fieldId(props.path);
  const message = errorText(props.c, props.errors, props.path);
  const describedBy = [props.hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(" ");
  const attributes: FieldAttributes = {
    id,
    ...(props.required ? { required: true } : {}),
    ...(message ? { "aria-invalid": "true" } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
  };
  return (
    <div class={message ? "field has-error" : "field"}>
      <label for={id}>
        {props.label}
        {props.optional ? <OptionalMark c={props.c} /> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldMessage c={props.c} id={`${id}-error`} message={message} />
      {props.children(attributes)}
    </div>
  );
}

/** A field's error in words, announced with a hidden "Lỗi:" so it is not taken for a hint. */
export function FieldMessage(props: { c: Context<AppEnv>; id: string; message?: string }) {
  return props.message ? (
    <p class="field-error" id={props.id}>
      <span class="visually-hidden">{t(props.c, "form.errorPrefix")}</span>
      {props.message}
    </p>
  ) : null;
}

export type FieldAttributes = { id: string; required?: true; "aria-invalid"?: "true"; "aria-describedby"?: string };

/**
 * A form's search step (a unit picker's "Tìm" button, `name="find"`): the page is drawn again with what was
 * typed and the new matches, nothing is validated or saved. Put it before `validateForm` on the same route.
 */
export function searchStep(render: Render): MiddlewareHandler<AppEnv> {
  return async function searchStepMiddleware(c, next) {
    const form = await readForm(c).catch(() => null);
    if (!form?.text("find")) return next();
    return renderFailure(c, render, { values: form.values(), errors: [] }, 200);
  };
}
