import { Hono } from "hono";
import * as v from "valibot";
import { auditStatement } from "../audit/store";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { issuesToErrors } from "../lib/validate";
import { getUnit } from "../units/store";
import { pageAccess } from "../web/guard";
import { t } from "../web/i18n";
import { DataTable, Layout, Notice } from "../web/layout";
import { putTimeLimitSchema, TIME_LIMIT_RULES } from "./schema";
import { listTimeLimits, putTimeLimit } from "./store";

/** `/admin/time-limits?province=`: the legal time limits in force, national defaults or a province's own. */
export const timeLimitsPages = new Hono<AppEnv>()
  .use(pageAccess("admin"))
  .get("/", async (c) => {
    const province = c.req.query("province")?.trim() || "*";
    const limits = await listTimeLimits(c.env.DB, province);
    return c.html(
      <Layout c={c} title={t(c, "timeLimits.title")}>
        <Notice text={c.req.query("saved") ? "✓" : null} />
        <FormErrors c={c} errors={c.req.query("error") ? [{ path: "province", message: c.req.query("error") ?? "" }] : undefined} />
        <search>
          <form method="get" action="/admin/time-limits" class="row">
            <div>
              <label for="tl-province">{t(c, "timeLimits.province")}</label>
              <input id="tl-province" name="province" value={province} maxlength={20} />
            </div>
            <button type="submit" class="secondary">
              {t(c, "petition.filters")}
            </button>
          </form>
        </search>
        <DataTable label={t(c, "timeLimits.title")} columns={[t(c, "timeLimits.rule"), t(c, "timeLimits.days"), t(c, "timeLimits.save")]}>
          {limits.map((limit) => (
            <tr>
              <td>
                {limit.rule}
                {limit.overridden ? " ✱" : ""}
              </td>
              <td colspan={2}>
                <form method="post" action="/admin/time-limits" class="row">
                  <input type="hidden" name="province" value={province} />
                  <input type="hidden" name="rule" value={limit.rule} />
                  <div>
                    <label for={`days-${limit.rule}`}>{t(c, "timeLimits.days")}</label>
                    <input id={`days-${limit.rule}`} name="days" type="number" min={1} max={365} value={String(limit.days)} />
                  </div>
                  <div>
                    <label for={`kind-${limit.rule}`}>{t(c, "timeLimits.dayKind")}</label>
                    <select id={`kind-${limit.rule}`} name="dayKind">
                      <option value="working" selected={limit.dayKind === "working"}>
                        {t(c, "timeLimits.working")}
                      </option>
                      <option value="calendar" selected={limit.dayKind === "calendar"}>
                        {t(c, "timeLimits.calendar")}
                      </option>
                    </select>
                  </div>
                  <button type="submit">{t(c, "timeLimits.save")}</button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
        <p class="hint">{t(c, "timeLimits.help")}</p>
      </Layout>,
    );
  })
  .post("/", async (c) => {
    const form = await c.req.parseBody();
    const province = typeof form.province === "string" && form.province.trim() ? form.province.trim() : "*";
    const rule = v.safeParse(v.picklist(TIME_LIMIT_RULES), form.rule);
    const body = v.safeParse(putTimeLimitSchema, { days: Number(form.days), dayKind: form.dayKind });
    const back = (query: string) => c.redirect(`/admin/time-limits?province=${encodeURIComponent(province)}&${query}`, 303);
    if (!rule.success || !body.success) return back(`error=${encodeURIComponent(issuesToErrors(body.success ? [] : body.issues)[0]?.message ?? "rule")}`);
    if (province !== "*" && (await getUnit(c.env.DB, province))?.level !== "province")
      return back(`error=${encodeURIComponent("Không phải mã tỉnh / not a province code")}`);
    await putTimeLimit(c.env.DB, province, rule.output, body.output.days, body.output.dayKind);
    await auditStatement(c.env.DB, {
      actorId: currentUser(c).id,
      action: "time_limit.put",
      targetType: "time_limit",
      targetId: `${province}/${rule.output}`,
      detail: body.output,
    }).run();
    return back("saved=1");
  });
