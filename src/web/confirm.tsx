import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../env";
import { t } from "./i18n";
import { Layout } from "./layout";

/**
 * An irreversible or weighty action behind a second, explicit step, without JavaScript: a `<details>` whose
 * summary opens the question and the real submit button ("Có, xóa ngày nghỉ"). Nothing is sent until that
 * button is pressed. `label` is the visible summary; `labelDetail` is read by screen readers after it, so ten
 * "Xóa" buttons in a table each say what they delete.
 */
export function ConfirmAction(props: {
  c: Context<AppEnv>;
  action: string;
  label: string;
  labelDetail?: string;
  question: Child;
  confirmLabel: string;
  fields?: Record<string, string>;
  children?: Child;
  /** Drawn open: its form came back with an error, or a search step inside it was answered. */
  open?: boolean;
  id?: string;
  /** The form's accessible name (defaults to none: the summary names the step). */
  formLabel?: string;
}) {
  return (
    <details class="confirm" open={props.open} id={props.id}>
      <summary>
        {props.label}
        {props.labelDetail ? <span class="visually-hidden"> {props.labelDetail}</span> : null}
      </summary>
      <form method="post" action={props.action} class="confirm-body" novalidate aria-label={props.formLabel}>
        <p>{props.question}</p>
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.children}
        <button type="submit" class="danger">
          {props.confirmLabel}
        </button>
      </form>
    </details>
  );
}

/**
 * The second-page form of a confirmation (GOV.UK's "are you sure" page), for actions listed in tables, where a
 * step opened inside a narrow cell would be unreadable on a phone: the question as the page's title, what will
 * happen, the explicit button, and the way back.
 */
export function ConfirmPage(props: {
  c: Context<AppEnv>;
  question: string;
  consequence: string;
  action: string;
  confirmLabel: string;
  back: string;
  fields?: Record<string, string>;
}) {
  const { c } = props;
  return (
    <Layout c={c} title={props.question}>
      <p>{props.consequence}</p>
      <form method="post" action={props.action} class="stack" novalidate>
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="row buttons">
          <button type="submit" class="danger">
            {props.confirmLabel}
          </button>
          <a href={props.back}>{t(c, "confirm.back")}</a>
        </div>
      </form>
    </Layout>
  );
}
