/** Pieces the follow-up pages share: how far a commitment got, a follow-up petition's public status, an opinion. */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { formatDay } from "../lib/dates";
import type { MessageCode } from "../lib/problem";
import { t } from "../web/i18n";
import type { CommitmentStatus, MinutesItemView, MinutesView } from "./schema";

type C = Context<AppEnv>;

const STATUS_TONE: Record<CommitmentStatus, string> = { open: "warn", in_progress: "", done: "ok" };

/** A commitment's state in words: status, percent (with a bar for the eye), late when flagged. */
export function Progress(props: { c: C; status: CommitmentStatus; percent: number; late: boolean }) {
  const { c } = props;
  return (
    <span class="progress">
      <span class={`badge ${STATUS_TONE[props.status]}`}>{t(c, `commitment.status.${props.status}`)}</span>{" "}
      {props.late ? <span class="badge bad">{t(c, "commitment.late")}</span> : null} {t(c, "promises.progress", { percent: props.percent })}
      <span class="bar" aria-hidden="true">
        <span style={`width: ${Math.max(0, Math.min(100, props.percent))}%`} />
      </span>
    </span>
  );
}

/** A petition's state as the public may read it: the states of handling in plain words, everything else "passed on". */
export function petitionStatusWords(c: C, status: string): string {
  const known = ["received", "accepted", "in_progress", "answered", "resolved"];
  const key = status === "reopened" ? "in_progress" : known.includes(status) ? status : "other";
  return t(c, `petition.publicStatus.${key}` as MessageCode);
}

/** One opinion on a public page: the question, the village it came from (never a name), and what followed. */
export function OpinionItem(props: { c: C; item: MinutesItemView }) {
  const { c, item } = props;
  return (
    <li class="opinion">
      <p>
        <strong>{item.question}</strong>
      </p>
      <p class="hint">{item.askedBy.village ? t(c, "promises.fromVillage", { village: item.askedBy.village.name }) : t(c, "promises.fromResident")}</p>
      {item.answeredOnSpot ? (
        <>
          <p>
            <span class="badge ok">{t(c, "promises.answered")}</span>
          </p>
          {item.answer ? <p class="answer">{item.answer}</p> : null}
        </>
      ) : null}
      {item.commitment ? (
        <>
          <p>{t(c, "promises.commitment", { description: item.commitment.description })}</p>
          <p class="hint">{t(c, "promises.owner", { owner: item.commitment.owner, due: formatDay(item.commitment.dueDate) })}</p>
          <p>
            <Progress c={c} status={item.commitment.status} percent={item.commitment.percent} late={item.commitment.late} />
          </p>
        </>
      ) : null}
      {item.petition ? (
        <>
          <p>
            {item.petition.dueOn && item.petition.dueOn < "9999"
              ? t(c, "promises.petition", { due: formatDay(item.petition.dueOn) })
              : t(c, "promises.petitionMade")}
            : <span class="badge">{petitionStatusWords(c, item.petition.status)}</span>
          </p>
          {item.petition.answer ? (
            <p class="answer">
              {t(c, "promises.petitionAnswer")}: {item.petition.answer}
            </p>
          ) : null}
        </>
      ) : null}
    </li>
  );
}

/** The figures of a session's opinions: how many, answered on the spot, commitments, petitions. */
export function opinionFigures(minutes: MinutesView) {
  return {
    items: minutes.items.length,
    answered: minutes.items.filter((item) => item.answeredOnSpot).length,
    commitments: minutes.items.filter((item) => item.commitment).length,
    petitions: minutes.items.filter((item) => item.petition).length,
  };
}
