/** The watermarks a run keeps in mps_dataversewatermark (JSON). */
export interface DataverseMarks {
  contact?: string;
  lead?: string;
  account?: string;
  /** The latest list modifiedon seen (Dataverse's clock): lists changed after it are read whole. */
  listsSeenUntil?: number;
  /** The latest listmember createdon seen (Dataverse's clock): only newer memberships are read. */
  membersSeenUntil?: number;
}

/** Reads the stored watermarks; anything unreadable costs one full read, never a wrong sync. */
export function parseMarks(raw: string | null): DataverseMarks {
  if (raw === null || raw.trim() === "") return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== "object" || parsed === null) return {};
    const o = parsed as Record<string, unknown>;
    const marks: DataverseMarks = {};
    for (const t of ["contact", "lead", "account"] as const) if (typeof o[t] === "string") marks[t] = o[t];
    if (typeof o["listsSeenUntil"] === "number") marks.listsSeenUntil = o["listsSeenUntil"];
    if (typeof o["membersSeenUntil"] === "number") marks.membersSeenUntil = o["membersSeenUntil"];
    return marks;
  } catch {
    // An unreadable watermark costs one full read, never a wrong sync.
    return {};
  }
}
