/**
 * An official's petition page, for a commune head who never had training: first where it stands — its state, its
 * deadline in working days, and the one step that comes next — then the petition itself, the other actions folded
 * away (the irreversible ones behind a confirmation), and the history with who did each step.
 */
import type { Context } from "hono";
import { currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { background } from "../lib/background";
import { formatDay, formatInstant } from "../lib/dates";
import { NotificationsTable } from "../notifications/components";
import { ErrorSummary, type FormFailure } from "../web/form";
import { t } from "../web/i18n";
import { Layout, Notice } from "../web/layout";
import { ACTION_FIELD_ORDER, ACTION_ORDER, type ActionContext, ActionForm, actionFieldIds } from "./action-forms";
import { categoryLabel, DueDeadline, historyNote, historyWords, runningDeadline, StatusBadge } from "./components";
import { suggestedAction } from "./rules";
import type { PetitionAction } from "./schema";
import { formatTrackingCode } from "./store";
import type { PetitionDetail } from "./views";
import { type PetitionPage, readPetitionPage } from "./workflow";

type C = Context<AppEnv>;

/** Where the page's searches come from: the address (GET, and the pickers' script) or a form drawn again. */
function searchesOf(c: C, failure: FormFailure | undefined) {
  const from = (name: string) => failure?.values[name] ?? c.req.query(name);
  return {
    duplicate: from("dupq"),
    transfer: from("toq"),
    transferChosen: failure?.values.toUnitCode ?? c.req.query("toUnitCode"),
  };
}

/** Who did a step: the official by name and role, or the resident, or the system. */
function actorWords(c: C, entry: PetitionDetail["history"][number]): string {
  if (entry.by) return t(c, "history.byOfficial", { name: entry.by.name, role: entry.by.role ? t(c, `role.${entry.by.role as "commune_head"}`) : "" });
  return t(c, entry.actorKind === "resident" ? "history.byResident" : "history.bySystem");
}

/** What the next step is, in words, above its form. */
function explanationOf(c: C, action: PetitionAction, petition: PetitionDetail): string | undefined {
  switch (action) {
    case "classify":
    case "accept":
    case "file":
    case "assign":
    case "start":
    case "draft_answer":
    case "answer":
      return t(c, `next.${action}`);
    case "resolve":
      return t(c, "next.resolve", { date: formatDay(petition.feedbackUntil) });
    default:
      return undefined;
  }
}

/** The next step, or why there is none: closed, waiting for the resident, or a supervisor who only reads. */
function NextStep(props: ActionContext & { next: PetitionAction | null; canAct: boolean }) {
  const { c, petition, next } = props;
  const waiting =
    petition.status === "answered" && petition.feedbackUntil && !petition.allowedActions.includes("resolve")
      ? t(c, "petition.waitingResident", { date: formatDay(petition.feedbackUntil) })
      : null;
  const draftWaiting =
    petition.status === "in_progress" && petition.draftAnswer && !petition.allowedActions.includes("answer") ? t(c, "petition.waitingHead") : null;
  const open = petition.dueOn !== null || petition.status === "answered";
  return (
    <section class="next-step" aria-labelledby="next-step-title">
      <h2 id="next-step-title">{t(c, "petition.nextStep")}</h2>
      {!props.canAct ? <p>{t(c, "petition.supervisorReads")}</p> : null}
      {waiting ? <p>{waiting}</p> : null}
      {draftWaiting ? <p>{draftWaiting}</p> : null}
      {props.canAct && next ? <ActionForm {...props} action={next} primary explanation={explanationOf(c, next, petition)} /> : null}
      {props.canAct && !next && !waiting && !open ? <p>{t(c, "petition.closed")}</p> : null}
    </section>
  );
}

/** The submitter as the viewer may see them: in full, as anonymous, or hidden (a protected denouncer). */
function Submitter(props: { c: C; petition: PetitionDetail }) {
  const { c, petition } = props;
  if (!petition.submitter) return <p class="hint">{t(c, "petition.submitterHidden")}</p>;
  if (petition.anonymous) return <p>{t(c, "petition.anonymousSubmitter")}</p>;
  const value = (text: string | null) => text ?? <span class="hint">{t(c, "petition.notGiven")}</span>;
  return (
    <>
      <dl class="facts">
        <dt>{t(c, "petition.name")}</dt>
        <dd>{value(petition.submitter.name)}</dd>
        <dt>{t(c, "petition.phone")}</dt>
        <dd>{value(petition.submitter.phone)}</dd>
        <dt>{t(c, "petition.email")}</dt>
        <dd>{value(petition.submitter.email)}</dd>
        <dt>{t(c, "petition.address")}</dt>
        <dd>{value(petition.submitter.address)}</dd>
        <dt>{t(c, "petition.citizenId")}</dt>
        <dd>{value(petition.submitter.citizenId)}</dd>
      </dl>
      {petition.identityProtected ? <p class="hint">{t(c, "petition.identityProtected")}</p> : null}
    </>
  );
}

export async function PetitionPageView(props: { c: C; id: string; failure?: FormFailure; notice?: string | null }) {
  const { c, failure } = props;
  const user = currentUser(c);
  const searches = searchesOf(c, failure);
  const page: PetitionPage = await readPetitionPage(c.env, user, props.id, {
    requestId: c.get("requestId"),
    later: background(c.executionCtx),
    duplicateSearch: searches.duplicate,
    transferSearch: searches.transfer,
    transferChosen: searches.transferChosen,
  });
  const { petition } = page;
  const canAct = user.role !== "supervisor";
  const next = canAct ? suggestedAction(petition, petition.allowedActions as PetitionAction[], user.role) : null;
  const others = canAct ? ACTION_ORDER.filter((action) => action !== next && petition.allowedActions.includes(action)) : [];
  const context: ActionContext = { c, petition, page, failure, search: { duplicate: searches.duplicate, transfer: searches.transfer } };
  const running = runningDeadline(petition.status, petition.acknowledgeBy, petition.resolveBy);
  const duplicateOf = page.related.find((related) => related.id === petition.duplicateOf);
  const splitFrom = page.related.find((related) => related.id === petition.splitFrom);
  return (
    <Layout c={c} title={petition.title} hasErrors={!!failure?.errors.length}>
      <Notice text={props.notice} />
      <ErrorSummary c={c} errors={failure?.errors} ids={{ ...actionFieldIds(failure?.values.action), toUnitCode: "toUnitCode" }} order={ACTION_FIELD_ORDER} />
      <dl class="facts">
        <dt>{t(c, "petition.status")}</dt>
        <dd>
          <StatusBadge c={c} status={petition.status} />
        </dd>
        {running ? (
          <>
            <dt>{t(c, running.label)}</dt>
            <dd>
              <DueDeadline c={c} dueOn={petition.dueOn} calendar={page.calendar} />
              {running.label === "petition.resolveBy" && petition.maxExtensions
                ? ` · ${t(c, "petition.extensionsUsed", { used: petition.extensions, max: petition.maxExtensions })}`
                : ""}
            </dd>
          </>
        ) : null}
        {petition.status === "answered" && petition.feedbackUntil ? (
          <>
            <dt>{t(c, "petition.feedbackUntilStaff")}</dt>
            <dd>
              <DueDeadline c={c} dueOn={petition.feedbackUntil} calendar={page.calendar} />
            </dd>
          </>
        ) : null}
        <dt>{t(c, "petition.trackingCode")}</dt>
        <dd class="code">{formatTrackingCode(petition.trackingCode)}</dd>
        <dt>{t(c, "petition.assignedTo")}</dt>
        <dd>{petition.assignee?.name ?? t(c, "petition.nobody")}</dd>
      </dl>
      <NextStep {...context} next={next} canAct={canAct} />

      <h2>{t(c, "petition.content")}</h2>
      <p class="answer">{petition.content}</p>
      {petition.attachments.length ? (
        <div class="photos">
          {petition.attachments.map((attachment, index) => (
            <a href={attachment.url}>
              <img src={attachment.url} alt={t(c, "petition.photoAlt", { n: index + 1 })} loading="lazy" />
            </a>
          ))}
        </div>
      ) : null}
      {petition.draftAnswer && petition.status === "in_progress" ? (
        <>
          <h2>{t(c, "petition.draftAnswer")}</h2>
          <p class="answer">{petition.draftAnswer}</p>
        </>
      ) : null}
      {petition.publicAnswer ? (
        <>
          <h2>{t(c, "petition.answer")}</h2>
          <p class="answer">{petition.publicAnswer}</p>
        </>
      ) : null}
      {petition.feedback ? (
        <>
          <h2>{t(c, "petition.feedbackGiven")}</h2>
          <p>
            {t(c, petition.feedback.satisfied ? "petition.satisfied" : "petition.notSatisfied")}
            {petition.feedback.comment ? `: ${petition.feedback.comment}` : ""}
          </p>
        </>
      ) : null}

      <h2>{t(c, "petition.facts")}</h2>
      <dl class="facts">
        <dt>{t(c, "petition.kind")}</dt>
        <dd>
          {petition.kind ? `${t(c, `kind.${petition.kind}`)} · ${t(c, `complexity.${petition.complexity}`)}` : t(c, "kind.unclassified")}
          {petition.residentKind && petition.residentKind !== petition.kind ? (
            <span class="hint"> ({t(c, "petition.residentKind", { kind: t(c, `kind.${petition.residentKind}`) })})</span>
          ) : null}
        </dd>
        <dt>{t(c, "petition.category")}</dt>
        <dd>{categoryLabel(c, page.categories, petition.category)}</dd>
        <dt>{t(c, "petition.handlingUnit")}</dt>
        <dd>{petition.unit.name}</dd>
        {petition.receivedUnit.code !== petition.unit.code ? (
          <>
            <dt>{t(c, "petition.receivedUnit")}</dt>
            <dd>{petition.receivedUnit.name}</dd>
          </>
        ) : null}
        <dt>{t(c, "petition.channel")}</dt>
        <dd>
          {t(c, `channel.${petition.channel}`)} · {t(c, "petition.peopleCount")}: {petition.peopleCount}
        </dd>
        <dt>{t(c, "petition.receivedOn")}</dt>
        <dd>{formatDay(petition.receivedOn)}</dd>
        {petition.previouslyHandledBy ? (
          <>
            <dt>{t(c, "petition.previouslyHandledBy")}</dt>
            <dd>{petition.previouslyHandledBy}</dd>
          </>
        ) : null}
        {petition.transferBy && running?.label === "petition.acknowledgeBy" ? (
          <>
            <dt>{t(c, "petition.transferBy")}</dt>
            <dd>
              <DueDeadline c={c} dueOn={petition.transferBy} calendar={page.calendar} />
            </dd>
          </>
        ) : null}
        {petition.toBody ? (
          <>
            <dt>{t(c, "petition.transferredToBody")}</dt>
            <dd>{petition.toBody}</dd>
          </>
        ) : null}
        {petition.letterNumber ? (
          <>
            <dt>{t(c, "petition.letterNumber")}</dt>
            <dd>{petition.letterNumber}</dd>
          </>
        ) : null}
        {duplicateOf ? (
          <>
            <dt>{t(c, "petition.duplicateOf")}</dt>
            <dd>
              <a href={`/staff/petitions/${duplicateOf.id}`}>
                <span class="code">{formatTrackingCode(duplicateOf.trackingCode)}</span> — {duplicateOf.title}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {splitFrom ? (
        <p>
          <a href={`/staff/petitions/${splitFrom.id}`}>{t(c, "petition.splitFromLink")}</a>
        </p>
      ) : null}
      {petition.parts.length ? (
        <>
          <h2>{t(c, "petition.partsTitle")}</h2>
          <ul>
            {petition.parts.map((part) => (
              <li>
                <a href={`/staff/petitions/${part.id}`} class="code">
                  {formatTrackingCode(part.trackingCode)}
                </a>{" "}
                — {t(c, `kind.${part.kind}`)}: {t(c, `status.${part.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t(c, "petition.submitter")}</h2>
      <Submitter c={c} petition={petition} />

      {others.length ? (
        <section class="other-actions" aria-labelledby="other-actions-title">
          <h2 id="other-actions-title">{t(c, "petition.otherActions")}</h2>
          <p class="hint">{t(c, "petition.otherActionsHint")}</p>
          {others.map((action) => (
            <ActionForm {...context} action={action} />
          ))}
        </section>
      ) : null}

      <h2>{t(c, "petition.history")}</h2>
      <ol class="history">
        {petition.history.map((entry) => {
          const note = historyNote(c, entry.action, entry.note);
          return (
            <li>
              <time datetime={entry.at}>{formatInstant(entry.at)}</time> — <strong>{historyWords(c, entry.action)}</strong> · {actorWords(c, entry)} ·{" "}
              {t(c, `status.${entry.toStatus}`)}
              {note ? <span class="hint"> · {note}</span> : null}
            </li>
          );
        })}
      </ol>
      <NotificationsTable c={c} items={page.notifications} />
      <script src="/static/unit-picker.js" defer />
    </Layout>
  );
}
