/** The in-page confirmation step: nothing is sent until its explicit button is pressed, and it needs no script. */
import type { Context } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { catalog } from "../../src/messages";
import { ConfirmAction } from "../../src/web/confirm";
import { makeTranslate } from "../../src/web/i18n";

const c = { get: () => makeTranslate(catalog, "vi") } as unknown as Context<AppEnv>;

describe("ConfirmAction", () => {
  it("is a <details> whose summary only opens the question; the form and its button are inside", async () => {
    const html = String(
      await ConfirmAction({
        c,
        action: "/x/1/close",
        label: "Kết thúc",
        labelDetail: "đơn số ABCD-EFGH-JKLM",
        question: "Kết thúc đơn này? Người dân sẽ không còn phản hồi được.",
        confirmLabel: "Có, kết thúc đơn",
        fields: { version: "3" },
      }),
    );
    expect(html).toBe(
      '<details class="confirm"><summary>Kết thúc<span class="visually-hidden"> đơn số ABCD-EFGH-JKLM</span></summary>' +
        '<form method="post" action="/x/1/close" class="confirm-body" novalidate=""><p>Kết thúc đơn này? Người dân sẽ không còn phản hồi được.</p>' +
        '<input type="hidden" name="version" value="3"/><button type="submit" class="danger">Có, kết thúc đơn</button></form></details>',
    );
  });
});
