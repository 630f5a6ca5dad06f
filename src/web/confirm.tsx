import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../env";

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
}) {
  return (
    <details class="confirm">
      <summary>
        {props.label}
        {props.labelDetail ? <span class="visually-hidden"> {props.labelDetail}</span> : null}
      </summary>
      <form method="post" action={props.action} class="confirm-body" novalidate>
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
