import { env } from "cloudflare:test";
import { uniqueCode } from "./factory";

/**
 * Raw rows for report tests: units with validity and replacements, held sessions and petitions in every state,
 * written straight into D1 so that a test controls every date a figure depends on. Reports read these tables as
 * they are, whatever wrote them; `oracle.ts` recomputes each figure from the same rows.
 */

export type FixtureUnit = {
  code?: string;
  name: string;
  level?: "province" | "commune" | "ward";
  parent?: string | null;
  province?: string;
  validFrom?: string | null;
  validTo?: string | null;
  replacedBy?: string | null;
};

/** Inserts units in order (parents first); returns their codes. Replacements may name units inserted later in the list. */
export async function insertUnits(units: FixtureUnit[]): Promise<string[]> {
  const now = new Date().toISOString();
  const codes = units.map((unit) => unit.code ?? uniqueCode(unit.level === "province" ? "P" : "C"));
  await env.DB.batch(
    units.map((unit, index) =>
      env.DB.prepare(
        `INSERT INTO units (code, name, name_folded, level, parent_code, province_code, valid_from, valid_to, replaced_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).bind(
        codes[index],
        unit.name,
        unit.name.toLowerCase(),
        unit.level ?? "commune",
        unit.parent ?? null,
        unit.level === "province" ? codes[index] : (unit.province ?? unit.parent ?? null),
        unit.validFrom ?? null,
        unit.validTo ?? null,
        unit.replacedBy ?? null,
        now,
        now,
      ),
    ),
  );
  return codes;
}

export async function setPolicy(
  province: string,
  policy: { effectiveFrom: string; minSessionsPerYear?: number; inYearDeadline?: string | null; resultsDays?: number; reportPeriods?: "calendar" | "cutoff" },
) {
  await env.DB.prepare(
    `INSERT INTO province_policies (province_code, effective_from, min_sessions_per_year, in_year_deadline, notice_days, results_days,
       feedback_window_working_days, report_periods, personal_data_retention_months, updated_at) VALUES (?, ?, ?, ?, 7, ?, 10, ?, 12, ?)`,
  )
    .bind(
      province,
      policy.effectiveFrom,
      policy.minSessionsPerYear ?? 1,
      policy.inYearDeadline ?? null,
      policy.resultsDays ?? 10,
      policy.reportPeriods ?? "calendar",
      new Date().toISOString(),
    )
    .run();
}

export type FixtureSession = {
  unit: string;
  province: string;
  chair: string;
  startsAt: string;
  status?: "draft" | "published" | "held" | "results_published" | "cancelled";
  shortNotice?: boolean;
  recordedAfterwards?: boolean;
  resultsPublishedAt?: string | null;
  title?: string;
};

export async function insertSession(session: FixtureSession): Promise<string> {
  const id = crypto.randomUUID();
  const endsAt = new Date(Date.parse(session.startsAt) + 3 * 3_600_000).toISOString();
  const status = session.status ?? (session.resultsPublishedAt ? "results_published" : "held");
  await env.DB.prepare(
    `INSERT INTO dialogue_sessions (id, unit_code, province_code, title, starts_at, ends_at, venue_name, venue_folded, chair_account_id, mode,
       short_notice_reason, short_notice, recorded_afterwards, status, listed, write_token, results_summary, results_published_at, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'Hội trường UBND xã', 'hoi truong ubnd xa', ?, 'in_person', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      session.unit,
      session.province,
      session.title ?? "Hội nghị đối thoại với Nhân dân",
      session.startsAt,
      endsAt,
      session.chair,
      session.shortNotice ? "Mưa bão, phải dời lịch" : null,
      session.shortNotice ? 1 : 0,
      session.recordedAfterwards ? 1 : 0,
      status,
      status === "draft" ? 0 : 1,
      crypto.randomUUID(),
      session.resultsPublishedAt ? "Kết quả đối thoại" : null,
      session.resultsPublishedAt ?? null,
      session.chair,
      session.startsAt,
      session.startsAt,
    )
    .run();
  return id;
}

export type FixturePetition = {
  unit: string;
  province: string;
  submittedAt: string;
  kind?: string | null;
  status?: string;
  acknowledgeBy: string;
  acceptedAt?: string | null;
  resolveBy?: string | null;
  answeredAt?: string | null;
  closedAt?: string | null;
  dueOn?: string;
  title?: string;
  content?: string;
  channel?: string;
  /** The unit that received it (default: `unit`; another one after a transfer). */
  receivedUnit?: string;
  peopleCount?: number;
  previouslyHandledBy?: string | null;
  publicNote?: string | null;
  assignedTo?: string | null;
  identityProtected?: boolean;
  /** Transferred to a body outside the system (with `status: "transferred"` and `closedAt`). */
  toBody?: string | null;
  letterNumber?: string | null;
  /** A part of a split letter: the original's id. */
  splitFrom?: string | null;
  submitter?: { name: string; address?: string; phone?: string; citizenId?: string } | null;
};

let sequence = 0;
export async function insertReportPetition(petition: FixturePetition): Promise<string> {
  sequence++;
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, kind, title, content, search_folded,
       channel, anonymous, people_count, previously_handled_by, public_note, assigned_to, identity_protected, status, submitted_at, acknowledge_by,
       accepted_at, resolve_by, due_on, answered_at, closed_at, version, updated_at, resident_kind, to_body, letter_number, split_from,
       received_on, ack_from, ack_days, ack_day_kind)
     VALUES (?1, ?2, ?3, ?4, ?5, 'ha-tang', ?6, ?7, ?8, '', ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, 1, ?17,
       ?6, ?24, ?25, ?26, date(?17, '+7 hours'), date(?17, '+7 hours'), 10, 'working')`,
  )
    .bind(
      id,
      `RP${String(sequence).padStart(4, "0")}${id.slice(0, 6).toUpperCase()}`,
      petition.unit,
      petition.province,
      petition.receivedUnit ?? petition.unit,
      petition.kind === undefined ? "recommendation" : petition.kind,
      petition.title ?? "Đường ngập sau mưa",
      petition.content ?? "Nội dung kiến nghị",
      petition.channel ?? "online",
      petition.submitter ? 0 : 1,
      petition.peopleCount ?? 1,
      petition.previouslyHandledBy ?? null,
      petition.publicNote ?? null,
      petition.assignedTo ?? null,
      petition.identityProtected || petition.kind === "denunciation" ? 1 : 0,
      petition.status ?? "received",
      petition.submittedAt,
      petition.acknowledgeBy,
      petition.acceptedAt ?? null,
      petition.resolveBy ?? null,
      petition.dueOn ?? "9999-12-31",
      petition.answeredAt ?? null,
      petition.closedAt ?? null,
      petition.toBody ?? null,
      petition.letterNumber ?? null,
      petition.splitFrom ?? null,
    )
    .run();
  if (petition.submitter) {
    const { name, address = null, phone = null, citizenId = null } = petition.submitter;
    await env.DB.prepare("INSERT INTO petition_submitters (petition_id, name, phone, address, citizen_id) VALUES (?, ?, ?, ?, ?)")
      .bind(id, name, phone, address, citizenId)
      .run();
  }
  return id;
}

export type FixtureItem = {
  session: string;
  position: number;
  question: string;
  answeredOnSpot?: boolean;
  answer?: string | null;
  followUp?: "petition" | "commitment" | null;
  petition?: string | null;
  askedByName?: string | null;
  village?: string | null;
};

/** An opinion raised at a session, as the minutes keep it. */
export async function insertMinutesItem(item: FixtureItem): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO minutes_items (id, session_id, position, question, asked_by_name, asked_by_village_id, answer, answered_on_spot, follow_up, petition_id,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      item.session,
      item.position,
      item.question,
      item.askedByName ?? null,
      item.village ?? null,
      item.answer ?? null,
      item.answeredOnSpot ? 1 : 0,
      item.followUp ?? null,
      item.petition ?? null,
      now,
      now,
    )
    .run();
  return id;
}

export type FixtureCommitment = {
  unit: string;
  province: string;
  session: string;
  item: string;
  createdBy: string;
  description?: string;
  ownerName?: string | null;
  ownerAccount?: string | null;
  dueOn: string;
  status?: "open" | "in_progress" | "done";
  percent?: number;
  late?: boolean;
  doneAt?: string | null;
};

/** A commitment made at a session for one of its opinions, in any state. */
export async function insertCommitment(commitment: FixtureCommitment): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const status = commitment.status ?? "open";
  await env.DB.prepare(
    `INSERT INTO commitments (id, unit_code, province_code, session_id, item_id, owner_account_id, owner_name, description, due_on, status, percent, late,
       late_marked_at, done_at, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      commitment.unit,
      commitment.province,
      commitment.session,
      commitment.item,
      commitment.ownerAccount ?? null,
      commitment.ownerAccount ? null : (commitment.ownerName ?? "UBND xã"),
      commitment.description ?? "Sửa đường liên thôn",
      commitment.dueOn,
      status,
      commitment.percent ?? (status === "done" ? 100 : 0),
      commitment.late ? 1 : 0,
      commitment.late ? now : null,
      commitment.doneAt ?? null,
      commitment.createdBy,
      now,
      now,
    )
    .run();
  return id;
}
