/**
 * One thing a person did is often several entries of the log: opening a petition logs the view of the
 * resident's identity and one entry per photo, and acting on it opens the page again. The log page reads as
 * one event per such visit: consecutive entries (newest first) by the same person on the same target, each
 * within `windowMinutes` of the one before, form one event. Pure: no I/O.
 */

/** What grouping needs of an entry. */
export type GroupableEntry = { id: number; at: string; actorId: string | null; targetType: string; targetId: string; action: string };

export type AuditEvent<E extends GroupableEntry> = {
  /** Newest first, as listed. */
  entries: E[];
  /** The entry that speaks for the event: its newest. */
  lead: E;
  firstAt: string;
  lastAt: string;
  /** Each action of the event with how many times it was logged, in the order first met (newest first). */
  actions: { action: string; count: number; entries: E[] }[];
};

export const EVENT_WINDOW_MINUTES = 10;

export function groupAuditEntries<E extends GroupableEntry>(entries: readonly E[], windowMinutes = EVENT_WINDOW_MINUTES): AuditEvent<E>[] {
  const windowMs = windowMinutes * 60_000;
  const groups: E[][] = [];
  for (const entry of entries) {
    const current = groups[groups.length - 1];
    const previous = current?.[current.length - 1];
    const sameVisit =
      previous !== undefined &&
      previous.actorId === entry.actorId &&
      previous.targetType === entry.targetType &&
      previous.targetId === entry.targetId &&
      Math.abs(Date.parse(previous.at) - Date.parse(entry.at)) <= windowMs;
    if (sameVisit) current.push(entry);
    else groups.push([entry]);
  }
  return groups.map((group) => {
    const actions: AuditEvent<E>["actions"] = [];
    for (const entry of group) {
      const known = actions.find((item) => item.action === entry.action);
      if (known) {
        known.count += 1;
        known.entries.push(entry);
      } else actions.push({ action: entry.action, count: 1, entries: [entry] });
    }
    return { entries: group, lead: group[0], firstAt: group[group.length - 1].at, lastAt: group[0].at, actions };
  });
}

/**
 * A page of events from a page of entries: when more entries follow, the last event may go on in them, so it
 * waits for the next page (unless it is the only one). Returns the events and the id the next page starts
 * below, or null at the end.
 */
export function pageOfEvents<E extends GroupableEntry>(entries: readonly E[], hasMore: boolean): { events: AuditEvent<E>[]; nextBeforeId: number | null } {
  const events = groupAuditEntries(entries);
  if (!hasMore) return { events, nextBeforeId: null };
  const shown = events.length > 1 ? events.slice(0, -1) : events;
  const last = shown[shown.length - 1];
  return { events: shown, nextBeforeId: last ? last.entries[last.entries.length - 1].id : null };
}
